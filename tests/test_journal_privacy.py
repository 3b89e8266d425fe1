"""The journal is private: the partner learns nothing of it, and nothing is stored in clear."""

from __future__ import annotations

import json
import logging
import re
import uuid

import pytest
from django.core import mail
from django.test import Client

from tests.access_cases_journal import CASES, make_objects
from tests.helpers import api_client, keys_of, signed_in
from tests.test_journal import JRNL
from tests.test_privacy import all_table_bytes, cache_bytes, raw_database_files
from twofold.content.loader import read
from twofold.journal import services
from twofold.journal.content import load_prompts

pytestmark = pytest.mark.django_db
JSON = "application/json"

BOB_PAGES = ["/", "/partner/", "/journal/", "/journal/new/", "/journal/prompts/", "/journal/import/", "/settings/"]
BOB_API = ["/me", "/couple", "/journal/entries", "/journal/draft", "/journal/prompt", "/journal/prompts"]


def normalised(text: str) -> str:
    """A page without its per-request tokens, so two views of the same state compare equal."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', text)
    return re.sub(r'nonce="[^"]+"', 'nonce=""', text)


def what_bob_sees(browser: Client, api: Client) -> dict[str, str]:
    seen = {path: normalised(browser.get(path).content.decode()) for path in BOB_PAGES}
    for path in BOB_API:
        response = api.get("/api/v1" + path)
        seen["api" + path] = f"{response.status_code} {response.content.decode()}"
    return seen


def test_the_partner_sees_no_entry_nor_any_count_time_or_trend_of_journal_activity(alice, bob):
    load_prompts(read("prompts.toml"))
    browser, api = signed_in(bob), api_client(bob)
    before = what_bob_sees(browser, api)

    # Alice keeps a journal: on the pages, over the API, a draft, other prompts, an import.
    alice_browser, alice_api = signed_in(alice), api_client(alice)
    alice_browser.post("/journal/new/", {"title": "Alice alone", "body": "Mine only.", "written_on": "2024-05-01"})
    alice_browser.post("/journal/new/draft/", {"title": "Alice unsaved", "body": "Still typing."})
    alice_browser.post("/journal/prompts/another/")
    body = json.dumps({"title": "Alice by API", "body": "Also mine.", "tags": ["Alice tag"]})
    alice_api.post("/api/v1/journal/entries", body, content_type="application/json")
    alice_api.post("/api/v1/journal/import", json.dumps({"format": "jrnl", "data": JRNL}), "application/json")
    assert len(services.search(keys_of(alice), alice, services.Filters())) == 4

    after = what_bob_sees(browser, api)
    assert after == before  # not a title, a count, a time or a trend: nothing changed for Bob
    everything = "\n".join(after.values())
    for secret in ("Alice alone", "Alice unsaved", "Alice by API", "Alice tag", "Sunday lunch"):
        assert secret not in everything


@pytest.mark.parametrize("actor", ["bob", "charlie", "erin"])
def test_another_persons_entry_does_not_exist_on_any_page_or_operation(cast, actor):
    objects = make_objects(cast)
    user = cast[actor]
    browser, api = signed_in(user), api_client(user)
    for case in CASES:
        if "{alice_entry}" not in case.path:
            continue
        path = case.path.format(**objects)
        if case.api:
            response = api.generic(case.method, path, json.dumps(case.body), content_type="application/json")
        else:
            response = browser.get(path) if case.method == "GET" else browser.post(path, case.body)
        assert response.status_code == 404, (case.method, case.path)
    assert services.search(keys_of(cast["alice"]), cast["alice"], services.Filters())  # untouched


@pytest.mark.django_db(transaction=True)  # committed, so the rows are really in the database file
def test_a_canary_written_to_the_journal_is_never_stored_or_logged_in_the_clear(alice, caplog):
    caplog.set_level(logging.DEBUG)
    canaries = {name: f"canary-{name}-{uuid.uuid4()}" for name in ("title", "body", "tag", "draft", "api", "imp")}
    browser = signed_in(alice)
    form = {"title": canaries["title"], "body": canaries["body"], "tags": canaries["tag"], "written_on": "2024-05-01"}
    assert browser.post("/journal/new/", form).status_code == 302
    assert browser.post("/journal/new/draft/", {"body": canaries["draft"]}).status_code == 200
    api = api_client(alice)
    created = api.post("/api/v1/journal/entries", json.dumps({"body": canaries["api"]}), content_type=JSON)
    export = json.loads(json.dumps(JRNL))
    export["entries"][0]["body"] = canaries["imp"]
    imported = api.post("/api/v1/journal/import", json.dumps({"format": "jrnl", "data": export}), content_type=JSON)
    assert (created.status_code, imported.status_code) == (201, 201)
    searched = browser.get("/journal/?q=" + canaries["body"]).content.decode()
    assert canaries["title"] in searched  # search works on what was sealed

    for canary in canaries.values():
        needle = canary.encode()
        assert needle not in all_table_bytes()
        assert needle not in raw_database_files()
        assert needle not in cache_bytes()
        assert canary not in caplog.text
        assert all(canary not in message.body for message in mail.outbox)
