"""Server time of a page listing 50 sealed items (the security log), against the same page
with those 50 values unsealed.

The unsealed variant exists only here: it swaps the key chain's `open` for a lookup of the
plaintext, so the difference is what sealing costs the page (opening 50 values sealed to the
person's public key, plus unwrapping their private key once). Run: uv run python bench/sealed_page.py
"""

from __future__ import annotations

import statistics
import time
from unittest import mock

from _setup import django_with_fresh_database, make_person

ITEMS = 50
RUNS = 40


def median_ms(client, path: str) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(timings)


def main() -> None:
    django_with_fresh_database()
    from django.conf import settings
    from django.test import Client

    from twofold.accounts import security
    from twofold.accounts.models import SecurityEvent
    from twofold.lib.keyring import KeyChain

    settings.ALLOWED_HOSTS = ["*"]
    password = "a long bench passphrase"
    user = make_person("bench@example.org", password)
    SecurityEvent.objects.for_user(user).delete()
    plain = {}
    for index in range(ITEMS):
        detail = {"device": f"Firefox on Android {index}", "action": "signed in from the bench"}
        event = security.record(user, security.Kind.LOGIN, **detail)
        plain[event.uid] = detail
    client = Client()
    assert client.post("/accounts/login/", {"login": user.email, "password": password}).status_code == 302
    SecurityEvent.objects.for_user(user).exclude(uid__in=plain).delete()  # only the 50 bench items

    sealed = median_ms(client, "/settings/security-log/")
    with mock.patch.object(KeyChain, "open", lambda self, value, row, field: plain[row.uid]):
        unsealed = median_ms(client, "/settings/security-log/")
    print(f"Security log with {ITEMS} items, median of {RUNS} requests (server time, in-process):")
    print(f"  sealed details:   {sealed:6.1f} ms")
    print(f"  unsealed details: {unsealed:6.1f} ms  (benchmark-only variant)")
    print(f"  added by sealing: {sealed - unsealed:6.1f} ms  ({(sealed - unsealed) / ITEMS * 1000:.0f} µs an item)")


if __name__ == "__main__":
    main()
