"""Sign-up, verification, sign-in throttling, profile and API tokens."""

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client

from tests.helpers import PASSWORD, make_person, signed_in
from twofold.accounts.adapter import UNKNOWN_DEVICE_FAILURES
from twofold.accounts.models import ApiToken, User
from twofold.lib import keyring

pytestmark = pytest.mark.django_db


def sign_up(client: Client, name: str = "Alice", email: str = "alice@example.org", **extra):
    data = {
        "display_name": name,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "timezone": "Europe/Paris",
        **extra,
    }
    return client.post("/accounts/signup/", data, follow=True)


def confirm_from_outbox(client: Client):
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    return client.post(link, follow=True)


def test_sign_up_verify_and_land_on_today_with_display_name_and_timezone(client):
    response = sign_up(client)
    assert b"Verify Your Email Address" in response.content or b"verification" in response.content.lower()
    user = User.objects.get(email="alice@example.org")
    assert (user.display_name, user.timezone) == ("Alice", "Europe/Paris")
    shown = confirm_from_outbox(client)
    code = re.search(r"(?:[A-Z0-9]{5}-){4}[A-Z0-9]{5}", shown.content.decode()).group(0)
    wrong = client.post("/settings/recovery-code/", {"last_group": "AAAAA"}, follow=True)
    assert b"doesn&#x27;t match" in wrong.content
    code = re.search(r"(?:[A-Z0-9]{5}-){4}[A-Z0-9]{5}", wrong.content.decode()).group(0)  # a new one
    today = client.post("/settings/recovery-code/", {"last_group": code[-5:]}, follow=True)
    assert b"Hello, Alice" in today.content
    assert keyring.unlock_with_recovery_code(User.objects.get(), code).version == 1


def test_passwords_are_hashed_with_argon2_first(settings):
    from twofold import settings as app_settings

    assert app_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = app_settings.PASSWORD_HASHERS  # undo the suite's fast hasher
    user = make_person("Hashy")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_sign_up_with_bad_input_keeps_what_was_typed(client):
    response = sign_up(client, email="not-an-email")
    assert response.status_code == 200
    assert b'value="Alice"' in response.content
    assert not User.objects.exists()


def test_unknown_timezone_from_the_browser_falls_back_to_utc(client):
    sign_up(client, timezone="Moon/Base")
    assert User.objects.get().timezone == "UTC"


def test_signing_up_with_a_taken_address_does_not_reveal_it(client, alice):
    response = sign_up(Client(), name="Mallory", email=alice.email)
    assert b"already" not in response.content.lower()
    assert User.objects.filter(email=alice.email).count() == 1


def login(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_wrong_passwords_from_elsewhere_never_lock_out_a_known_device(alice):
    owners_phone = Client()
    assert login(owners_phone, alice.email, PASSWORD).status_code == 302
    owners_phone.post("/accounts/logout/")
    guesser = Client()
    for _ in range(UNKNOWN_DEVICE_FAILURES):
        login(guesser, alice.email, "wrong guess")
    blocked = login(guesser, alice.email, PASSWORD)
    assert blocked.status_code == 200 and b"Too many failed login attempts" in blocked.content
    # The owner's own device still gets in at once.
    assert login(owners_phone, alice.email, PASSWORD).status_code == 302


def test_profile_changes_display_name_and_refuses_bad_timezone(alice):
    client = signed_in(alice)
    client.post("/settings/profile/", {"display_name": "Ali", "timezone": "Asia/Kolkata", "idle_lock_minutes": 15})
    alice.refresh_from_db()
    assert (alice.display_name, alice.timezone) == ("Ali", "Asia/Kolkata")
    response = client.post("/settings/profile/", {"display_name": "", "timezone": "Asia/Kolkata"})
    assert response.status_code == 400 and b"This field is required." in response.content
    alice.refresh_from_db()
    assert alice.display_name == "Ali"


def test_api_tokens_are_shown_once_stored_hashed_and_revocable(alice, erin):
    client = signed_in(alice)
    response = client.post("/settings/api-tokens/", {"name": "my phone"})
    secret = re.search(r'value="(tf_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.for_user(alice).get()
    assert secret not in token.token_hash and token.prefix == secret[:8]
    assert secret not in client.get("/settings/api-tokens/").content.decode()
    api = Client(headers={"authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/me").status_code == 200
    assert signed_in(erin).post(f"/settings/api-tokens/{token.pk}/revoke/").status_code == 404
    client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    assert api.get("/api/v1/me").status_code == 401


def test_operator_admin_shows_accounts_but_offers_no_password_or_impersonation(olive, alice, bob):
    client = signed_in(olive)
    page = client.get(f"/operator/accounts/user/{alice.pk}/change/").content.decode()
    assert "alice@example.org" in page
    assert 'name="password' not in page and f"/{alice.pk}/password/" not in page
    assert "impersonate" not in page.lower() and "login as" not in page.lower()
    password_page = client.get(f"/operator/accounts/user/{alice.pk}/password/", follow=True)
    assert b'name="password1"' not in password_page.content
    assert client.get("/operator/account/emailaddress/").status_code == 404
    assert client.get("/operator/mfa/authenticator/").status_code == 404
    couples_page = client.get("/operator/couples/couple/").content.decode()
    assert "Couple" in couples_page


def test_people_who_are_not_operators_cannot_open_the_admin(alice):
    response = signed_in(alice).get("/operator/")
    assert response.status_code == 302 and "/operator/login/" in response["Location"]
