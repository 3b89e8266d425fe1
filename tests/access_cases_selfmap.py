"""The self-knowledge map's routes for the access matrix (see tests/access.py)."""

from __future__ import annotations

from tests.access import SIGN_IN, api, web
from tests.helpers import keys_of
from twofold.selfmap import services

NOT_PAIRED = 409


def make_objects(cast) -> dict[str, str]:
    alice = cast["alice"]
    keys = keys_of(alice)
    private = services.add_item(keys, alice, section="strengths", text="Patient with beginners")
    shared = services.add_item(keys, alice, section="events", text="Moving cities", when="age 12")
    services.share_item(keys, alice, shared)
    return {"map_section": "people", "alice_map_item": str(private.pk), "alice_shared_map_item": str(shared.pk)}


ITEM = "/map/{alice_map_item}"
SHARED_ITEM = "/map/{alice_shared_map_item}"

CASES = [
    web("GET", "/map/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/map/add/{map_section}/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/map/add/{map_section}/", {"text": "My grandmother"}, anonymous=SIGN_IN, **{"*": 302}),
    web("GET", ITEM + "/edit/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", ITEM + "/edit/", {"text": "Patient"}, anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", ITEM + "/delete/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", ITEM + "/delete/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", ITEM + "/share/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", ITEM + "/share/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("POST", SHARED_ITEM + "/unshare/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", "/map/partner/", anonymous=SIGN_IN, **{"*": 200}),
    api("GET", "/map/sections", **{"*": 200}),
    api("GET", "/map/items", **{"*": 200}),
    api("POST", "/map/items", {"section": "values", "text": "Honesty"}, **{"*": 201}),
    api("GET", "/map/items/{alice_map_item}", alice=200, **{"*": 404}),
    api("PUT", "/map/items/{alice_map_item}", {"text": "Patient"}, alice=200, **{"*": 404}),
    api("DELETE", "/map/items/{alice_map_item}", alice=204, **{"*": 404}),
    api("GET", "/map/items/{alice_map_item}/share", alice=200, **{"*": 404}),
    api("POST", "/map/items/{alice_map_item}/share", alice=201, **{"*": 404}),
    api("DELETE", "/map/items/{alice_shared_map_item}/share", alice=204, **{"*": 404}),
    api("GET", "/map/partner", erin=NOT_PAIRED, olive=NOT_PAIRED, **{"*": 200}),
]
