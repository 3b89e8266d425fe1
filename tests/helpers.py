"""Helpers shared by the tests."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.test import Client

from twofold.accounts.models import User
from twofold.accounts.services import create_api_token
from twofold.couples import services as couples

PASSWORD = "a long test passphrase"


def make_person(name: str, **extra) -> User:
    user = User.objects.create_user(
        f"{name.lower()}@example.org", PASSWORD, display_name=name, timezone="Europe/London", **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def pair(first: User, second: User) -> None:
    new = couples.create_invite(first)
    couples.accept_invite(second, token=new.token)


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user: User) -> Client:
    secret = create_api_token(user, "tests").secret
    return Client(headers={"authorization": f"Bearer {secret}"})
