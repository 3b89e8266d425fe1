"""The journal's routes for the access matrix: only Alice reaches her entry; for everyone else
it does not exist (404). Everyone else's own journal works for them."""

from __future__ import annotations

from tests.access import SIGN_IN, api, web
from tests.helpers import keys_of
from twofold.content.loader import read
from twofold.journal import services
from twofold.journal.content import load_prompts
from twofold.journal.services import EntryInput

NEW = {"title": "A new page", "body": "Words of my own.", "written_on": "2024-05-01"}
ENTRY = "/journal/{alice_entry}"
API_ENTRY = "/journal/entries/{alice_entry}"

CASES = [
    web("GET", "/journal/", anonymous=SIGN_IN, **{"*": 200}),
    web("GET", "/journal/new/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/journal/new/", NEW, anonymous=SIGN_IN, **{"*": 302}),
    web("POST", "/journal/new/draft/", {"body": "half a thought"}, anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/journal/new/draft/discard/", anonymous=SIGN_IN, **{"*": 302}),
    web("GET", ENTRY + "/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("GET", ENTRY + "/edit/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", ENTRY + "/edit/", NEW, anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("POST", ENTRY + "/draft/", {"body": "a change"}, anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", ENTRY + "/draft/discard/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", ENTRY + "/delete/", anonymous=SIGN_IN, alice=200, **{"*": 404}),
    web("POST", ENTRY + "/delete/", anonymous=SIGN_IN, alice=302, **{"*": 404}),
    web("GET", "/journal/prompts/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/journal/prompts/another/", anonymous=SIGN_IN, **{"*": 302}),
    web("GET", "/journal/import/", anonymous=SIGN_IN, **{"*": 200}),
    web("POST", "/journal/import/", {"format": "jrnl"}, anonymous=SIGN_IN, **{"*": 400}),  # no file
    api("GET", "/journal/entries", **{"*": 200}),
    api("POST", "/journal/entries", {"body": "Words of my own."}, **{"*": 201}),
    api("GET", API_ENTRY, alice=200, **{"*": 404}),
    api("PUT", API_ENTRY, {"body": "Changed words."}, alice=200, **{"*": 404}),
    api("DELETE", API_ENTRY, alice=204, **{"*": 404}),
    api("GET", "/journal/draft", alice=200, **{"*": 404}),  # only Alice has a new-entry draft
    api("PUT", "/journal/draft", {"body": "half a thought"}, **{"*": 200}),
    api("DELETE", "/journal/draft", **{"*": 204}),
    api("GET", API_ENTRY + "/draft", alice=200, **{"*": 404}),
    api("PUT", API_ENTRY + "/draft", {"body": "a change"}, alice=200, **{"*": 404}),
    api("DELETE", API_ENTRY + "/draft", alice=204, **{"*": 404}),
    api("GET", "/journal/prompt", **{"*": 200}),
    api("POST", "/journal/prompt/another", **{"*": 200}),
    api("GET", "/journal/prompts", **{"*": 200}),
    api("POST", "/journal/import", {"format": "jrnl", "data": "not json"}, **{"*": 400}),
]


def make_objects(cast) -> dict[str, str]:
    """Alice's entry, with a draft of changes to it and a draft of a new entry; the prompts."""
    load_prompts(read("prompts.toml"))
    alice, chain = cast["alice"], keys_of(cast["alice"])
    entry = services.create_entry(chain, alice, EntryInput(title="Alice's private page", body="Only mine."))
    services.save_draft(chain, alice, entry, {"body": "Only mine, changed."})
    services.save_draft(chain, alice, None, {"body": "Half a thought of Alice's."})
    return {"alice_entry": str(entry.pk)}
