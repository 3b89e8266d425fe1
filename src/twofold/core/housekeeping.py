"""Work the tick loop finds and hands to the worker. Every job is idempotent."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from twofold.couples.models import Invite
from twofold.safety.services import delete_ended_device_sessions

log = logging.getLogger(__name__)
CLOSED_INVITE_RETENTION = timedelta(days=30)
HOUSEKEEPING_EVERY = timedelta(minutes=15)


def delete_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def delete_old_invites() -> int:
    """Closed invitations are kept a month for the inviter's page, then forgotten."""
    cutoff = timezone.now() - CLOSED_INVITE_RETENTION
    deleted, _ = Invite.unscoped.filter(expires_at__lt=cutoff).delete()
    return deleted


JOBS = [delete_expired_sessions, delete_old_invites, delete_ended_device_sessions]


def run_housekeeping() -> dict[str, int]:
    results = {}
    for job in JOBS:
        try:
            results[job.__name__] = job()
        except Exception:  # one failing job must not stop the others
            log.exception("housekeeping job %s failed", job.__name__)
    return results


def tick_round() -> list[str]:
    """One round of the tick loop: enqueue whatever is due; return what was enqueued.

    The shared cache's atomic add() makes sure that several tick processes enqueue the
    housekeeping task once per period between them.
    """
    from twofold.core.tasks import housekeeping

    enqueued = []
    if cache.add("tick:housekeeping", True, timeout=int(HOUSEKEEPING_EVERY.total_seconds())):
        transaction.on_commit(housekeeping.enqueue)
        enqueued.append("housekeeping")
    return enqueued
