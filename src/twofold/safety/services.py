"""Every write for the safety features: device sessions, signing out elsewhere, the safety reset."""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.models import Session
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twofold.accounts import security
from twofold.accounts.models import ApiToken
from twofold.accounts.services import RECOVERY_NEEDED, RECOVERY_PENDING, end_all_sessions
from twofold.couples import services as couples
from twofold.couples.models import Membership
from twofold.lib import keyring
from twofold.safety.models import DeviceSession

if TYPE_CHECKING:
    from django.http import HttpRequest

    from twofold.accounts.models import User

# In the session: {"key": the session key the row was last written under, "at": epoch seconds}.
NOTED = "twofold_device_session"
NOTE_EVERY_SECONDS = 10 * 60


class SafetyError(Exception):
    """A request that cannot be carried out; the message is safe to show the person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def on_the_hour(moment: datetime) -> datetime:
    """Times on the sessions page are never more exact than the hour."""
    return moment.replace(minute=0, second=0, microsecond=0)


# --- device sessions


def note_session(request: HttpRequest, user: User) -> None:
    """Keep the person's DeviceSession row in step with this request's session.

    Free on most requests: the session remembers when its row was last written, and the row
    is written again only after ten minutes or when the session key has changed (a sign-in,
    a password change), so no query and no write is added to an ordinary page.
    """
    session = request.session
    key = session.session_key
    if not key or session.get(AUTH_SESSION_KEY) != str(user.pk):
        return  # an API token request, or a session that is not (yet) this person's
    noted = session.get(NOTED) or {}
    now = int(time.time())
    if noted.get("key") == key and now - noted.get("at", 0) < NOTE_EVERY_SECONDS:
        return
    _write_row(user, key, noted.get("key"), security.describe_device(request))
    session[NOTED] = {"key": key, "at": now}


def _write_row(user: User, key: str, previous_key: str | None, device: str) -> None:
    now = on_the_hour(timezone.now())
    rows = DeviceSession.objects.for_user(user)
    try:
        with transaction.atomic():
            # Same session under a new key: the row follows it and keeps its start time.
            moved = (
                previous_key
                and previous_key != key
                and rows.filter(session_key=previous_key).update(session_key=key, last_seen_at=now)
            )
            if moved:
                return
            if rows.filter(session_key=key).update(last_seen_at=now):
                return
            DeviceSession.objects.create(
                user=user, session_key=key, device=device[:80], created_at=now, last_seen_at=now
            )
    except IntegrityError:
        pass  # a parallel request of the same session wrote it first


def forget_session(user: User, session_key: str | None) -> None:
    """On sign-out: the session is gone, so is its row."""
    if session_key:
        DeviceSession.objects.for_user(user).filter(session_key=session_key).delete()


def live_sessions(user: User) -> models.QuerySet:
    """The person's sessions that still sign them in (rows outliving their session are hidden
    until housekeeping deletes them)."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return DeviceSession.objects.for_user(user).filter(session_key__in=live)


def end_session(request: HttpRequest, session_id: int) -> None:
    """Sign out one of the person's other sessions at once."""
    row = DeviceSession.objects.for_user(request.user).filter(pk=session_id).first()
    if row is None:
        raise SafetyError("not_found", _("That session was not found."))
    if row.session_key == request.session.session_key:
        raise SafetyError(
            "this_device", _("That is this device. To sign out here, use Sign out at the bottom of the page.")
        )
    with transaction.atomic():
        Session.objects.filter(session_key=row.session_key).delete()
        row.delete()
    detail = {"ended": "1", "ended_device": row.device} if row.device else {"ended": "1"}
    security.record(request.user, security.Kind.SESSIONS_ENDED, request, **detail)


def end_other_sessions(request: HttpRequest) -> int:
    """Sign out every session of the person but this one; how many were signed out."""
    ended = end_all_sessions(request.user, keep_session_key=request.session.session_key)
    if ended:
        security.record(request.user, security.Kind.SESSIONS_ENDED, request, ended=str(ended))
    return ended


def delete_ended_device_sessions() -> int:
    """Housekeeping: forget rows whose Django session has ended (expired, or cleared elsewhere)."""
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    deleted, _counts = DeviceSession.unscoped.exclude(session_key__in=live).delete()
    return deleted


# --- the safety reset


def safety_reset(request: HttpRequest, current_password: str, new_password: str) -> bool:
    """Take the account back in one step: unpair (silently), sign out every other session,
    revoke every API token and set a new password that the data key is wrapped under.

    This session stays signed in. Returns whether the private data is open now; False when an
    earlier password reset left it waiting for the recovery code (the password changes anyway).
    """
    user = request.user
    if not user.check_password(current_password):
        raise SafetyError("wrong_password", _("That is not your current password. Nothing was changed."))
    locked_reason = ""
    try:
        chain: keyring.KeyChain | None = keyring.unlock_with_password(user, current_password)
    except keyring.Locked as locked:
        chain, locked_reason = None, str(locked)
    with transaction.atomic():
        if Membership.active_couple_id(user) is not None:
            couples.unpair(user)  # the partner is sent nothing
        ended = end_all_sessions(user, keep_session_key=request.session.session_key)
        revoked = ApiToken.objects.for_user(user).filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        user.set_password(new_password)
        user.save(update_fields=["password"])
        if chain is not None:
            keyring.set_password_wrap(chain, new_password)
        security.record(user, security.Kind.SAFETY_RESET, request, ended=str(ended), revoked_tokens=str(revoked))
    update_session_auth_hash(request, user)  # keeps this device signed in, under a new session key
    if chain is None:
        if locked_reason == "recovery_needed":
            request.session[RECOVERY_NEEDED] = True
        return False
    keyring.hold_in_session(request, chain)
    request.session[RECOVERY_PENDING] = True  # a new recovery code is the reset's last step
    return True
