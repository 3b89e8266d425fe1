"""Helpers shared by the tests."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.test import Client

from twofold.accounts.models import KeyMaterial, User
from twofold.accounts.services import create_api_token
from twofold.couples import services as couples
from twofold.lib import keyring

PASSWORD = "a long test passphrase"


def make_person(name: str, **extra) -> User:
    user = User.objects.create_user(
        f"{name.lower()}@example.org", PASSWORD, display_name=name, timezone="Europe/London", **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    chain = keyring.create_keys(user, PASSWORD)
    user.recovery_code = keyring.set_recovery_code(chain)
    KeyMaterial.objects.filter(user=user).update(recovery_confirmed=True)  # saved long ago
    return user


def pair(first: User, second: User) -> None:
    new = couples.create_invite(first)
    couples.accept_invite(second, token=new.token)


def keys_of(user: User) -> keyring.KeyChain:
    return keyring.unlock_with_password(user, PASSWORD)


def signed_in(user: User, unlocked: bool = True) -> Client:
    """A browser signed in as the person; unlocked as after a password sign-in."""
    client = Client()
    if unlocked:
        client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert "_auth_user_id" in client.session, "sign-in failed"
        client.get("/offline/")  # shows (and so clears) the "signed in" message
    else:
        client.force_login(user)
    return client


def api_client(user: User) -> Client:
    secret = create_api_token(keys_of(user), "tests").secret
    return Client(headers={"authorization": f"Bearer {secret}"})
