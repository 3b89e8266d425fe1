"""Server time of a password sign-in with the production Argon2 parameters.

A sign-in checks the password hash (Django's Argon2 hasher) and then derives the key that
opens the data key (Argon2id, `twofold.lib.crypto.KdfParams`). Run: uv run python bench/login.py
"""

from __future__ import annotations

import statistics
import time

from _setup import django_with_fresh_database, make_person

RUNS = 15


def main() -> None:
    django_with_fresh_database()
    from django.conf import settings
    from django.test import Client

    from twofold.lib import keyring
    from twofold.lib.crypto import KdfParams, derive_from_secret, random_salt

    settings.ALLOWED_HOSTS = ["*"]
    password = "a long bench passphrase"
    user = make_person("bench@example.org", password)
    timings = []
    for _ in range(RUNS):
        client = Client()
        started = time.perf_counter()
        response = client.post("/accounts/login/", {"login": user.email, "password": password})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
        assert keyring.SESSION_KEY in client.session
    kdf = []
    for _ in range(RUNS):
        started = time.perf_counter()
        derive_from_secret(password, random_salt(), KdfParams())
        kdf.append((time.perf_counter() - started) * 1000)
    params = KdfParams()
    print(
        f"Argon2id key derivation (t={params.time_cost}, m={params.memory_cost // 1024} MiB, p={params.parallelism}):"
    )
    print(f"  median {statistics.median(kdf):.0f} ms, min {min(kdf):.0f} ms, max {max(kdf):.0f} ms")
    print(f"Whole sign-in request (password hash check + key derivation + session), {RUNS} runs:")
    print(f"  median {statistics.median(timings):.0f} ms, min {min(timings):.0f} ms, max {max(timings):.0f} ms")


if __name__ == "__main__":
    main()
