"""Fixtures for the cast in DESIGN.md: Alice and Bob, Charlie and Dana, Erin, Olive."""

from __future__ import annotations

import os
import tempfile

# Each test process gets its own data folder before Django reads its settings.
os.environ["TWOFOLD_DATA"] = tempfile.mkdtemp(prefix="twofold-test-")
os.environ.setdefault("TWOFOLD_BASE_URL", "http://testserver")

import pytest
from django.core.cache import cache

from tests.helpers import make_person, pair
from twofold.accounts.models import User


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    # Argon2 at production strength costs ~100 ms a hash; tests that measure it opt back in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def alice(db) -> User:
    return make_person("Alice")


@pytest.fixture
def bob(db, alice) -> User:
    bob = make_person("Bob")
    pair(alice, bob)
    return bob


@pytest.fixture
def charlie(db) -> User:
    return make_person("Charlie")


@pytest.fixture
def dana(db, charlie) -> User:
    dana = make_person("Dana")
    pair(charlie, dana)
    return dana


@pytest.fixture
def erin(db) -> User:
    return make_person("Erin")


@pytest.fixture
def olive(db) -> User:
    return make_person("Olive", is_staff=True, is_superuser=True)


@pytest.fixture
def cast(alice, bob, charlie, dana, erin, olive) -> dict[str, User]:
    return {"alice": alice, "bob": bob, "charlie": charlie, "dana": dana, "erin": erin, "olive": olive}
