"""Shared set-up for the benchmarks: the production settings on a throw-away SQLite database."""

from __future__ import annotations

import os
import tempfile


def django_with_fresh_database() -> None:
    os.environ["TWOFOLD_DATA"] = tempfile.mkdtemp(prefix="twofold-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def make_person(email: str, password: str, name: str = "Bench"):
    from allauth.account.models import EmailAddress

    from twofold.accounts.models import KeyMaterial, User
    from twofold.lib import keyring

    user = User.objects.create_user(email, password, display_name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    chain = keyring.create_keys(user, password)
    keyring.set_recovery_code(chain)
    KeyMaterial.objects.filter(user=user).update(recovery_confirmed=True)
    return user
