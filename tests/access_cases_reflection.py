"""Quiet reflection's pages and API operations for the access matrix (see tests/access.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.access import SIGN_IN, api, web
from tests.helpers import keys_of
from twofold.reflection import services


def make_objects(cast) -> dict[str, str]:
    alice = cast["alice"]
    earlier = timezone.now() - timedelta(minutes=30)
    done = services.start_sitting(alice, 10, now=earlier)
    services.finish_sitting(alice, done.pk, 10, now=earlier + timedelta(minutes=10))
    services.save_note(keys_of(alice), alice, done.pk, "the kettle, the rain")
    running = services.start_sitting(alice, 15)  # a newer start leaves the ended one alone
    today = services.local_today(alice)
    return {
        "alice_sitting": str(done.pk),
        "alice_running": str(running.pk),
        "rhythm_year": str(today.year),
        "rhythm_month": str(today.month),
    }


CASES = [
    web("GET", "/reflect/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/reflect/start/", {"length": "10"}, anonymous=SIGN_IN, **{"*": 302}),
    web("GET", "/reflect/sittings/{alice_running}/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", "/reflect/sittings/{alice_running}/finish/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", "/reflect/sittings/{alice_sitting}/note/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", "/reflect/sittings/{alice_sitting}/note/", {"note": "x"}, anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", "/reflect/rhythm/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/reflect/rhythm/{rhythm_year}/{rhythm_month}/", anonymous=SIGN_IN, **{"*": 200}),
    api("POST", "/reflection/sittings", {"minutes": 10}, **{"*": 201}),
    api("GET", "/reflection/sittings", **{"*": 200}),
    api("GET", "/reflection/sittings/{alice_sitting}", alice=200, **{"*": 404}),
    api("POST", "/reflection/sittings/{alice_running}/finish", alice=200, **{"*": 404}),
    api("PUT", "/reflection/sittings/{alice_sitting}/note", {"note": "x"}, alice=200, **{"*": 404}),
    api("GET", "/reflection/rhythm", **{"*": 200}),
    api("GET", "/reflection/settings", **{"*": 200}),
    api("PUT", "/reflection/settings", {"sound": True}, **{"*": 200}),
]
