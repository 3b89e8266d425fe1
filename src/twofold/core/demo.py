"""The demo couple for `twofold demo`: created once, then left exactly as it is."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from twofold.accounts.models import KeyMaterial, User
from twofold.core.demo_history import write_history
from twofold.couples import services as couples
from twofold.couples.models import Couple, Invite, Membership
from twofold.lib import keyring
from twofold.settings import private_file

DEMO_PEOPLE = [
    {"email": "robin@demo.twofold.test", "display_name": "Robin", "timezone": "Europe/Berlin"},
    {"email": "jules@demo.twofold.test", "display_name": "Jules", "timezone": "Europe/Berlin"},
]
PAIRED_DAYS_AGO = 24


def _passwords() -> dict[str, str]:
    """Random demo passwords, kept in the data folder so that every run prints the same ones."""
    raw = private_file(
        settings.DATA_DIR / "demo-credentials.json",
        lambda: json.dumps({p["email"]: secrets.token_urlsafe(9) for p in DEMO_PEOPLE}),
    )
    return json.loads(raw)


def _ensure_person(person: dict, password: str, joined: timezone.datetime) -> User:
    user = User.objects.filter(email=person["email"]).first()
    if user is None:
        user = User.objects.create_user(
            person["email"], password, display_name=person["display_name"],
            timezone=person["timezone"], date_joined=joined,
        )  # fmt: skip
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        chain = keyring.create_keys(user, password)
        keyring.set_recovery_code(chain)  # a demo person would have saved theirs long ago
        KeyMaterial.objects.filter(user=user).update(recovery_confirmed=True)
    return user


@transaction.atomic
def ensure_demo() -> list[str]:
    passwords = _passwords()
    start = timezone.now() - timedelta(days=PAIRED_DAYS_AGO + 3)
    robin, jules = (
        _ensure_person(person, passwords[person["email"]], start + timedelta(days=index))
        for index, person in enumerate(DEMO_PEOPLE)
    )
    if Membership.active_couple_id(robin) is None and Membership.active_couple_id(jules) is None:
        new = couples.create_invite(robin)
        paired_at = timezone.now() - timedelta(days=PAIRED_DAYS_AGO)
        Invite.unscoped.filter(pk=new.invite.pk).update(created_at=paired_at - timedelta(hours=5))
        couple = couples.accept_invite(jules, token=new.token)
        robin_keys = keyring.unlock_with_password(robin, passwords[robin.email])
        jules_keys = keyring.unlock_with_password(jules, passwords[jules.email])
        couples.update_couple(robin_keys, robin, name="Robin & Jules", timezone_name=robin.timezone)
        write_history([(robin, robin_keys), (jules, jules_keys)])
        Couple.objects.filter(pk=couple.pk).update(created_at=paired_at)
        Membership.objects.filter(couple=couple).update(joined_at=paired_at)
        Invite.unscoped.filter(pk=new.invite.pk).update(accepted_at=paired_at)
    lines = ["Demo couple ready. Sign in at " + settings.BASE_URL + "/ as either of them:"]
    lines += [f"  {p['display_name']}: {p['email']}  password: {passwords[p['email']]}" for p in DEMO_PEOPLE]
    return lines
