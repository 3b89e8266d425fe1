"""The journal over the API: the same rules as the pages, with the token's keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.helpers import api_client, keys_of
from tests.test_journal import DAY_ONE, JRNL
from twofold.accounts.models import ApiToken
from twofold.content.loader import read
from twofold.journal import services
from twofold.journal.content import load_prompts
from twofold.journal.models import JournalDraft, JournalEntry
from twofold.journal.services import EntryInput

pytestmark = pytest.mark.django_db
JSON = "application/json"


def send(client, method: str, path: str, body=None):
    payload = json.dumps(body) if body is not None else ""
    return client.generic(method, "/api/v1" + path, payload, content_type=JSON)


def test_an_entry_can_be_written_read_changed_and_deleted(alice):
    load_prompts(read("prompts.toml"))
    client = api_client(alice)
    body = {"title": "On the bus", "body": "*Quiet* ride.", "tags": ["#commute", "Commute"], "prompt": "growth-001"}
    created = send(client, "POST", "/journal/entries", {**body, "written_at": "2024-05-01T08:30:00"})
    assert created.status_code == 201, created.content
    entry = created.json()
    assert entry["tags"] == ["commute"] and entry["prompt"] == "growth-001" and entry["theme"] == "growth"
    assert entry["written_at"] == "2024-05-01T07:30:00Z"  # 08:30 London summer time
    path = f"/journal/entries/{entry['id']}"
    assert send(client, "GET", path).json() == entry
    changed = send(client, "PUT", path, {"body": "Changed.", "written_at": "2024-05-02"}).json()
    assert (changed["title"], changed["body"], changed["prompt"]) == ("", "Changed.", "growth-001")
    assert changed["written_at"].startswith("2024-05-02T07:30")  # a new date keeps the time of day
    assert send(client, "DELETE", path).status_code == 204
    assert send(client, "GET", path).status_code == 404


def test_the_list_is_paginated_newest_first_and_filters_like_the_page(alice):
    chain = keys_of(alice)
    for day in range(1, 26):
        theme = "values" if day % 5 == 0 else ""
        body = f"Day {day}" + (" by the sea" if day in (3, 24) else "")
        services.create_entry(chain, alice, EntryInput(body=body, theme=theme, written_at=datetime(2024, 1, day, 9)))
    client = api_client(alice)
    first = send(client, "GET", "/journal/entries").json()
    assert (first["count"], first["pages"], len(first["items"])) == (25, 2, 20)
    assert first["items"][0]["body"] == "Day 25"
    assert send(client, "GET", "/journal/entries?page=2").json()["items"][-1]["body"] == "Day 1"
    sea = send(client, "GET", "/journal/entries?q=SEA").json()
    assert [item["body"] for item in sea["items"]] == ["Day 24 by the sea", "Day 3 by the sea"]
    values = send(client, "GET", "/journal/entries?theme=values&start=2024-01-06&end=2024-01-20").json()
    assert [item["body"] for item in values["items"]] == ["Day 20", "Day 15", "Day 10"]
    assert send(client, "GET", "/journal/entries?theme=nonsense").status_code == 400


def test_limits_are_refused_with_a_clear_message(alice):
    client = api_client(alice)
    long = send(client, "POST", "/journal/entries", {"body": "x" * 100_001})
    assert long.status_code == 400 and long.json()["error"]["code"] == "body_too_long"
    assert "at most 100,000 characters" in long.json()["error"]["message"]
    title = send(client, "POST", "/journal/entries", {"title": "t" * 201, "body": "ok"})
    assert title.json()["error"]["code"] == "title_too_long"
    assert send(client, "POST", "/journal/entries", {"body": " "}).json()["error"]["code"] == "empty"
    assert send(client, "POST", "/journal/entries", {"body": "x", "prompt": "nope"}).status_code == 400
    assert send(client, "POST", "/journal/entries", {"body": 5}).status_code == 422
    assert not JournalEntry.objects.for_user(alice).exists()


def test_drafts_are_kept_read_back_and_discarded(alice):
    client = api_client(alice)
    assert send(client, "GET", "/journal/draft").status_code == 404
    saved = send(client, "PUT", "/journal/draft", {"body": "half", "tags": ["a", "b"]}).json()
    assert (saved["body"], saved["tags"]) == ("half", "a, b")
    assert send(client, "GET", "/journal/draft").json()["body"] == "half"
    created = send(client, "POST", "/journal/entries", {"body": "whole"}).json()
    assert send(client, "GET", "/journal/draft").status_code == 404  # saving the entry ends the draft
    path = f"/journal/entries/{created['id']}/draft"
    send(client, "PUT", path, {"body": "whole, changed"})
    assert send(client, "GET", path).json()["body"] == "whole, changed"
    assert send(client, "GET", f"/journal/entries/{created['id']}").json()["body"] == "whole"
    assert send(client, "DELETE", path).status_code == 204
    assert not JournalDraft.objects.for_user(alice).exists()


def test_imports_take_the_export_as_json_or_as_its_text(alice):
    client = api_client(alice)
    jrnl = send(client, "POST", "/journal/import", {"format": "jrnl", "data": JRNL})
    assert jrnl.status_code == 201 and jrnl.json() == {"imported": 2}
    day_one = send(client, "POST", "/journal/import", {"format": "dayone", "data": json.dumps(DAY_ONE)})
    assert day_one.json() == {"imported": 2}
    bodies = [item["written_at"] for item in send(client, "GET", "/journal/entries").json()["items"]]
    assert bodies[0] == "2023-11-06T13:05:00Z"  # 13:05 London winter time


def test_a_bad_import_over_the_api_imports_nothing(alice):
    client = api_client(alice)
    broken = json.loads(json.dumps(JRNL))
    broken["entries"][1]["date"] = None
    response = send(client, "POST", "/journal/import", {"format": "jrnl", "data": broken})
    assert response.status_code == 400 and response.json()["error"]["message"] == "Entry 2: “date” is missing."
    assert send(client, "POST", "/journal/import", {"format": "markdown", "data": JRNL}).status_code == 422
    assert not JournalEntry.objects.for_user(alice).exists()


def test_a_token_that_cannot_open_private_data_gets_423(alice):
    client = api_client(alice)
    ApiToken.objects.for_user(alice).update(key_wrap=None)
    response = send(client, "GET", "/journal/entries")
    assert response.status_code == 423 and response.json()["error"]["code"] == "locked"


def test_written_at_with_an_offset_is_kept_exactly(alice):
    client = api_client(alice)
    entry = send(client, "POST", "/journal/entries", {"body": "x", "written_at": "2024-01-02T03:04:05+05:00"}).json()
    assert datetime.fromisoformat(entry["written_at"]) == datetime(2024, 1, 1, 22, 4, 5, tzinfo=UTC)


def test_a_moment_at_midnight_stays_a_moment_and_a_bare_date_is_a_day(alice):
    client = api_client(alice)
    midnight = send(client, "POST", "/journal/entries", {"body": "x", "written_at": "2024-01-02T00:00:00Z"}).json()
    assert midnight["written_at"] == "2024-01-02T00:00:00Z"
    day = send(client, "POST", "/journal/entries", {"body": "x", "written_at": "2024-01-02"}).json()
    assert services.local_date(alice, datetime.fromisoformat(day["written_at"])).isoformat() == "2024-01-02"
    assert send(client, "POST", "/journal/entries", {"body": "x", "written_at": "soon"}).status_code == 422
