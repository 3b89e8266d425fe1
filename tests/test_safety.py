"""Safety: where you are signed in, the security log, and the safety reset.

The person to protect against may be the partner, holding the other's unlocked phone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.helpers import PASSWORD, api_client, keys_of, signed_in
from twofold.accounts import security
from twofold.accounts.models import ApiToken, SecurityEvent, User
from twofold.accounts.services import after_password_reset, end_all_sessions
from twofold.core.housekeeping import run_housekeeping
from twofold.couples.services import partner_of
from twofold.lib import keyring
from twofold.safety.models import DeviceSession
from twofold.safety.services import NOTED

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new long passphrase"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def signed_in_with(user: User, agent: str = FIREFOX_ANDROID, **extra) -> Client:
    client = Client(HTTP_USER_AGENT=agent, **extra)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def row_of(client: Client) -> DeviceSession:
    return DeviceSession.unscoped.get(session_key=client.session.session_key)


def is_signed_in(client: Client) -> bool:
    response = client.get("/settings/")
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
        return False
    assert response.status_code == 200
    return True


# --- sessions


def test_signing_in_records_a_coarse_device_session(alice):
    client = signed_in_with(alice)
    row = row_of(client)
    assert (row.user_id, row.device) == (alice.pk, "Firefox on Android")
    assert row.created_at.minute == row.created_at.second == row.created_at.microsecond == 0
    assert row.last_seen_at == row.created_at


def test_no_ip_address_or_location_is_stored(alice):
    client = signed_in_with(alice, REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.23")
    client.get("/settings/sessions/")
    fields = {field.name for field in DeviceSession._meta.get_fields()}
    assert fields == {"id", "user", "session_key", "device", "created_at", "last_seen_at"}
    stored = " ".join(str(value) for value in DeviceSession.unscoped.values_list().get())
    assert "203.0.113" not in stored and "198.51.100" not in stored


def test_sessions_page_shows_each_device_by_day_and_marks_this_one(alice):
    laptop = signed_in_with(alice, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36")
    phone = signed_in_with(alice)
    old = timezone.now() - timedelta(days=40)
    DeviceSession.unscoped.filter(pk=row_of(laptop).pk).update(created_at=old, last_seen_at=old)
    html = phone.get("/settings/sessions/").content.decode()
    assert "Firefox on Android</strong> · This device" in html
    assert "Chrome on Windows</strong><br>" in html
    assert "Signed in today · last active today" in html
    local = timezone.localtime(old, ZoneInfo(alice.timezone))
    assert f"Signed in {local.day} {local:%B %Y}" in html
    assert not re.search(r"\d{1,2}:\d{2}", html), "no time of day is shown"


def test_sessions_page_takes_three_queries_however_many_sessions(alice, django_assert_num_queries):
    client = signed_in_with(alice)
    # session, user, the person's live sessions (the live check is a subquery)
    with django_assert_num_queries(3):
        client.get("/settings/sessions/")
    for _ in range(5):
        signed_in_with(alice)
    with django_assert_num_queries(3):
        assert client.get("/settings/sessions/").content.decode().count('<li class="cluster between">') == 6


def test_yesterday_is_said_as_yesterday(alice):
    client = signed_in_with(alice)
    DeviceSession.unscoped.filter(pk=row_of(client).pk).update(last_seen_at=timezone.now() - timedelta(days=1))
    assert "last active yesterday" in client.get("/settings/sessions/").content.decode()


def test_last_active_is_written_at_most_every_ten_minutes(alice, django_assert_num_queries):
    client = signed_in_with(alice)
    row = row_of(client)
    stale = row.last_seen_at - timedelta(hours=3)
    DeviceSession.unscoped.filter(pk=row.pk).update(last_seen_at=stale)
    # session, user: nothing for the device session on an ordinary request
    with django_assert_num_queries(2):
        client.get("/settings/")
    assert row_of(client).last_seen_at == stale
    session = client.session
    session[NOTED] = {**session[NOTED], "at": session[NOTED]["at"] - 601}
    session.save()
    client.get("/settings/")
    assert row_of(client).last_seen_at > stale


def test_signing_out_one_session_signs_out_exactly_that_device(alice):
    laptop, phone, tablet = signed_in_with(alice), signed_in_with(alice), signed_in_with(alice)
    response = laptop.post(f"/settings/sessions/{row_of(phone).pk}/end/", follow=True)
    assert b"That session is signed out." in response.content
    assert not is_signed_in(phone)
    assert is_signed_in(laptop) and is_signed_in(tablet)
    assert DeviceSession.objects.for_user(alice).count() == 2
    assert SecurityEvent.objects.for_user(alice).filter(kind=security.Kind.SESSIONS_ENDED).exists()


def test_this_device_is_not_signed_out_from_the_list(alice):
    client = signed_in_with(alice)
    response = client.post(f"/settings/sessions/{row_of(client).pk}/end/", follow=True)
    assert b"That is this device." in response.content
    assert is_signed_in(client)


def test_sign_out_all_others_keeps_the_current_session(alice, bob):
    here, phone, tablet = signed_in_with(alice), signed_in_with(alice), signed_in_with(alice)
    bobs = signed_in_with(bob)
    response = here.post("/settings/sessions/end-others/", follow=True)
    assert b"2 other sessions are signed out." in response.content
    assert is_signed_in(here) and is_signed_in(bobs)
    assert not is_signed_in(phone) and not is_signed_in(tablet)
    assert list(DeviceSession.objects.for_user(alice).values_list("session_key", flat=True)) == [
        here.session.session_key
    ]


def test_nobody_can_end_another_persons_session(alice, bob, erin):
    alices = signed_in_with(alice)
    target = row_of(alices).pk
    for someone in (bob, erin):
        assert signed_in(someone).post(f"/settings/sessions/{target}/end/").status_code == 404
    assert is_signed_in(alices)
    assert DeviceSession.unscoped.filter(pk=target).exists()


def test_another_persons_sessions_never_appear(alice, bob):
    signed_in_with(bob, "Mozilla/5.0 (iPad; CPU OS 17_0) Safari/604.1")
    html = signed_in_with(alice).get("/settings/sessions/").content.decode()
    assert "iPad" not in html and html.count('<li class="cluster between">') == 1


def test_signing_out_forgets_the_device_session(alice):
    client = signed_in_with(alice)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert not DeviceSession.unscoped.filter(session_key=key).exists()


def test_housekeeping_forgets_rows_whose_session_has_ended(alice):
    kept, expired, gone = signed_in_with(alice), signed_in_with(alice), signed_in_with(alice)
    Session.objects.filter(session_key=expired.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )
    Session.objects.filter(session_key=gone.session.session_key).delete()
    run_housekeeping()
    assert list(DeviceSession.unscoped.values_list("session_key", flat=True)) == [kept.session.session_key]


def test_end_all_sessions_reads_only_the_persons_own_rows(alice, bob, django_assert_num_queries):
    alices = [signed_in_with(alice) for _ in range(3)]
    bobs = signed_in_with(bob)
    keep = alices[0].session.session_key
    # in one transaction (savepoint, release): the person's sessions, found by a subquery on
    # their rows, then their rows; no other session on the server is read
    with django_assert_num_queries(4):
        assert end_all_sessions(alice, keep_session_key=keep) == 2
    assert [is_signed_in(client) for client in alices] == [True, False, False]
    assert is_signed_in(bobs)


# --- the security log


def test_security_log_shows_own_events_with_opened_details_and_never_anothers(alice, bob, erin):
    security.record(bob, security.Kind.API_TOKEN, action="made", name="bobs secret token")
    security.record(erin, security.Kind.EXPORTED, name="erins export")
    client = signed_in_with(alice)
    security.record(alice, security.Kind.API_TOKEN, action="made", name="alices laptop")
    html = client.get("/settings/security-log/").content.decode()
    assert "Signed in on a new device" in html and "Device: Firefox on Android" in html
    assert "API token made or revoked" in html and "Name: alices laptop" in html
    assert html.index("alices laptop") < html.index("Signed in on a new device"), "newest first"
    assert "bobs secret token" not in html and "erins export" not in html and "Data exported" not in html


def test_security_log_shows_when_in_the_persons_timezone_to_the_hour(alice):
    alice.timezone = "Asia/Kolkata"  # +5:30
    alice.save(update_fields=["timezone"])
    event = security.record(alice, security.Kind.EXPORTED)
    SecurityEvent.unscoped.filter(pk=event.pk).update(created_at=datetime(2026, 3, 4, 10, 50, tzinfo=UTC))
    html = signed_in(alice).get("/settings/security-log/").content.decode()
    assert "4 Mar 2026, 16:00" in html


def test_a_detail_that_cannot_be_opened_says_so(alice, bob):
    event = SecurityEvent.objects.create(user=alice, kind=security.Kind.OPERATOR)
    # sealed to someone else's key, as after starting afresh: it does not open with Alice's
    event.detail = keyring.seal_for(bob.pk, {"action": "zebra-crossing"}, event, "detail")
    event.save(update_fields=["detail"])
    response = signed_in(alice).get("/settings/security-log/")
    assert response.status_code == 200
    assert b"details not available" in response.content and b"zebra-crossing" not in response.content


def test_security_log_needs_the_persons_keys(alice):
    response = signed_in(alice, unlocked=False).get("/settings/security-log/")
    assert response.status_code == 302 and response["Location"].startswith("/unlock/")


@pytest.mark.parametrize("events", [5, 60])
def test_security_log_takes_five_queries_however_many_events(alice, events, django_assert_num_queries):
    client = signed_in(alice)
    for index in range(events):
        security.record(alice, security.Kind.API_TOKEN, action="made", name=f"token {index}")
    # session, user, count of events, this page of events, key material (opens every detail)
    with django_assert_num_queries(5):
        html = client.get("/settings/security-log/").content.decode()
    assert html.count("API token made or revoked") == min(events, 50)


def test_security_log_pages_hold_fifty_events(alice):
    client = signed_in(alice)
    for index in range(60):
        security.record(alice, security.Kind.API_TOKEN, name=f"token {index:02}")
    first = client.get("/settings/security-log/").content.decode()
    second = client.get("/settings/security-log/?page=2").content.decode()
    assert "token 59" in first and "token 10" in first and "token 09" not in first
    assert "token 09" in second and "token 00" in second and "Page 2 of 2" in second


# --- the safety reset


def reset(client: Client, current: str = PASSWORD, new: str = NEW_PASSWORD, again: str | None = None):
    body = {"current_password": current, "new_password1": new, "new_password2": again or new}
    return client.post("/settings/safety-reset/", body)


def test_safety_reset_is_two_taps_from_settings_and_comes_first(alice):
    client = signed_in(alice)
    html = client.get("/settings/").content.decode()
    first_card = html[html.index("<section") :]
    assert re.search(r'<h2 id="[\w-]+">Safety</h2>', first_card[: first_card.index("</section>")])
    assert re.findall(r'href="([^"]+)"', first_card)[0] == "/settings/safety-reset/"
    page = client.get("/settings/safety-reset/").content.decode()
    assert "Your partner is sent no message" in page and 'name="current_password"' in page


def test_safety_reset_takes_the_account_back(alice, bob):
    sealed = security.record(alice, security.Kind.EXPORTED, name="from before the reset")
    phone = signed_in(alice)  # perhaps in the partner's hands
    api = api_client(alice)
    here = signed_in(alice)
    mail.outbox.clear()

    response = reset(here)

    assert response.status_code == 302 and response["Location"] == "/settings/recovery-code/"
    recovery_page = here.get(response["Location"]).content.decode()
    assert 'data-testid="recovery-code"' in recovery_page
    assert 'href="/accounts/2fa/"' in recovery_page and 'href="/accounts/email/"' in recovery_page
    # unpaired, silently
    assert partner_of(alice) is None and partner_of(bob) is None
    assert b"On your own for now" in signed_in(bob).get("/").content
    assert mail.outbox == []
    # every other session signed out; this one stays, with its keys
    assert not is_signed_in(phone)
    assert is_signed_in(here)
    assert here.get("/settings/security-log/").status_code == 200
    assert list(DeviceSession.objects.for_user(alice).values_list("session_key", flat=True)) == [
        here.session.session_key
    ]
    # API tokens revoked
    assert not ApiToken.objects.for_user(alice).filter(revoked_at__isnull=True).exists()
    assert api.get("/api/v1/me").status_code == 401
    # the new password signs in and opens the keys; the old one does neither
    assert Client().post("/accounts/login/", {"login": alice.email, "password": PASSWORD}).status_code == 200
    assert Client().post("/accounts/login/", {"login": alice.email, "password": NEW_PASSWORD}).status_code == 302
    chain = keyring.unlock_with_password(alice, NEW_PASSWORD)
    assert chain.open(sealed.detail, sealed, "detail") == {"name": "from before the reset"}
    with pytest.raises(keyring.Locked):
        keyring.unlock_with_password(alice, PASSWORD)
    assert SecurityEvent.objects.for_user(alice).filter(kind=security.Kind.SAFETY_RESET).exists()
    assert not SecurityEvent.objects.for_user(bob).filter(kind=security.Kind.UNPAIRED).exists()


def test_safety_reset_with_a_wrong_current_password_changes_nothing(alice, bob):
    phone = signed_in(alice)
    api = api_client(alice)
    here = signed_in(alice)
    response = reset(here, current="not my password")
    assert response.status_code == 400
    assert b"That is not your current password. Nothing was changed." in response.content
    assert partner_of(alice) == bob
    assert is_signed_in(phone) and api.get("/api/v1/me").status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD) and not alice.check_password(NEW_PASSWORD)
    assert keys_of(alice).user_id == alice.pk
    assert not SecurityEvent.objects.for_user(alice).filter(kind=security.Kind.SAFETY_RESET).exists()


@pytest.mark.parametrize(
    ("new", "again", "error"),
    [
        ("short", "short", b"This password is too short."),
        (NEW_PASSWORD, NEW_PASSWORD + "!", b"The two new passwords don&#x27;t match."),
        (PASSWORD, PASSWORD, b"Choose a password different from your current one."),
    ],
)
def test_safety_reset_checks_the_new_password(alice, new, again, error):
    response = reset(signed_in(alice), new=new, again=again)
    assert response.status_code == 400 and error in response.content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_safety_reset_on_your_own_works_too(erin):
    here = signed_in(erin)
    assert reset(here)["Location"] == "/settings/recovery-code/"
    assert keyring.unlock_with_password(erin, NEW_PASSWORD).user_id == erin.pk


def test_safety_reset_changes_the_password_even_when_the_keys_wait_for_the_recovery_code(alice):
    after_password_reset(alice)  # as after a reset by e-mail: the password no longer opens the keys
    here = signed_in(alice)
    response = reset(here)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert here.get(response["Location"])["Location"].startswith("/settings/recover/")
    with pytest.raises(keyring.Locked):
        keyring.unlock_with_password(alice, NEW_PASSWORD)


@pytest.mark.parametrize("path", ["/settings/sessions/", "/settings/security-log/", "/settings/safety-reset/"])
def test_safety_pages_are_private_and_have_no_inline_script_or_style(alice, path):
    response = signed_in(alice).get(path)
    html = response.content.decode()
    assert response.status_code == 200 and ">Quick exit<" in html
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert " style=" not in html and "onclick=" not in html
    assert response["Cache-Control"].startswith("no-store")
