"""Export, deletion, discreet mode, e-mail change and operator actions."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.helpers import PASSWORD, keys_of, signed_in
from twofold.accounts.models import KeyMaterial, SecurityEvent, User
from twofold.couples import services as couples
from twofold.couples.models import CoupleKey

pytestmark = pytest.mark.django_db


def test_export_is_a_zip_of_my_own_data_as_json_and_markdown(alice, bob):
    couples.update_couple(keys_of(alice), alice, name="the two of us", timezone_name="UTC")
    response = signed_in(alice).post("/settings/export/")
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"README.md", "account.json", "account.md", "couple.json", "security-log.json"} <= names
    assert json.loads(archive.read("account.json"))[0]["email"] == alice.email
    assert json.loads(archive.read("couple.json"))[0]["name"] == "the two of us"
    everything = b"".join(archive.read(name) for name in names)
    assert bob.email.encode() not in everything  # nothing of the partner's own account
    assert SecurityEvent.objects.for_user(alice).filter(kind="exported").exists()


def test_export_needs_a_recent_sign_in(alice):
    client = signed_in(alice)
    session = client.session
    for method in session["account_authentication_methods"]:
        method["at"] -= 3600
    session.save()
    response = client.post("/settings/export/")
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]


def test_deleting_the_account_destroys_its_keys_and_leaves_the_partner_untouched(alice, bob):
    bob_events = SecurityEvent.objects.for_user(bob).count()
    client = signed_in(alice)
    refused = client.post("/settings/delete-account/", {"password": PASSWORD, "confirm": "no"})
    assert refused.status_code == 400 and User.objects.filter(pk=alice.pk).exists()
    mail.outbox.clear()
    response = client.post("/settings/delete-account/", {"password": PASSWORD, "confirm": "delete"})
    assert b"Your account is deleted" in response.content
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not KeyMaterial.objects.filter(user_id=alice.pk).exists()
    assert not CoupleKey.objects.filter(user_id=bob.pk).exists()  # the couple key is gone too
    assert couples.partner_of(bob) is None
    assert not mail.outbox  # the partner is not told
    assert SecurityEvent.objects.for_user(bob).count() >= bob_events  # Bob's own log stays
    assert keys_of(bob).version == 1  # Bob's own keys are untouched


def test_discreet_mode_gives_a_neutral_title_icon_and_app_name(alice):
    client = signed_in(alice)
    client.post(
        "/settings/profile/",
        {"display_name": "Alice", "timezone": "UTC", "idle_lock_minutes": 15, "discreet": "on"},
    )
    page = client.get("/settings/").content.decode()
    assert "<title>Notes</title>" in page and "neutral.svg" in page and "Twofold" not in page.split("</head>")[0]
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["name"] == "Notes" and all("neutral" in icon["src"] for icon in manifest["icons"])


def test_changing_the_email_tells_the_old_address_with_a_link_that_undoes_it(alice):
    EmailAddress.objects.create(user=alice, email="new@example.org", verified=True, primary=False)
    old = EmailAddress.objects.get(user=alice, email=alice.email)
    new = EmailAddress.objects.get(user=alice, email="new@example.org")
    new.set_as_primary()
    from allauth.account.signals import email_changed

    email_changed.send(sender=User, request=None, user=alice, from_email_address=old, to_email_address=new)
    message = mail.outbox[-1]
    assert message.to == ["alice@example.org"]
    link = re.search(r"http://testserver(/account/revert-email/\S+/)", message.body).group(1)
    client = signed_in(User.objects.get(pk=alice.pk))
    page = Client().post(link)
    assert b"Your old address is back" in page.content
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert client.get("/settings/").status_code == 302  # every session was signed out
    again = Client().post(link)
    assert again.status_code == 400


def test_the_operator_can_start_a_reset_but_the_data_stays_sealed_and_the_person_is_told(olive, alice):
    client = signed_in(olive)
    client.post(
        "/operator/accounts/user/",
        {"action": "send_password_reset", "_selected_action": [alice.pk]},
    )
    assert mail.outbox and mail.outbox[-1].to == [alice.email]
    event = SecurityEvent.objects.for_user(alice).filter(kind="operator").get()
    assert keys_of(alice).open(event.detail, event, "detail")["action"] == "started a password reset"
