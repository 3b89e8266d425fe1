"""The journal's pages: writing, limits, drafts, the list, search, import and export."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.helpers import keys_of, signed_in
from twofold.accounts.export import build_zip
from twofold.content.loader import read
from twofold.journal import importers, services
from twofold.journal.content import load_prompts
from twofold.journal.models import JournalDraft, JournalEntry
from twofold.journal.services import EntryInput, Filters
from twofold.lib import vault
from twofold.lib.sealed import Sealed

pytestmark = pytest.mark.django_db


def write(user, chain=None, **fields) -> JournalEntry:
    fields.setdefault("body", "A few words about the day.")
    return services.create_entry(chain or keys_of(user), user, EntryInput(**fields))


def opened(user, entry: JournalEntry) -> services.OpenEntry:
    entry.refresh_from_db()
    return services.open_entry(keys_of(user), entry)


def local(user, entry: JournalEntry) -> datetime:
    return entry.written_at.astimezone(services.zone_of(user))


# --- writing, reading, editing, deleting


def test_an_entry_written_on_the_page_is_sealed_and_reads_back_as_markdown(alice):
    client = signed_in(alice)
    form = {"title": "Rainy Sunday", "body": "## Slow\n\nI *liked* it.", "tags": "Rain, home, rain", "theme": "values"}
    response = client.post("/journal/new/", {**form, "written_on": "2024-05-01"})
    entry = JournalEntry.objects.for_user(alice).get()
    assert response.status_code == 302 and response["Location"] == f"/journal/{entry.pk}/"
    assert all(isinstance(value, Sealed) for value in (entry.title, entry.body, entry.tags))
    assert (entry.theme, local(alice, entry).date()) == ("values", date(2024, 5, 1))
    assert opened(alice, entry).tags == ["Rain", "home"]  # trimmed, no repeats
    page = client.get(response["Location"]).content.decode()
    assert "Rainy Sunday" in page and "<h2>Slow</h2>" in page and "<em>liked</em>" in page
    assert "Wednesday 1 May 2024" in page and "Values" in page


def test_a_new_entry_is_dated_today_in_the_persons_timezone(alice):
    page = signed_in(alice).get("/journal/new/").content.decode()
    assert f'value="{services.local_today(alice).isoformat()}"' in page


def test_a_body_over_100000_characters_is_refused_and_every_character_comes_back(alice):
    client = signed_in(alice)
    body = "word " * 20_000 + "!"  # 100,001 characters
    response = client.post("/journal/new/", {"title": "Keep me", "body": body, "written_on": "2024-05-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "An entry can be at most 100,000 characters; this one has 100,001." in html
    assert body in html and 'value="Keep me"' in html
    assert not JournalEntry.objects.for_user(alice).exists()
    exactly = client.post("/journal/new/", {"body": "w" * 100_000, "written_on": "2024-05-01"})
    assert exactly.status_code == 302


def test_a_title_over_200_characters_is_refused_with_the_text_kept(alice):
    response = signed_in(alice).post("/journal/new/", {"title": "t" * 201, "body": "Mine.", "written_on": "2024-05-01"})
    html = response.content.decode()
    assert response.status_code == 400 and "A title can be at most 200 characters; this one has 201." in html
    assert "t" * 201 in html and "Mine." in html


def test_a_body_that_is_too_large_once_encoded_gets_a_message_not_an_error(alice):
    # 100,000 emoji pass the character limit but take 1.2 MB sealed, over the sealing limit.
    response = signed_in(alice).post("/journal/new/", {"body": "\U0001f33f" * 100_000, "written_on": "2024-05-01"})
    assert response.status_code == 400 and "too long to save" in response.content.decode()
    assert not JournalEntry.objects.for_user(alice).exists()


def test_an_empty_entry_is_refused_kindly(alice):
    response = signed_in(alice).post("/journal/new/", {"title": " ", "body": "\n ", "written_on": "2024-05-01"})
    assert response.status_code == 400 and "Write something first" in response.content.decode()


def test_the_limits_are_not_browser_maxlengths_that_would_cut_pasted_text(alice):
    html = signed_in(alice).get("/journal/new/").content.decode()
    assert "maxlength" not in re.search(r"<textarea[^>]*>", html).group(0)
    assert "maxlength" not in re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)


def test_editing_changes_the_words_and_a_new_date_keeps_the_time_of_day(alice):
    entry = write(alice, title="First try", written_at=datetime(2024, 5, 1, 20, 15))  # naive: London time
    client = signed_in(alice)
    page = client.get(f"/journal/{entry.pk}/edit/").content.decode()
    assert 'value="First try"' in page and 'value="2024-05-01"' in page
    form = {"title": "Second try", "body": "Better words.", "tags": "", "theme": "", "written_on": "2024-04-28"}
    response = client.post(f"/journal/{entry.pk}/edit/", form)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert opened(alice, entry).title == "Second try"
    assert local(alice, entry).replace(tzinfo=None) == datetime(2024, 4, 28, 20, 15)


def test_editing_without_changing_the_date_keeps_the_exact_moment(alice):
    entry = write(alice, written_at=datetime(2024, 5, 1, 20, 15, 42, tzinfo=UTC))
    before = entry.written_at
    signed_in(alice).post(f"/journal/{entry.pk}/edit/", {"body": "Changed.", "written_on": "2024-05-01"})
    entry.refresh_from_db()
    assert entry.written_at == before


def test_deleting_asks_first_then_removes_the_entry_and_its_draft(alice):
    entry = write(alice, title="To let go")
    services.save_draft(keys_of(alice), alice, entry, {"body": "unsaved change"})
    client = signed_in(alice)
    confirm = client.get(f"/journal/{entry.pk}/delete/").content.decode()
    assert "Delete this entry?" in confirm and "To let go" in confirm and "There is no undo" in confirm
    assert JournalEntry.objects.for_user(alice).exists()  # looking at the question deletes nothing
    response = client.post(f"/journal/{entry.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/journal/"
    assert not JournalEntry.objects.for_user(alice).exists()
    assert not JournalDraft.objects.for_user(alice).exists()


# --- drafts


def test_a_draft_is_kept_while_typing_restored_in_the_editor_and_gone_once_saved(alice):
    client = signed_in(alice)
    typed = {"title": "Half", "body": "half a thought", "tags": "a, b", "theme": "growth", "written_on": "2024-05-01"}
    response = client.post("/journal/new/draft/", typed)
    assert response.status_code == 200 and response.json()["saved"] is True
    assert response.json()["message"].startswith("Draft saved at ")
    client.post("/journal/new/draft/", {**typed, "body": "half a thought, and more"})
    draft = JournalDraft.objects.for_user(alice).get()  # one draft, replaced
    assert isinstance(draft.content, Sealed)
    page = client.get("/journal/new/").content.decode()
    assert "half a thought, and more" in page and 'value="a, b"' in page and 'value="2024-05-01"' in page
    assert "Here is the text you hadn&#x27;t saved yet" in page or "Here is the text you hadn't saved yet" in page
    client.post("/journal/new/", {**typed, "body": "the whole thought"})
    assert not JournalDraft.objects.for_user(alice).exists()
    assert "the whole thought" not in client.get("/journal/new/").content.decode()


def test_a_draft_of_changes_to_an_entry_comes_back_and_can_be_discarded(alice):
    entry = write(alice, body="As saved.")
    client = signed_in(alice)
    client.post(f"/journal/{entry.pk}/draft/", {"body": "As I was changing it", "written_on": "2024-05-01"})
    assert "As I was changing it" in client.get(f"/journal/{entry.pk}/edit/").content.decode()
    assert "As saved." in client.get(f"/journal/{entry.pk}/").content.decode()  # the entry itself is unchanged
    response = client.post(f"/journal/{entry.pk}/draft/discard/")
    assert response.status_code == 302 and response["Location"] == f"/journal/{entry.pk}/edit/"
    page = client.get(f"/journal/{entry.pk}/edit/").content.decode()
    assert "As I was changing it" not in page and "As saved." in page


def test_the_discard_button_asks_for_confirmation(alice):
    services.save_draft(keys_of(alice), alice, None, {"body": "something"})
    page = signed_in(alice).get("/journal/new/").content.decode()
    assert re.search(r'<form method="post" action="/journal/new/draft/discard/" data-confirm="[^"]+"', page)


def test_the_editor_posts_drafts_with_the_forms_csrf_token(alice):
    client = signed_in(alice)
    client.handler.enforce_csrf_checks = True
    page = client.get("/journal/new/").content.decode()
    assert 'data-draft-url="/journal/new/draft/"' in page and "twofold/journal.js" in page
    assert 'role="status" aria-live="polite"' in page
    assert "Offline — your text is kept on this page; it will save when you&#x27;re back." in page or (
        "Offline — your text is kept on this page; it will save when you're back." in page
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post("/journal/new/draft/", {"body": "x"}).status_code == 403
    saved = client.post("/journal/new/draft/", {"body": "x"}, headers={"X-CSRFToken": token})
    assert saved.status_code == 200


def test_a_locked_journal_keeps_no_draft_and_sends_the_person_to_unlock(alice):
    response = signed_in(alice, unlocked=False).post("/journal/new/draft/", {"body": "typed while locked"})
    assert response.status_code == 302 and response["Location"].startswith("/unlock/")
    assert not JournalDraft.objects.for_user(alice).exists()


# --- the list


def test_the_journal_list_takes_the_same_queries_with_3_or_40_entries(alice, django_assert_num_queries):
    load_prompts(read("prompts.toml"))
    chain = keys_of(alice)
    start = timezone.now() - timedelta(days=60)
    for day in range(3):
        write(alice, chain, title=f"Day {day}", written_at=start + timedelta(days=day))
    client = signed_in(alice)
    client.get("/journal/")  # today's prompt is chosen on the first visit of the day
    # session, user, count, the page's entries, today's prompt offer (with its prompt), the draft check
    with django_assert_num_queries(6):
        assert "Day 2" in client.get("/journal/").content.decode()
    for day in range(3, 40):
        write(alice, chain, title=f"Day {day}", written_at=start + timedelta(days=day))
    with django_assert_num_queries(6):
        page = client.get("/journal/").content.decode()
    headings = re.findall(r'<span class="journal-heading">([^<]+)</span>', page)
    assert headings == [f"Day {day}" for day in range(39, 19, -1)]  # 20, newest first
    older = client.get("/journal/?page=2").content.decode()
    assert re.findall(r'<span class="journal-heading">([^<]+)</span>', older)[-1] == "Day 0"


def test_the_list_shows_the_title_or_else_the_first_line_and_the_date(alice):
    write(alice, body="\n## Walking home\n\nThe long way.", written_at=datetime(2024, 2, 3, 12, 0))
    write(alice, title="A title", body="Not shown in the list.", written_at=datetime(2024, 2, 4, 12, 0))
    page = signed_in(alice).get("/journal/").content.decode()
    assert re.findall(r'<span class="journal-heading">([^<]+)</span>', page) == ["A title", "Walking home"]
    assert "Not shown in the list." not in page and "Sat 3 Feb 2024" in page


def test_an_empty_journal_helps_to_begin(erin):
    page = signed_in(erin).get("/journal/").content.decode()
    assert "Your journal is waiting" in page and "Write your first entry" in page and "/journal/import/" in page


# --- search


def test_search_matches_every_word_in_titles_bodies_and_tags_ignoring_case(alice, bob):
    chain = keys_of(alice)
    write(alice, chain, title="Garden morning", body="Tomatoes at last.")
    write(alice, chain, body="A quiet walk by the river.", tags=["Gratitude"])
    write(alice, chain, body="The GARDEN again, and gratitude for rain.")
    write(bob, title="Bob's garden", body="gratitude")

    def titles(query: str) -> list[str]:
        return sorted(entry.heading for entry in services.search(chain, alice, Filters(query=query)))

    assert titles("garden") == ["Garden morning", "The GARDEN again, and gratitude for rain."]
    assert titles("GRATITUDE") == ["A quiet walk by the river.", "The GARDEN again, and gratitude for rain."]
    assert titles("gratitude garden") == ["The GARDEN again, and gratitude for rain."]
    assert titles("tomatoes river") == []
    page = signed_in(alice).get("/journal/?q=garden").content.decode()
    assert "2 entries found" in page and "Bob&#x27;s garden" not in page and "Bob's garden" not in page


def test_search_filters_by_theme(alice):
    chain = keys_of(alice)
    write(alice, chain, title="Brave", theme="strengths")
    write(alice, chain, title="Tender", theme="feelings")
    found = services.search(chain, alice, Filters(theme="feelings"))
    assert [entry.title for entry in found] == ["Tender"]
    page = signed_in(alice).get("/journal/?theme=strengths").content.decode()
    assert "Brave" in page and "Tender" not in page


def test_date_range_follows_the_persons_days_across_a_dst_change(alice):
    # London springs forward on 31 March 2024. Entries as instants in UTC:
    chain = keys_of(alice)
    moments = {
        "before": datetime(2024, 3, 30, 23, 30, tzinfo=UTC),  # 23:30 GMT on the 30th
        "early": datetime(2024, 3, 31, 0, 30, tzinfo=UTC),  # 00:30 GMT on the 31st
        "late": datetime(2024, 3, 31, 22, 30, tzinfo=UTC),  # 23:30 BST on the 31st
        "after": datetime(2024, 3, 31, 23, 30, tzinfo=UTC),  # 00:30 BST on 1 April (still the 31st in UTC)
    }
    for title, moment in moments.items():
        write(alice, chain, title=title, written_at=moment)
    day = date(2024, 3, 31)
    found = services.search(chain, alice, Filters(date_from=day, date_to=day))
    assert sorted(entry.title for entry in found) == ["early", "late"]
    since = services.search(chain, alice, Filters(date_from=date(2024, 4, 1)))
    assert [entry.title for entry in since] == ["after"]
    page = signed_in(alice).get("/journal/?start=2024-03-31&end=2024-03-31").content.decode()
    assert "early" in page and "late" in page and "before" not in page and "after" not in page


def test_search_results_are_paginated_too(alice):
    chain = keys_of(alice)
    for number in range(25):
        write(alice, chain, title=f"Walk {number}", written_at=datetime(2024, 1, 1 + number, 12, 0))
    client = signed_in(alice)
    first = client.get("/journal/?q=walk").content.decode()
    assert "25 entries found" in first and first.count('class="journal-item"') == 20
    assert 'href="?q=walk&amp;page=2"' in first
    second = client.get("/journal/?q=walk&page=2").content.decode()
    assert second.count('class="journal-item"') == 5


# --- import


JRNL = {
    "tags": {"@work": 1, "@family": 1},
    "entries": [
        {
            "title": "Long day at the office.",
            "body": "Came home tired but glad.\n",
            "date": "2023-11-05",
            "time": "21:40",
            "tags": ["@work"],
            "starred": False,
        },
        {
            "title": "Sunday lunch.",
            "body": "Everyone talked at once. I loved it.",
            "date": "2023-11-06",
            "time": "13:05",
            "tags": ["@family"],
            "starred": True,
        },
    ],
}

DAY_ONE = {
    "metadata": {"version": "1.0"},
    "entries": [
        {
            "uuid": "A1B2C3D4E5F60718293A4B5C6D7E8F90",
            "creationDate": "2021-03-04T09:15:00Z",
            "timeZone": "Europe/London",
            "text": "First light on the canal.\n\nA heron stood very still.",
            "tags": ["walks", "morning"],
            "starred": False,
        },
        {
            "uuid": "0F9E8D7C6B5A49382716F5E4D3C2B1A0",
            "creationDate": "2021-07-10T18:00:00Z",
            "timeZone": "America/New_York",
            "text": "Fireflies.",
        },
    ],
}


def upload(client, fmt: str, content: bytes):
    return client.post("/journal/import/", {"format": fmt, "file": SimpleUploadedFile("export.json", content)})


def test_a_jrnl_export_imports_with_dates_text_and_tags(alice):
    client = signed_in(alice)
    response = upload(client, "jrnl", json.dumps(JRNL).encode())
    assert response.status_code == 302
    assert "Imported 2 entries into your journal." in client.get(response["Location"]).content.decode()
    chain = keys_of(alice)
    entries = services.search(chain, alice, Filters())
    assert [(entry.title, entry.body, entry.tags) for entry in entries] == [
        ("Sunday lunch.", "Everyone talked at once. I loved it.", ["family", "starred"]),
        ("Long day at the office.", "Came home tired but glad.", ["work"]),
    ]
    moment = entries[1].written_at.astimezone(services.zone_of(alice))
    assert moment.replace(tzinfo=None) == datetime(2023, 11, 5, 21, 40)  # jrnl's times are local


def test_a_day_one_export_imports_with_dates_text_and_tags(alice):
    response = upload(signed_in(alice), "dayone", json.dumps(DAY_ONE).encode())
    assert response.status_code == 302
    entries = services.search(keys_of(alice), alice, Filters())
    assert [(entry.written_at, entry.body, entry.tags) for entry in entries] == [
        (datetime(2021, 7, 10, 18, 0, tzinfo=UTC), "Fireflies.", []),
        (datetime(2021, 3, 4, 9, 15, tzinfo=UTC), DAY_ONE["entries"][0]["text"], ["walks", "morning"]),
    ]
    assert entries[1].heading == "First light on the canal."


def _with(entry_change: dict, index: int = 1, base=JRNL) -> bytes:
    data = json.loads(json.dumps(base))
    data["entries"][index].update(entry_change)
    return json.dumps(data).encode()


MALFORMED = [
    ("jrnl", b"{not json", "isn't valid JSON"),
    ("jrnl", b"\xff\xfe\x00", "isn't valid JSON"),
    ("jrnl", b"[]", "no list of entries"),
    ("jrnl", b'{"entries": []}', "holds no entries"),
    ("jrnl", json.dumps(DAY_ONE).encode(), "Entry 1: “date” is missing."),
    ("jrnl", _with({"date": "05/11/2023"}), "Entry 2: the date or time isn"),
    ("jrnl", _with({"tags": "work"}), "Entry 2: “tags” must be a list of words."),
    ("jrnl", _with({"body": 42}), "Entry 2: “body” must be text."),
    ("jrnl", _with({"starred": "yes"}), "Entry 2: “starred” must be true or false."),
    ("jrnl", _with({"body": "x" * 100_001}), "Entry 2: An entry can be at most 100,000 characters"),
    ("jrnl", _with({"title": "", "body": ""}), "Entry 2: Write something first"),
    ("dayone", json.dumps(JRNL).encode(), "Entry 1: “creationDate” is missing."),
    ("dayone", _with({"creationDate": "yesterday"}, 0, DAY_ONE), "Entry 1: “creationDate” isn"),
    ("dayone", _with({"text": None}, 1, DAY_ONE), "Entry 2: “text” is missing."),
    ("dayone", _with({"tags": [1, 2]}, 1, DAY_ONE), "Entry 2: “tags” must be a list of words."),
]


@pytest.mark.parametrize(("fmt", "content", "message"), MALFORMED, ids=[case[2][:30] for case in MALFORMED])
def test_a_malformed_export_is_refused_whole_with_a_clear_message(alice, fmt, content, message):
    response = upload(signed_in(alice), fmt, content)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400 and message in html
    assert not JournalEntry.objects.for_user(alice).exists()  # not even the good first entry


def test_an_export_over_10000_entries_imports_nothing(alice):
    entry = {"title": "t", "body": "b", "date": "2023-01-01", "time": "10:00", "tags": []}
    content = json.dumps({"entries": [entry] * 10_001}).encode()
    response = upload(signed_in(alice), "jrnl", content)
    assert response.status_code == 400
    assert "This export holds 10,001 entries; at most 10,000 can be imported at once." in response.content.decode()
    assert not JournalEntry.objects.for_user(alice).exists()


def test_a_file_over_20_mb_imports_nothing(alice):
    padding = "x" * (importers.MAX_BYTES + 1)
    content = json.dumps({"entries": [{"title": "t", "body": padding, "date": "2023-01-01"}]}).encode()
    response = upload(signed_in(alice), "jrnl", content)
    assert response.status_code == 400 and "larger than 20 MB" in response.content.decode()
    assert not JournalEntry.objects.for_user(alice).exists()


def test_a_long_jrnl_title_becomes_the_start_of_the_body(alice):
    title = "So much happened today that the first sentence ran on and on " * 4
    imported = services.import_export(keys_of(alice), alice, "jrnl", _with({"title": title}, 0))
    assert imported == 2
    entry = services.search(keys_of(alice), alice, Filters(query="ran on"))[0]
    assert entry.title == "" and entry.body.startswith(title.strip())


# --- export, start afresh, Today


def test_the_export_holds_my_entries_and_drafts_as_json_and_markdown_and_nothing_of_bobs(alice, bob):
    write(alice, title="Mine to keep", body="Body of mine.", tags=["kept"], written_at=datetime(2024, 5, 1, 9, 0))
    services.save_draft(keys_of(alice), alice, None, {"body": "An unsaved draft."})
    write(bob, title="Bob's private page")
    archive = zipfile.ZipFile(io.BytesIO(build_zip(alice, keys_of(alice))))
    items = json.loads(archive.read("journal.json"))
    entry = next(item for item in items if item["kind"] == "entry")
    assert (entry["title"], entry["body"], entry["tags"]) == ("Mine to keep", "Body of mine.", ["kept"])
    assert entry["written_at"].startswith("2024-05-01T09:00:00+01:00")
    assert any(item["kind"] == "draft" and item["body"] == "An unsaved draft." for item in items)
    markdown = archive.read("journal.md").decode()
    assert "## Mine to keep" in markdown and "Body of mine." in markdown
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Bob's private page" not in everything


def test_starting_afresh_or_deleting_the_account_destroys_entries_and_drafts(alice):
    entry = write(alice)
    services.save_draft(keys_of(alice), alice, entry, {"body": "draft"})
    services.save_draft(keys_of(alice), alice, None, {"body": "draft"})
    vault.destroy_private_data(alice)
    assert not JournalEntry.objects.for_user(alice).exists()
    assert not JournalDraft.objects.for_user(alice).exists()


def test_today_shows_no_journal_text(alice):
    write(alice, title="A secret title", body="A secret body")
    page = signed_in(alice, unlocked=False).get("/").content.decode()
    assert "A secret" not in page
