"""The tick loop hands due work to the task worker, which does it."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from twofold.couples import services
from twofold.couples.models import Invite

pytestmark = pytest.mark.django_db(transaction=True)


def test_tick_enqueues_housekeeping_once_and_the_worker_cleans_up(settings, alice):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stale = SessionStore()
    stale.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    old = services.create_invite(alice).invite
    Invite.unscoped.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=31))

    call_command("tick", once=True)
    call_command("tick", once=True)  # a second round (or a second tick process) adds nothing
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", batch=True, queue_name="*", verbosity=0)
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert not Session.objects.filter(session_key=stale.session_key).exists()
    assert not Invite.unscoped.filter(pk=old.pk).exists()
