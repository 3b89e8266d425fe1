"""Quiet reflection: the timer, the private log of sittings, the note and the month's rhythm."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from tests.helpers import api_client, keys_of, make_person, signed_in
from tests.test_privacy import all_table_bytes, raw_database_files
from twofold.lib import vault
from twofold.reflection import services
from twofold.reflection.models import ReflectionSitting
from twofold.reflection.prompts import prompt_text, quiet_prompts
from twofold.reflection.services import ReflectionError
from twofold.reflection.today import quiet_minutes

pytestmark = pytest.mark.django_db


def sit(user, minutes=10, *, at=None, note=None):
    """A sitting that began AT (default: a little while ago) and lasted its full length."""
    started = at or timezone.now() - timedelta(minutes=minutes + 1)
    sitting = services.start_sitting(user, minutes, now=started)
    services.finish_sitting(user, sitting.pk, minutes, now=started + timedelta(minutes=minutes))
    if note is not None:
        services.save_note(keys_of(user), user, sitting.pk, note)
    sitting.refresh_from_db()
    return sitting


def day_cells(html: str) -> set[int]:
    """The day numbers marked as sat in a rendered month grid."""
    return {int(day) for day in re.findall(r'<td class="sat[^"]*" data-day="(\d+)"', html)}


# --- the timer, without JavaScript


def test_the_timer_offers_three_lengths_another_length_and_a_quiet_prompt(alice):
    page = signed_in(alice).get("/reflect/").content.decode()
    for label in ("5 minutes", "10 minutes", "15 minutes", "Another length"):
        assert label in page
    shown = re.search(r'data-testid="quiet-prompt">([^<]+)<', page).group(1)
    assert shown in {escape(prompt.text) for prompt in quiet_prompts()}
    assert re.search(r'value="10"[^>]*checked', page)  # ten minutes unless another length is chosen


def test_a_sitting_runs_from_start_to_note_to_rhythm_without_javascript(alice):
    client = signed_in(alice)
    started = client.post("/reflect/start/", {"length": "5"})
    sitting = ReflectionSitting.objects.for_user(alice).get()
    assert started.status_code == 302 and started["Location"] == f"/reflect/sittings/{sitting.pk}/"

    running = client.get(started["Location"]).content.decode()
    assert 'data-testid="countdown">5:00<' in running or 'data-testid="countdown">4:59<' in running
    assert escape(prompt_text(sitting.prompt_key)) in running
    assert "Ends at" in running  # without the timer script, the end time says when to stop

    ended = client.post(f"/reflect/sittings/{sitting.pk}/finish/")
    assert ended["Location"] == f"/reflect/sittings/{sitting.pk}/note/"
    note_page = client.get(ended["Location"]).content.decode()
    assert "You sat quietly for 1 minute" in note_page and "Anything you want to remember?" in note_page

    saved = client.post(ended["Location"], {"note": "The fridge hums in B flat."}, follow=True)
    today = services.local_today(alice)
    assert saved.redirect_chain[-1][0] == f"/reflect/rhythm/{today.year}/{today.month}/"
    rhythm = saved.content.decode()
    assert today.day in day_cells(rhythm)
    assert "You sat quietly on 1 day this month." in rhythm
    assert "The fridge hums in B flat." in rhythm
    # Back to the running page: the sitting has ended, so it goes to the note.
    assert client.get(f"/reflect/sittings/{sitting.pk}/")["Location"] == ended["Location"]


def test_starting_from_the_page_swaps_the_timer_in_and_gives_it_its_own_address(alice):
    response = signed_in(alice).post(
        "/reflect/start/", {"length": "custom", "custom_minutes": "1"}, HTTP_HX_REQUEST="true"
    )
    sitting = ReflectionSitting.objects.for_user(alice).get()
    html = response.content.decode()
    assert response.status_code == 200 and response["HX-Push-Url"] == f"/reflect/sittings/{sitting.pk}/"
    assert "<html" not in html and 'data-testid="countdown">1:00<' in html
    assert f'data-sitting="{sitting.uid}"' in html and 'data-planned-ms="60000"' in html
    assert sitting.planned_minutes == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"length": "custom", "custom_minutes": "0"}, "Enter a whole number of minutes from 1 to 120."),
        ({"length": "custom", "custom_minutes": "121"}, "Enter a whole number of minutes from 1 to 120."),
        ({"length": "custom", "custom_minutes": "ten"}, "Enter a whole number of minutes from 1 to 120."),
        ({"length": "custom", "custom_minutes": "2.5"}, "Enter a whole number of minutes from 1 to 120."),
        ({"length": "custom", "custom_minutes": ""}, "Enter how many minutes you want to sit."),
        ({"length": "7"}, "Select a valid choice."),
    ],
)
def test_a_bad_length_gets_a_clear_message_and_starts_nothing(alice, data, message):
    client = signed_in(alice)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.post("/reflect/start/", data, **headers)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not ReflectionSitting.objects.for_user(alice).exists()


def test_the_sound_choice_is_remembered_for_next_time(alice):
    client = signed_in(alice)
    assert not services.sound_on(alice)
    client.post("/reflect/start/", {"length": "5", "sound": "on"})
    assert services.sound_on(alice)
    assert re.search(r'name="sound"[^>]*checked', client.get("/reflect/").content.decode())
    sitting = ReflectionSitting.objects.for_user(alice).get()
    assert "data-sound" in client.get(f"/reflect/sittings/{sitting.pk}/").content.decode()
    client.post("/reflect/start/", {"length": "5"})
    assert not services.sound_on(alice)


# --- the log


def test_ending_early_records_the_minutes_actually_sat(alice):
    start = timezone.now() - timedelta(minutes=8)
    sitting = services.start_sitting(alice, 15, now=start)
    ended = services.finish_sitting(alice, sitting.pk, 6, now=start + timedelta(minutes=7, seconds=30))
    assert (ended.minutes, ended.planned_minutes) == (6, 15)


@pytest.mark.parametrize("minutes", [0, 9, 16, 121])
def test_a_sitting_cannot_record_more_than_planned_or_more_than_has_passed(alice, minutes):
    start = timezone.now() - timedelta(minutes=8)
    sitting = services.start_sitting(alice, 15, now=start)
    with pytest.raises(ReflectionError) as refused:
        services.finish_sitting(alice, sitting.pk, minutes, now=start + timedelta(minutes=7, seconds=30))
    assert refused.value.code == "invalid_minutes"
    sitting.refresh_from_db()
    assert sitting.ended_at is None


def test_without_the_timer_the_time_since_the_start_counts_up_to_the_plan(alice):
    start = timezone.now() - timedelta(hours=3)
    short = services.start_sitting(alice, 10, now=start)
    assert services.finish_sitting(alice, short.pk, now=start + timedelta(minutes=4, seconds=10)).minutes == 4
    forgotten = services.start_sitting(alice, 10, now=start)
    assert services.finish_sitting(alice, forgotten.pk, now=start + timedelta(hours=2)).minutes == 10


def test_a_sitting_ends_only_once(alice):
    sitting = sit(alice, 5)
    with pytest.raises(ReflectionError) as refused:
        services.finish_sitting(alice, sitting.pk, 5)
    assert refused.value.status == 409
    response = signed_in(alice).post(f"/reflect/sittings/{sitting.pk}/finish/", {"minutes": "1"}, follow=True)
    assert "This sitting has already ended." in response.content.decode()
    sitting.refresh_from_db()
    assert sitting.minutes == 5


def test_a_sitting_that_never_ended_makes_way_for_the_next_and_is_not_counted(alice):
    forgotten = services.start_sitting(alice, 10)
    assert services.month_rhythm(alice, *_this_month(alice)).days == []
    services.start_sitting(alice, 5)
    assert not ReflectionSitting.objects.for_user(alice).filter(pk=forgotten.pk).exists()
    assert ReflectionSitting.objects.for_user(alice).count() == 1
    kept = sit(alice, 5)  # an ended sitting is never removed by a new start
    services.start_sitting(alice, 5)
    assert ReflectionSitting.objects.for_user(alice).filter(pk=kept.pk).exists()


def test_each_sitting_gets_a_different_quiet_prompt_in_turn(alice):
    keys = [sit(alice, 5).prompt_key for _ in range(len(quiet_prompts()))]
    assert len(set(keys)) == len(keys) and set(keys) == {prompt.key for prompt in quiet_prompts()}
    assert all(prompt_text(key) for key in keys)
    assert services.prompt_for_next_sitting(alice).key != keys[-1]


def test_a_named_prompt_must_be_a_quiet_one(alice):
    with pytest.raises(ReflectionError) as refused:
        services.start_sitting(alice, 5, prompt_key="strengths-001")
    assert refused.value.code == "invalid_prompt"


# --- the note


def test_the_note_is_sealed_one_line_and_at_most_a_thousand_characters(alice):
    chain = keys_of(alice)
    sitting = sit(alice, 5)
    services.save_note(chain, alice, sitting.pk, "  first thought\nsecond thought  ")
    sitting.refresh_from_db()
    assert b"first thought" not in sitting.note.blob
    assert services.open_note(chain, sitting) == "first thought second thought"
    with pytest.raises(ReflectionError) as refused:
        services.save_note(chain, alice, sitting.pk, "x" * 1001)
    assert refused.value.message == "Keep the note to 1,000 characters or fewer."
    services.save_note(chain, alice, sitting.pk, "x" * 1000)
    services.save_note(chain, alice, sitting.pk, "   ")
    sitting.refresh_from_db()
    assert sitting.note is None


def test_a_long_note_from_the_page_gets_a_clear_message(alice):
    sitting = sit(alice, 5)
    response = signed_in(alice).post(f"/reflect/sittings/{sitting.pk}/note/", {"note": "y" * 1001})
    assert response.status_code == 400 and "Keep the note to 1,000 characters or fewer." in response.content.decode()


def test_a_note_waits_until_the_sitting_has_ended(alice):
    running = services.start_sitting(alice, 5)
    with pytest.raises(ReflectionError) as refused:
        services.save_note(keys_of(alice), alice, running.pk, "too soon")
    assert refused.value.code == "not_finished"
    response = signed_in(alice).get(f"/reflect/sittings/{running.pk}/note/")
    assert response["Location"] == f"/reflect/sittings/{running.pk}/"


def test_sitting_works_while_locked_and_the_note_asks_to_unlock_first(alice):
    client = signed_in(alice, unlocked=False)
    assert client.post("/reflect/start/", {"length": "5"}).status_code == 302
    sitting = ReflectionSitting.objects.for_user(alice).get()
    assert client.post(f"/reflect/sittings/{sitting.pk}/finish/").status_code == 302
    response = client.get(f"/reflect/sittings/{sitting.pk}/note/")
    assert response.status_code == 302 and response["Location"].startswith("/unlock/?next=")
    rhythm = client.get("/reflect/rhythm/").content.decode()
    assert services.local_today(alice).day in day_cells(rhythm) and "Unlock to read your notes" in rhythm


# --- the rhythm


def test_the_rhythm_marks_the_days_sat_in_the_persons_timezone_and_says_how_many(alice):
    alice.timezone = "Pacific/Auckland"
    alice.save(update_fields=["timezone"])
    # 11:30 UTC on 2 March is already 00:30 on 3 March in Auckland (UTC+13 in summer).
    sit(alice, at=datetime(2025, 3, 2, 11, 30, tzinfo=UTC))
    sit(alice, at=datetime(2025, 3, 2, 20, 0, tzinfo=UTC))  # the same local day again
    sit(alice, at=datetime(2025, 3, 9, 1, 0, tzinfo=UTC))
    page = signed_in(alice).get("/reflect/rhythm/2025/3/").content.decode()
    assert day_cells(page) == {3, 9}
    assert "You sat quietly on 2 days in March 2025." in page


def test_a_sitting_at_half_past_midnight_on_a_dst_change_lands_on_that_day(alice):
    # Europe/London: clocks go back at 02:00 BST on 26 October 2025, forward at 01:00 GMT on 30 March.
    autumn = sit(alice, at=datetime(2025, 10, 25, 23, 30, tzinfo=UTC))  # 00:30 BST on the 26th
    spring = sit(alice, at=datetime(2025, 3, 30, 0, 30, tzinfo=UTC))  # 00:30 GMT on the 30th
    assert services.month_rhythm(alice, 2025, 10).days == [26]
    assert services.month_rhythm(alice, 2025, 3).days == [30]
    client = signed_in(alice)
    assert day_cells(client.get("/reflect/rhythm/2025/10/").content.decode()) == {26}
    assert day_cells(client.get("/reflect/rhythm/2025/3/").content.decode()) == {30}
    assert {autumn.pk, spring.pk} == set(ReflectionSitting.objects.for_user(alice).values_list("pk", flat=True))


def test_month_edges_follow_local_midnight_across_a_dst_change(alice):
    alice.timezone = "America/New_York"
    alice.save(update_fields=["timezone"])
    # 23:30 EDT on 31 October 2025 is 03:30 UTC on 1 November; 00:30 EST on 2 November (the
    # change day) is 05:30 UTC.
    sit(alice, at=datetime(2025, 11, 1, 3, 30, tzinfo=UTC))
    sit(alice, at=datetime(2025, 11, 2, 5, 30, tzinfo=UTC))
    assert services.month_rhythm(alice, 2025, 10).days == [31]
    assert services.month_rhythm(alice, 2025, 11).days == [2]


def test_the_rhythm_page_takes_three_queries_however_many_sittings(alice, django_assert_num_queries):
    client = signed_in(alice)
    path = "/reflect/rhythm/2025/6/"
    start = datetime(2025, 6, 1, 12, tzinfo=UTC)
    sit(alice, 5, at=start, note="one")
    # session, user, the month's ended sittings (their notes open with the key already held)
    with django_assert_num_queries(3):
        client.get(path)
    for index in range(1, 13):
        sit(alice, 5, at=start + timedelta(hours=index * 41), note="n")
    with django_assert_num_queries(3):
        page = client.get(path).content.decode()
    assert page.count('class="sitting-note"') == 13


def test_the_rhythm_never_scolds_or_counts_streaks(alice):
    client = signed_in(alice)
    empty = client.get("/reflect/rhythm/").content.decode()
    assert "No sittings this month so far." in empty
    sit(alice, 5)
    page = client.get("/reflect/rhythm/").content.decode().lower()
    for word in ("streak", "chain", "missed", "don't break", "behind", "your partner sat", "average"):
        assert word not in page


def test_months_move_back_and_forth_but_not_into_the_future(alice):
    client = signed_in(alice)
    year, month = _this_month(alice)
    page = client.get("/reflect/rhythm/").content.decode()
    assert 'rel="next"' not in page and 'rel="prev"' not in page  # she joined this month
    later = services.shift_month(year, month, 1)
    assert client.get(f"/reflect/rhythm/{later[0]}/{later[1]}/").status_code == 404
    assert client.get("/reflect/rhythm/2025/13/").status_code == 404
    assert client.get("/reflect/rhythm/1999/12/").status_code == 404
    earlier = client.get("/reflect/rhythm/2025/6/").content.decode()
    assert 'href="/reflect/rhythm/2025/7/" rel="next"' in earlier


# --- privacy


def normalised(html: str) -> str:
    """A page without what changes on every request (CSRF tokens, nonces)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_the_partner_never_sees_sittings_counts_or_days(alice, bob):
    bob_web, bob_api = signed_in(bob), api_client(bob)
    pages = ["/partner/", "/reflect/", "/reflect/rhythm/"]
    operations = ["/api/v1/me", "/api/v1/reflection/rhythm", "/api/v1/reflection/sittings", "/api/v1/couple"]
    before = [normalised(bob_web.get(path).content.decode()) for path in pages]
    before_api = [bob_api.get(path).json() for path in operations]

    for _ in range(3):
        sit(alice, 10, note="alice-private-canary")
    alice_last = ReflectionSitting.objects.for_user(alice).first()

    assert [normalised(bob_web.get(path).content.decode()) for path in pages] == before
    assert [bob_api.get(path).json() for path in operations] == before_api
    assert bob_api.get("/api/v1/reflection/rhythm").json()["days"] == []
    assert bob_web.get(f"/reflect/sittings/{alice_last.pk}/note/").status_code == 404
    assert bob_api.get(f"/api/v1/reflection/sittings/{alice_last.pk}").status_code == 404


@pytest.mark.django_db(transaction=True)  # committed, so the rows are really in the database file
def test_a_note_canary_from_the_page_and_the_api_is_never_stored_or_logged_in_the_clear(alice, caplog):
    caplog.set_level(logging.DEBUG)
    web_canary, api_canary = f"canary-web-{uuid.uuid4()}", f"canary-api-{uuid.uuid4()}"
    first, second = sit(alice, 5), sit(alice, 5)
    client = signed_in(alice)
    client.post(f"/reflect/sittings/{first.pk}/note/", {"note": web_canary})
    api_client(alice).put(
        f"/api/v1/reflection/sittings/{second.pk}/note", json.dumps({"note": api_canary}), "application/json"
    )
    assert web_canary in client.get("/reflect/rhythm/").content.decode()  # she can read both
    assert api_canary in client.get(f"/reflect/sittings/{second.pk}/note/").content.decode()
    for canary in (web_canary, api_canary):
        assert canary.encode() not in all_table_bytes()
        assert canary.encode() not in raw_database_files()
        assert canary not in caplog.text


def test_another_persons_sitting_answers_not_found_and_stays_as_it_was(alice, bob, charlie):
    running = services.start_sitting(alice, 10, now=timezone.now() - timedelta(minutes=3))
    for other in (bob, charlie):
        client, api = signed_in(other), api_client(other)
        assert client.get(f"/reflect/sittings/{running.pk}/").status_code == 404
        assert client.post(f"/reflect/sittings/{running.pk}/finish/").status_code == 404
        assert client.post(f"/reflect/sittings/{running.pk}/note/", {"note": "mine"}).status_code == 404
        assert api.post(f"/api/v1/reflection/sittings/{running.pk}/finish", "{}", "application/json").status_code == 404
        assert api.put(
            f"/api/v1/reflection/sittings/{running.pk}/note", json.dumps({"note": "x"}), "application/json"
        ).json() == {"error": {"code": "not_found", "message": "That sitting was not found.", "fields": {}}}
    running.refresh_from_db()
    assert running.ended_at is None and running.note is None


def test_the_today_card_invites_without_keys_or_private_details(alice):
    locked = signed_in(alice, unlocked=False).get("/").content.decode()
    assert "Ten quiet minutes?" in locked and 'href="/reflect/"' in locked
    sit(alice, 5, note="today-card-canary")
    assert "today-card-canary" not in signed_in(alice).get("/").content.decode()


def test_the_today_card_costs_no_query(alice, rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = alice
    with django_assert_num_queries(0):
        card = quiet_minutes(request)
    assert card == {"template": "reflection/today_card.html"}


@pytest.mark.parametrize("path", ["/reflect/", "/reflect/rhythm/", "running", "note"])
def test_reflection_pages_have_no_inline_script_or_style(alice, path):
    client = signed_in(alice)
    if path == "note":
        path = f"/reflect/sittings/{sit(alice, 5).pk}/note/"
    elif path == "running":
        path = f"/reflect/sittings/{services.start_sitting(alice, 5).pk}/"
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert " style=" not in html and " onclick=" not in html and "hx-on" not in html


# --- the API


def test_the_api_starts_finishes_and_notes_a_sitting(alice):
    api = api_client(alice)
    started = api.post("/api/v1/reflection/sittings", json.dumps({"minutes": 12}), "application/json")
    assert started.status_code == 201
    body = started.json()
    assert body["planned_minutes"] == 12 and body["minutes"] is None and body["prompt"] and body["note"] is None
    sitting_id = body["id"]
    ReflectionSitting.objects.for_user(alice).filter(pk=sitting_id).update(
        started_at=timezone.now() - timedelta(minutes=9)
    )
    finished = api.post(
        f"/api/v1/reflection/sittings/{sitting_id}/finish", json.dumps({"minutes": 8}), "application/json"
    )
    assert finished.status_code == 200 and finished.json()["minutes"] == 8
    noted = api.put(f"/api/v1/reflection/sittings/{sitting_id}/note", json.dumps({"note": "calm"}), "application/json")
    assert noted.json()["note"] == "calm"
    listed = api.get("/api/v1/reflection/sittings").json()
    assert [(item["id"], item["note"]) for item in listed] == [(sitting_id, "calm")]
    assert api.get(f"/api/v1/reflection/sittings/{sitting_id}").json()["minutes"] == 8
    today = services.local_today(alice)
    rhythm = api.get(f"/api/v1/reflection/rhythm?year={today.year}&month={today.month}").json()
    assert rhythm == {
        "year": today.year,
        "month": today.month,
        "timezone": "Europe/London",
        "days": [services.local_day(timezone.now() - timedelta(minutes=9), services.zone_of(alice)).day],
        "minutes": 8,
    }


def test_the_api_refuses_bad_input_clearly(alice):
    api = api_client(alice)
    refused = api.post("/api/v1/reflection/sittings", json.dumps({"minutes": 500}), "application/json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_minutes"
    assert "from 1 to 120" in refused.json()["error"]["message"]
    sitting = services.start_sitting(alice, 5)
    too_soon = api.put(f"/api/v1/reflection/sittings/{sitting.pk}/note", json.dumps({"note": "x"}), "application/json")
    assert too_soon.status_code == 409 and too_soon.json()["error"]["code"] == "not_finished"
    too_long = api.post(
        f"/api/v1/reflection/sittings/{sitting.pk}/finish", json.dumps({"minutes": 5}), "application/json"
    )
    assert too_long.status_code == 400  # five minutes have not passed yet
    assert api.get("/api/v1/reflection/rhythm?month=13").status_code == 422


def test_the_api_settings_turn_the_bell_on_and_off(alice):
    api = api_client(alice)
    assert api.get("/api/v1/reflection/settings").json() == {"sound": False}
    assert api.put("/api/v1/reflection/settings", json.dumps({"sound": True}), "application/json").json() == {
        "sound": True
    }
    assert services.sound_on(alice)


# --- the person's data as a whole


def test_export_holds_my_sittings_and_notes_and_nothing_of_my_partners(alice, bob):
    sit(alice, 10, note="alice's own thought")
    sit(bob, 5, note="bob's own thought")
    response = signed_in(alice).post("/settings/export/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    items = json.loads(archive.read("reflection.json"))
    assert [(item["minutes"], item["note"]) for item in items] == [(10, "alice's own thought")]
    assert "alice's own thought" in archive.read("reflection.md").decode()
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"bob's own thought" not in everything


def test_starting_afresh_or_leaving_destroys_the_sittings(alice):
    sit(alice, 5, note="gone")
    vault.destroy_private_data(alice)
    assert not ReflectionSitting.objects.for_user(alice).exists()
    faye = make_person("Faye")
    sit(faye, 5)
    faye_id = faye.pk
    faye.delete()
    assert not ReflectionSitting.unscoped.filter(user_id=faye_id).exists()


def _this_month(user) -> tuple[int, int]:
    today = services.local_today(user)
    return today.year, today.month
