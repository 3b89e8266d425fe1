"""Work the tick loop does on every round. Each job is idempotent and safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from twofold.couples.models import Invite

log = logging.getLogger(__name__)
CLOSED_INVITE_RETENTION = timedelta(days=30)


def delete_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def delete_old_invites() -> int:
    """Closed invitations are kept a month for the inviter's page, then forgotten."""
    cutoff = timezone.now() - CLOSED_INVITE_RETENTION
    deleted, _ = Invite.unscoped.filter(expires_at__lt=cutoff).delete()
    return deleted


JOBS = [delete_expired_sessions, delete_old_invites]


def run_round() -> dict[str, int]:
    results = {}
    for job in JOBS:
        try:
            results[job.__name__] = job()
        except Exception:  # one failing job must not stop the others or the loop
            log.exception("tick job %s failed", job.__name__)
    return results
