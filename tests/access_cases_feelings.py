"""The feelings routes for the access matrix (see tests/access.py)."""

from __future__ import annotations

from tests.access import SIGN_IN, api, web
from tests.helpers import keys_of
from twofold.content.loader import read
from twofold.feelings import services
from twofold.feelings.content import load_feelings


def make_objects(cast) -> dict[str, str]:
    load_feelings(read("feelings.toml"))
    alice = cast["alice"]
    keys = keys_of(alice)
    private = services.log_feeling(keys, alice, word="tense", intensity=3, note="the deadline")
    shared = services.log_feeling(keys, alice, word="glad", intensity=4)
    copy = services.share_checkin(keys, alice, shared)
    return {
        "alice_checkin": str(private.pk),
        "alice_shared_checkin": str(shared.pk),
        "alice_shared_copy": str(copy.pk),
    }


CHECKIN = "/feelings/{alice_checkin}"
REPLY = "/feelings/shared/{alice_shared_copy}/reply"
API_CHECKIN = "/feelings/checkins/{alice_checkin}"

CASES = [
    web("GET", "/feelings/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/feelings/", {"word": "calm", "intensity": "2"}, anonymous=SIGN_IN, **{"*": 302}),
    web("GET", "/feelings/history/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/feelings/shared/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", REPLY + "/", {"text": "That sounds lovely."}, anonymous=SIGN_IN, bob=302, **{"*": 404}),
    web("POST", REPLY + "/delete/", anonymous=SIGN_IN, bob=302, **{"*": 404}),
    web("GET", CHECKIN + "/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("GET", CHECKIN + "/edit/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", CHECKIN + "/edit/", {"word": "calm", "intensity": "2"}, anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", CHECKIN + "/delete/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", CHECKIN + "/delete/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", CHECKIN + "/share/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", CHECKIN + "/share/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("POST", "/feelings/{alice_shared_checkin}/unshare/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    api("GET", "/feelings/vocabulary", **{"*": 200}),
    api("GET", "/feelings/checkins", **{"*": 200}),
    api("POST", "/feelings/checkins", {"word": "calm", "intensity": 2}, **{"*": 201}),
    api("GET", API_CHECKIN, alice=200, **{"*": 404}),
    api("PUT", API_CHECKIN, {"word": "calm", "intensity": 2}, alice=200, **{"*": 404}),
    api("DELETE", API_CHECKIN, alice=204, **{"*": 404}),
    api("GET", API_CHECKIN + "/share", alice=200, **{"*": 404}),
    api("POST", API_CHECKIN + "/share", alice=201, **{"*": 404}),
    api("DELETE", "/feelings/checkins/{alice_shared_checkin}/share", alice=204, **{"*": 404}),
    api("GET", "/feelings/history", **{"*": 200}),
    api("GET", "/feelings/shared", **{"*": 200}),
    api("PUT", "/feelings/shared/{alice_shared_copy}/reply", {"text": "I hear you."}, bob=200, **{"*": 404}),
    api("DELETE", "/feelings/shared/{alice_shared_copy}/reply", bob=204, **{"*": 404}),
]
