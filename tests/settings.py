"""The app's settings, with a private data folder for each test process."""

import os
import tempfile

os.environ["TWOFOLD_DATA"] = tempfile.mkdtemp(prefix="twofold-test-")
os.environ.setdefault("TWOFOLD_BASE_URL", "http://testserver")

from twofold.settings import *  # noqa: F403

# Tests serve static files from the source folders; collectstatic is exercised by the CLI test.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# Argon2id at production cost takes ~150 ms per key; the suite uses the cheapest valid cost.
# The benchmark in bench/ measures the real parameters.
TWOFOLD_KDF = {"t": 1, "m": 8, "p": 1}

# A file-based SQLite test database, so the privacy tests can read its raw bytes.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
