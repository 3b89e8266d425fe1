"""Feelings check-ins: quick to log, sealed, counted only in the person's own view, shared on purpose."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.helpers import api_client, keys_of, signed_in
from tests.test_privacy import all_table_bytes
from twofold.accounts.export import build_zip
from twofold.content.loader import read
from twofold.couples import services as couples
from twofold.feelings import services
from twofold.feelings.content import load_feelings
from twofold.feelings.models import CheckIn, FeelingReply, SharedCheckIn
from twofold.lib import vault
from twofold.lib.sealed import Sealed

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture(autouse=True)
def vocabulary(db):
    load_feelings(read("feelings.toml"))


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.status_code
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def log(user, word: str = "tense", intensity: int = 3, note: str = "", at: datetime | None = None) -> CheckIn:
    return services.log_feeling(keys_of(user), user, word=word, intensity=intensity, note=note, at=at)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- checking in


def test_logging_a_feeling_takes_three_taps_without_a_note(alice):
    client = signed_in(alice)
    families = page(client, "/feelings/")
    assert 'href="?family=tired"' in families  # tap 1: the family
    words = page(client, "/feelings/?family=tired")
    assert 'name="word" value="drained"' in words  # tap 2: the word
    assert 'type="submit" name="intensity" value="4"' in words  # tap 3: how strongly, which saves
    form = re.search(r'<form method="post" action="/feelings/".*?</form>', words, re.S).group(0)
    # A browser sends the hidden family, the tapped word and the tapped button, and nothing else is required.
    required = {name for name in re.findall(r'<(?:input|textarea|select)[^>]*\bname="(\w+)"[^>]*\brequired', form)}
    assert required == {"word"}
    response = client.post("/feelings/", {"family": "tired", "word": "drained", "intensity": "4"})
    assert response.status_code == 302
    checkin = CheckIn.objects.for_user(alice).get()
    assert response["Location"] == f"/feelings/{checkin.pk}/"
    opened = keys_of(alice).open(checkin.feeling, checkin, "feeling")
    assert (opened["word"], opened["family"], opened["intensity"]) == ("drained", "tired", 4)
    assert checkin.note is None


def test_today_offers_the_families_so_checking_in_starts_there(alice):
    html = page(signed_in(alice, unlocked=False), "/")  # Today shows locked too, with no sealed text
    assert "How are you feeling?" in html and 'href="/feelings/?family=calm"' in html


def test_everyday_words_come_first_and_finer_ones_under_more_words(alice):
    html = page(signed_in(alice), "/feelings/?family=sadness")
    more = html.index("More words")
    assert html.index('value="sad"') < more < html.index('value="wistful"')


def test_everything_about_a_feeling_is_sealed_and_only_the_time_is_in_clear(alice):
    note = f"canary-note-{uuid.uuid4()}"
    checkin = log(alice, word="heartbroken", intensity=5, note=note)
    assert isinstance(checkin.feeling, Sealed) and isinstance(checkin.note, Sealed)
    assert checkin.feeling.kind == "U"
    assert keys_of(alice).open(checkin.note, checkin, "note") == note
    assert note.encode() not in all_table_bytes()


def test_the_sealed_feeling_is_the_same_size_whatever_the_word(alice):
    short, long = log(alice, word="sad", intensity=1), log(alice, word="self-conscious", intensity=5)
    assert len(short.feeling.blob) == len(long.feeling.blob)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"family": "joy", "word": "sunny", "intensity": "3"}, "Choose a feeling word from the list."),
        ({"family": "joy", "word": "glad", "intensity": "0"}, "Choose how strongly, from 1 (a little) to 5 (very)."),
        ({"family": "joy", "word": "glad", "intensity": "6"}, "Choose how strongly, from 1 (a little) to 5 (very)."),
        ({"family": "joy", "intensity": "3"}, "Choose the word that fits best."),
        ({"family": "joy", "word": "glad", "intensity": "3", "note": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_on_the_page_says_why_and_changes_nothing(alice, fields, message):
    response = signed_in(alice).post("/feelings/", fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CheckIn.objects.for_user(alice).exists()


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"word": "sunny", "intensity": 3}, 400, "unknown_word"),
        ({"word": "glad", "intensity": 0}, 422, "invalid"),
        ({"word": "glad", "intensity": 6}, 422, "invalid"),
        ({"word": "glad", "intensity": 3, "note": "x" * 2001}, 422, "invalid"),
    ],
)
def test_bad_input_through_the_api_says_why_and_changes_nothing(alice, body, status, code):
    response = api_client(alice).post("/api/v1/feelings/checkins", json.dumps(body), JSON)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code and response.json()["error"]["message"]
    assert not CheckIn.objects.for_user(alice).exists()


def test_a_bad_edit_changes_nothing(alice):
    checkin = log(alice, word="calm", intensity=2)
    client = api_client(alice)
    response = client.put(f"/api/v1/feelings/checkins/{checkin.pk}", json.dumps({"word": "zen", "intensity": 2}), JSON)
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_word"
    response = signed_in(alice).post(f"/feelings/{checkin.pk}/edit/", {"word": "calm", "intensity": "9"})
    assert response.status_code == 400
    checkin.refresh_from_db()
    assert keys_of(alice).open(checkin.feeling, checkin, "feeling")["word"] == "calm"


def test_editing_and_deleting_a_checkin(alice):
    checkin = log(alice, word="calm", intensity=2)
    client = signed_in(alice)
    client.post(f"/feelings/{checkin.pk}/edit/", {"word": "serene", "intensity": "4", "note": "the lake"})
    html = page(client, f"/feelings/{checkin.pk}/")
    assert "Serene" in html and "strongly (4 of 5)" in html and "the lake" in html
    assert "Delete this check-in?" in page(client, f"/feelings/{checkin.pk}/delete/")
    assert CheckIn.objects.for_user(alice).exists()  # asking changes nothing
    client.post(f"/feelings/{checkin.pk}/delete/")
    assert not CheckIn.objects.for_user(alice).exists()


def test_a_locked_person_is_asked_to_unlock_first(alice):
    response = signed_in(alice, unlocked=False).get("/feelings/history/")
    assert response.status_code == 302 and response["Location"].startswith("/unlock/")


# --- the private month


def test_the_month_counts_families_and_words_without_judgement(alice):
    now = timezone.now()
    for word, times in [("calm", 4), ("relaxed", 2), ("tired", 4), ("glad", 3)]:
        for _ in range(times):
            log(alice, word=word, at=now)
    html = page(signed_in(alice), "/feelings/history/")
    counts = re.findall(r"<li>(\w+) <strong>(\d+)</strong></li>", html)
    assert counts[:3] == [("Calm", "6"), ("Tired", "4"), ("Joy", "3")]
    assert "13 check-ins." in html
    counts_card = re.search(r'<section class="card stack" aria-labelledby="counts-title">.*?</section>', html, re.S)
    for judgement in ("streak", "score", "%", "best", "worst", "good", "bad"):
        assert judgement not in counts_card.group(0).lower()


def test_the_calendar_follows_the_persons_timezone_across_a_dst_change(alice):
    # Europe/London moves to summer time at 01:00 UTC on 30 March 2025.
    log(alice, word="calm", at=utc(2025, 2, 28, 23, 30))  # 28 February, 23:30 GMT
    log(alice, word="calm", at=utc(2025, 3, 30, 0, 30))  # 30 March, 00:30 GMT, before the change
    log(alice, word="calm", at=utc(2025, 3, 30, 23, 30))  # 31 March, 00:30 BST
    log(alice, word="calm", at=utc(2025, 3, 31, 23, 30))  # 1 April, 00:30 BST: not March any more
    march = services.month_history(keys_of(alice), alice, 2025, 3)
    assert sorted(group.day for group in march.days) == [date(2025, 3, 30), date(2025, 3, 31)]
    marked = {day.day for week in march.weeks for day in week if day.count}
    assert marked == {date(2025, 3, 30), date(2025, 3, 31)}
    assert [group.day for group in services.month_history(keys_of(alice), alice, 2025, 4).days] == [date(2025, 4, 1)]

    html = page(signed_in(alice), "/feelings/history/?month=2025-03")
    assert 'href="#day-2025-03-31"' in html and 'href="#day-2025-03-30"' in html
    assert 'href="#day-2025-03-01"' not in html
    assert ">00:30</time>" in html  # shown in local time, not UTC
    api = api_client(alice).get("/api/v1/feelings/history?month=2025-03").json()
    assert api["days"] == [{"date": "2025-03-30", "count": 1}, {"date": "2025-03-31", "count": 1}]
    assert (api["previous"], api["next"]) == ("2025-02", "2025-04")


def test_the_autumn_change_keeps_a_late_evening_on_its_own_day(alice):
    # Clocks go back at 01:00 UTC on 26 October 2025; 31 October 23:30 is still October in London.
    log(alice, word="tired", at=utc(2025, 10, 26, 0, 30))  # 26 October, 01:30 BST
    log(alice, word="tired", at=utc(2025, 10, 26, 1, 30))  # 26 October, 01:30 GMT (the hour repeats)
    log(alice, word="tired", at=utc(2025, 10, 31, 23, 30))
    october = services.month_history(keys_of(alice), alice, 2025, 10)
    assert [(group.day, len(group.entries)) for group in october.days] == [
        (date(2025, 10, 31), 1),
        (date(2025, 10, 26), 2),
    ]


def test_the_next_month_link_stops_at_the_current_month(alice):
    html = page(signed_in(alice), "/feelings/history/")
    assert "Previous month" in html and "Next month" not in html
    assert "No check-ins this month" in html


def test_the_history_page_takes_the_same_queries_however_many_checkins(alice, bob, django_assert_num_queries):
    client = signed_in(alice)
    # session, user, the month's check-ins (with shared copies and replies), the family labels
    with django_assert_num_queries(4):
        client.get("/feelings/history/")
    for index in range(40):
        checkin = log(alice, word=["calm", "tired", "glad", "lonely"][index % 4], note=f"note {index}")
        if index % 5 == 0:
            shared = services.share_checkin(keys_of(alice), alice, checkin)
            services.set_reply(keys_of(bob), bob, shared, "I hear you")
    with django_assert_num_queries(4):
        assert "40 check-ins." in client.get("/feelings/history/").content.decode()


# --- sharing one check-in


def test_sharing_shows_a_preview_first_then_the_partner_can_reply(alice, bob):
    checkin = log(alice, word="lonely", intensity=4, note="quiet week")
    alice_client, bob_client = signed_in(alice), signed_in(bob)
    preview = page(alice_client, f"/feelings/{checkin.pk}/share/")
    assert "This is exactly what Bob will see" in preview
    assert not SharedCheckIn.unscoped.exists()  # looking shares nothing

    alice_client.post(f"/feelings/{checkin.pk}/share/")
    shared_page = page(bob_client, "/feelings/shared/")

    def feeling_html(html: str) -> str:
        return re.search(r'<div class="stack stack-s shared-feeling">.*?</div>\n</div>', html, re.S).group(0)

    assert feeling_html(preview) == feeling_html(shared_page)  # both in Europe/London
    copy = SharedCheckIn.objects.for_user(bob).get()
    response = bob_client.post(f"/feelings/shared/{copy.pk}/reply/", {"text": "It makes sense you felt lonely."})
    assert response.status_code == 302
    reply = FeelingReply.objects.for_user(alice).get()
    assert reply.text.kind == "C"  # sealed under the couple key
    assert "It makes sense you felt lonely." in page(alice_client, f"/feelings/{checkin.pk}/")
    assert "It makes sense you felt lonely." in page(alice_client, "/feelings/shared/")


def test_a_reply_can_be_changed_and_removed(alice, bob):
    shared = services.share_checkin(keys_of(alice), alice, log(alice))
    client = signed_in(bob)
    client.post(f"/feelings/shared/{shared.pk}/reply/", {"text": "first"})
    client.post(f"/feelings/shared/{shared.pk}/reply/", {"text": "second"})
    assert FeelingReply.objects.for_user(bob).count() == 1
    assert "second" in page(signed_in(alice), "/feelings/shared/")
    client.post(f"/feelings/shared/{shared.pk}/reply/delete/")
    assert not FeelingReply.objects.for_user(bob).exists()


def test_a_too_long_reply_says_why_and_changes_nothing(alice, bob):
    shared = services.share_checkin(keys_of(alice), alice, log(alice))
    response = signed_in(bob).post(f"/feelings/shared/{shared.pk}/reply/", {"text": "x" * 1001})
    assert response.status_code == 400 and "at most 1000 characters" in response.content.decode()
    api = api_client(bob).put(f"/api/v1/feelings/shared/{shared.pk}/reply", json.dumps({"text": "x" * 1001}), JSON)
    assert api.status_code == 422
    assert not FeelingReply.unscoped.exists()


def test_the_sharer_cannot_reply_to_their_own_checkin(alice, bob):
    shared = services.share_checkin(keys_of(alice), alice, log(alice))
    assert signed_in(alice).post(f"/feelings/shared/{shared.pk}/reply/", {"text": "me"}).status_code == 404
    assert not FeelingReply.unscoped.exists()


def test_the_partner_learns_nothing_of_private_checkins(alice, bob):
    services.share_checkin(keys_of(alice), alice, log(alice, word="glad", note="shared on purpose"))
    bob_client, bob_api = signed_in(bob), api_client(bob)
    before = page(bob_client, "/feelings/shared/")
    api_before = bob_api.get("/api/v1/feelings/shared").json()
    # Alice logs many private feelings: nothing Bob can see changes, not even a count or a time.
    for index in range(6):
        log(alice, word="anxious", note=f"private {index}", at=timezone.now() - timedelta(days=index))
    assert page(bob_client, "/feelings/shared/") == before
    assert bob_api.get("/api/v1/feelings/shared").json() == api_before
    assert "anxious" not in before and "private" not in before
    assert bob_api.get("/api/v1/feelings/checkins").json() == []
    assert bob_api.get("/api/v1/feelings/history").json()["total"] == 0


def test_unsharing_removes_the_copy_and_its_reply_at_once(alice, bob):
    checkin = log(alice, word="glad")
    shared = services.share_checkin(keys_of(alice), alice, checkin)
    services.set_reply(keys_of(bob), bob, shared, "lovely")
    assert signed_in(alice).post(f"/feelings/{checkin.pk}/unshare/").status_code == 302
    assert not SharedCheckIn.unscoped.exists() and not FeelingReply.unscoped.exists()
    assert "glad" not in page(signed_in(bob), "/feelings/shared/")


def test_editing_a_shared_checkin_says_so_and_updates_what_the_partner_sees(alice, bob):
    checkin = log(alice, word="glad")
    services.share_checkin(keys_of(alice), alice, checkin)
    client = signed_in(alice)
    assert "Saving changes what Bob sees too." in page(client, f"/feelings/{checkin.pk}/edit/")
    client.post(f"/feelings/{checkin.pk}/edit/", {"word": "proud", "intensity": "5"})
    assert "proud" in page(signed_in(bob), "/feelings/shared/")


def test_after_unpairing_shared_checkins_and_replies_are_gone_and_each_keeps_their_own(alice, bob):
    shared = services.share_checkin(keys_of(alice), alice, log(alice, word="glad"))
    services.set_reply(keys_of(bob), bob, shared, "lovely")
    services.share_checkin(keys_of(bob), bob, log(bob, word="tired"))

    couples.unpair(alice)

    assert not SharedCheckIn.unscoped.exists() and not FeelingReply.unscoped.exists()
    assert "glad" not in page(signed_in(bob), "/feelings/shared/")
    assert api_client(bob).get("/api/v1/feelings/shared").json() == {"partner": None, "from_partner": [], "mine": []}
    assert CheckIn.objects.for_user(alice).count() == 1 and CheckIn.objects.for_user(bob).count() == 1


def test_only_someone_in_an_active_couple_can_share(erin):
    checkin = log(erin)
    assert "Sharing needs a partner" in page(signed_in(erin), f"/feelings/{checkin.pk}/share/")
    response = api_client(erin).post(f"/api/v1/feelings/checkins/{checkin.pk}/share")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_paired"
    assert not SharedCheckIn.unscoped.exists()


def test_nobody_else_can_touch_a_checkin(alice, bob, charlie):
    checkin = log(alice)
    shared = services.share_checkin(keys_of(alice), alice, log(alice))
    for other in (bob, charlie):
        client = signed_in(other)
        assert client.get(f"/feelings/{checkin.pk}/").status_code == 404
        assert client.post(f"/feelings/{checkin.pk}/delete/").status_code == 404
        assert api_client(other).get(f"/api/v1/feelings/checkins/{shared.checkin_id}").status_code == 404
    assert signed_in(charlie).post(f"/feelings/shared/{shared.pk}/reply/", {"text": "hi"}).status_code == 404
    assert CheckIn.objects.for_user(alice).count() == 2 and not FeelingReply.unscoped.exists()


def test_the_shared_page_takes_the_same_queries_however_much_is_shared(alice, bob, django_assert_num_queries):
    client = signed_in(bob)
    services.share_checkin(keys_of(alice), alice, log(alice))
    # session, user, partner, labels, partner's copies, couple key, key material, own copies
    with django_assert_num_queries(8):
        client.get("/feelings/shared/")
    for index in range(15):
        shared = services.share_checkin(keys_of(alice), alice, log(alice, note=f"n{index}"))
        services.set_reply(keys_of(bob), bob, shared, "yes")
        services.share_checkin(keys_of(bob), bob, log(bob))
    with django_assert_num_queries(8):
        assert client.get("/feelings/shared/").content.decode().count('id="shared-') == 16


# --- the API


def test_checkins_through_the_api(alice, bob):
    client = api_client(alice)
    families = client.get("/api/v1/feelings/vocabulary").json()
    assert len(families) == 10 and families[0]["words"][0]["tier"] == 1
    created = client.post("/api/v1/feelings/checkins", json.dumps({"word": "Hopeful ", "intensity": 2}), JSON)
    assert created.status_code == 201
    body = created.json()
    assert (body["word"], body["family"], body["intensity_label"]) == ("hopeful", "joy", "somewhat")
    assert body["shared"] is False
    assert [item["id"] for item in client.get("/api/v1/feelings/checkins").json()] == [body["id"]]
    preview = client.get(f"/api/v1/feelings/checkins/{body['id']}/share").json()
    assert preview["partner"] == {"display_name": "Bob"} and preview["checkin"]["word"] == "hopeful"
    assert client.post(f"/api/v1/feelings/checkins/{body['id']}/share").json()["shared"] is True

    bob_api = api_client(bob)
    from_alice = bob_api.get("/api/v1/feelings/shared").json()["from_partner"]
    assert [(item["word"], item["reply"]) for item in from_alice] == [("hopeful", None)]
    reply = bob_api.put(f"/api/v1/feelings/shared/{from_alice[0]['id']}/reply", json.dumps({"text": "Me too."}), JSON)
    assert reply.status_code == 200 and reply.json()["text"] == "Me too."
    assert client.get(f"/api/v1/feelings/checkins/{body['id']}").json()["reply"]["text"] == "Me too."
    assert bob_api.delete(f"/api/v1/feelings/shared/{from_alice[0]['id']}/reply").status_code == 204

    updated = client.put(
        f"/api/v1/feelings/checkins/{body['id']}", json.dumps({"word": "eager", "intensity": 5, "note": "soon"}), JSON
    )
    assert (updated.json()["word"], updated.json()["family"], updated.json()["note"]) == ("eager", "interest", "soon")
    assert client.delete(f"/api/v1/feelings/checkins/{body['id']}/share").status_code == 204
    assert bob_api.get("/api/v1/feelings/shared").json()["from_partner"] == []
    history = client.get("/api/v1/feelings/history").json()
    assert history["total"] == 1 and history["families"] == [{"name": "Interest", "count": 1}]
    assert client.get("/api/v1/feelings/history?month=2025-13").status_code == 400
    assert client.delete(f"/api/v1/feelings/checkins/{body['id']}").status_code == 204
    assert client.get("/api/v1/feelings/checkins").json() == []


# --- account-wide


def test_the_export_holds_ones_own_checkins_and_replies_and_not_the_partners(alice, bob):
    log(alice, word="glad", note="alice's own note")
    bob_shared = services.share_checkin(keys_of(bob), bob, log(bob, word="weary", note="bob's shared note"))
    services.set_reply(keys_of(alice), alice, bob_shared, "alice's reply")
    with zipfile.ZipFile(io.BytesIO(build_zip(alice, keys_of(alice)))) as opened:
        items = json.loads(opened.read("feelings.json"))
        everything = b"".join(opened.read(name) for name in opened.namelist())
    assert [item.get("word") or item.get("text") for item in items] == ["glad", "alice's reply"]
    assert b"alice's own note" in everything and b"bob's shared note" not in everything and b"weary" not in everything


def test_starting_afresh_destroys_checkins_copies_and_replies(alice, bob):
    shared = services.share_checkin(keys_of(alice), alice, log(alice))
    services.set_reply(keys_of(bob), bob, shared, "hi")
    vault.destroy_private_data(alice)
    assert not CheckIn.unscoped.exists() and not SharedCheckIn.unscoped.exists()
    assert not FeelingReply.unscoped.exists()  # the reply answered a copy that is gone


@pytest.mark.django_db(transaction=True)
def test_what_is_written_in_a_checkin_is_never_stored_in_the_clear(alice, bob):
    load_feelings(read("feelings.toml"))  # committed tests start without the vocabulary
    web, api, reply = (f"canary-{kind}-{uuid.uuid4()}" for kind in ("web", "api", "reply"))
    signed_in(alice).post("/feelings/", {"family": "joy", "word": "glad", "intensity": "3", "note": web})
    api_client(alice).post("/api/v1/feelings/checkins", json.dumps({"word": "calm", "intensity": 1, "note": api}), JSON)
    checkin = CheckIn.objects.for_user(alice).order_by("checked_at").first()
    signed_in(alice).post(f"/feelings/{checkin.pk}/share/")
    copy = SharedCheckIn.objects.for_user(bob).get()
    signed_in(bob).post(f"/feelings/shared/{copy.pk}/reply/", {"text": reply})
    assert reply in page(signed_in(alice), "/feelings/shared/")
    stored = all_table_bytes()
    for canary in (web, api, reply):
        assert canary.encode() not in stored


def test_every_feelings_page_keeps_to_the_csp_and_has_quick_exit(alice, bob):
    checkin = log(alice, note="a *note*")
    services.share_checkin(keys_of(bob), bob, log(bob))
    client = signed_in(alice)
    for path in ["/feelings/", "/feelings/?family=fear", "/feelings/history/", "/feelings/shared/",
                 f"/feelings/{checkin.pk}/", f"/feelings/{checkin.pk}/edit/", f"/feelings/{checkin.pk}/delete/",
                 f"/feelings/{checkin.pk}/share/"]:  # fmt: skip
        html = page(client, path)
        assert ">Quick exit<" in html, path
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html)), path
        assert " style=" not in html and " on" + "click=" not in html, path
