"""Every write about couples: inviting, accepting, unpairing, couple settings."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twofold.accounts import security
from twofold.couples.models import Couple, CoupleKey, Invite, Membership
from twofold.couples.signals import couple_ended
from twofold.lib import keyring, throttle
from twofold.lib.crypto import CryptoError
from twofold.lib.errors import ServiceError
from twofold.lib.tokens import digest, new_code, new_token, normalize_code

if TYPE_CHECKING:
    from django.http import HttpRequest

    from twofold.accounts.models import User

CODE_ATTEMPTS_PER_HOUR = 10


class CoupleError(ServiceError):
    """A pairing request that cannot be carried out."""


@dataclass(frozen=True)
class NewInvite:
    """An invite together with its secrets, which exist only in this object and are shown once."""

    invite: Invite
    token: str
    code: str

    @property
    def url(self) -> str:
        return settings.BASE_URL + reverse("invite", args=[self.token])


def active_couple(user: User) -> Couple | None:
    return Couple.objects.filter(pk__in=Membership.active_couple_ids(user)).first()


def partner_of(user: User) -> User | None:
    """The other person in the user's active couple, or None (one query)."""
    other = (
        Membership.objects.filter(couple_id__in=Membership.active_couple_ids(user), left_at__isnull=True)
        .exclude(user=user)
        .select_related("user")
        .first()
    )
    return other.user if other else None


def open_invite(user: User) -> Invite | None:
    return (
        Invite.objects.for_user(user)
        .filter(revoked_at__isnull=True, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def create_invite(user: User) -> NewInvite:
    """Make a new invite; any earlier open invite of the person is revoked."""
    if Membership.active_couple_id(user) is not None:
        raise CoupleError("already_paired", _("You are already paired. Unpair first to invite someone new."))
    now = timezone.now()
    Invite.objects.for_user(user).filter(revoked_at__isnull=True, accepted_at__isnull=True).update(revoked_at=now)
    for _attempt in range(5):
        token, code = new_token(), new_code()
        try:
            with transaction.atomic():
                invite = Invite.objects.create(
                    user=user,
                    token_hash=digest(token),
                    code_hash=digest(normalize_code(code)),
                    created_at=now,
                    expires_at=now + timedelta(hours=settings.TWOFOLD_INVITE_HOURS),
                )
            return NewInvite(invite=invite, token=token, code=code)
        except IntegrityError:  # a code collision among open invites: draw again
            continue
    raise CoupleError("try_again", _("Something went wrong making the invite. Please try again."))


def send_invite_email(new_invite: NewInvite, to_address: str) -> None:
    """E-mail the link. The answer is the same whether or not the address has an account."""
    inviter = new_invite.invite.user
    context = {"inviter": inviter.display_name, "url": new_invite.url, "code": new_invite.code}
    send_mail(
        subject=_("%(name)s invited you to Twofold") % {"name": inviter.display_name},
        message=render_to_string("couples/email/invite.txt", context),
        from_email=None,
        recipient_list=[to_address],
    )


def revoke_invite(user: User, invite_id: int) -> None:
    invite = Invite.objects.for_user(user).filter(pk=invite_id).first()
    if invite is None:
        raise CoupleError("not_found", _("That invitation was not found."))
    if invite.accepted_at is not None:
        raise CoupleError("invite_used", _("That invitation has already been accepted."))
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


def find_invite_by_token(token: str) -> Invite | None:
    """Look an invite up by its link token (any state), for the invite page."""
    if not token or len(token) > 100:
        return None
    return Invite.unscoped.select_related("user").filter(token_hash=digest(token)).first()


PENDING_INVITE_SESSION_KEY = "twofold_pending_invite"


def remember_pending_invite(request: HttpRequest, token: str) -> None:
    """Keep an invite link through sign-up, e-mail verification and login."""
    request.session[PENDING_INVITE_SESSION_KEY] = token


def forget_pending_invite(request: HttpRequest) -> None:
    request.session.pop(PENDING_INVITE_SESSION_KEY, None)


def pending_invite(request: HttpRequest) -> tuple[str, Invite] | None:
    """The open invite this browser arrived with, if there is one."""
    token = request.session.get(PENDING_INVITE_SESSION_KEY)
    invite = find_invite_by_token(token) if token else None
    if invite is None or not invite.is_open:
        return None
    return token, invite


def accept_invite(user: User, *, token: str = "", code: str = "") -> Couple:
    """Join the inviter as a couple. Every refusal leaves everything as it was."""
    if code and not token and not throttle.allow(f"invite-code:{user.pk}", CODE_ATTEMPTS_PER_HOUR, 3600):
        raise CoupleError(
            "too_many_attempts",
            _("Too many codes tried. Please wait an hour, or ask for the link instead."),
        )
    with transaction.atomic():
        invite = _locked_invite(token=token, code=code)
        _check_can_accept(invite, user)
        now = timezone.now()
        couple = Couple.objects.create(timezone=invite.user.timezone, created_at=now)
        try:
            with transaction.atomic():
                Membership.objects.create(couple=couple, user=invite.user, joined_at=now)
                Membership.objects.create(couple=couple, user=user, joined_at=now)
        except IntegrityError:  # one of the two paired up a moment ago
            raise CoupleError("invite_closed", _("This invitation can no longer be used.")) from None
        keyring.create_couple_key(couple.pk, [invite.user_id, user.pk])
        invite.accepted_at = now
        invite.accepted_by = user
        invite.couple = couple
        invite.save(update_fields=["accepted_at", "accepted_by", "couple"])
        Invite.unscoped.filter(user__in=[user, invite.user], revoked_at__isnull=True, accepted_at__isnull=True).update(
            revoked_at=now
        )
    security.record(user, security.Kind.PAIRED)
    security.record(invite.user, security.Kind.PAIRED)
    return couple


def _locked_invite(*, token: str, code: str) -> Invite:
    if token:
        lookup = {"token_hash": digest(token.strip())}
    elif normalize_code(code):
        lookup = {"code_hash": digest(normalize_code(code))}
    else:
        raise CoupleError("invite_invalid", _("Enter the code your partner gave you."))
    invite = Invite.unscoped.select_for_update().select_related("user").filter(**lookup).first()
    if invite is None:
        if token:
            message = _("This invitation link isn't valid. Check that it was copied whole, or ask for a new one.")
        else:
            message = _("That code doesn't match an invitation. Check it and try again.")
        raise CoupleError("invite_invalid", message)
    return invite


def _check_can_accept(invite: Invite, user: User) -> None:
    if invite.user_id == user.pk:
        raise CoupleError("own_invite", _("This is your own invitation. Send it to your partner instead."))
    if invite.accepted_at is not None:
        if invite.accepted_by_id == user.pk:
            raise CoupleError("already_accepted", _("You have already accepted this invitation."))
        raise CoupleError("invite_used", _("This invitation has already been used."))
    if invite.revoked_at is not None:
        raise CoupleError("invite_revoked", _("This invitation was withdrawn. Ask for a new one."))
    if invite.expires_at <= timezone.now():
        raise CoupleError("invite_expired", _("This invitation has expired. Ask for a new one."))
    if Membership.active_couple_id(user) is not None:
        raise CoupleError("already_paired", _("You are already paired. Unpair first to accept a new invitation."))
    if Membership.objects.filter(user_id=invite.user_id, left_at__isnull=True).exists():
        raise CoupleError("invite_closed", _("This invitation can no longer be used."))


@transaction.atomic
def unpair(user: User) -> None:
    """End the couple at once, for both. The partner is not told."""
    couple_id = Membership.active_couple_id(user)
    if couple_id is None:
        raise CoupleError("not_paired", _("You are not paired right now."))
    now = timezone.now()
    members = list(
        Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).values_list("user_id", flat=True)
    )
    couple_ended.send(sender=Couple, couple_id=couple_id, user_ids=members)
    Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).update(left_at=now)
    # The couple key is destroyed: nothing sealed under it opens again, for either of them.
    Couple.objects.filter(pk=couple_id).update(ended_at=now, name=None)
    CoupleKey.objects.filter(couple_id=couple_id).delete()
    security.record(user, security.Kind.UNPAIRED)


def update_couple(chain: keyring.KeyChain, user: User, *, name: str, timezone_name: str) -> Couple:
    couple = active_couple(user)
    if couple is None:
        raise CoupleError("not_paired", _("You are not paired right now."))
    if timezone_name not in zoneinfo.available_timezones():
        raise CoupleError("invalid_timezone", _("Choose a timezone from the list."))
    couple.name = chain.seal_shared(name.strip()[:80], couple, "name", couple.pk) if name.strip() else None
    couple.timezone = timezone_name
    couple.save(update_fields=["name", "timezone"])
    return couple


def couple_name(chain: keyring.KeyChain | None, couple: Couple) -> str | None:
    """The couple's name for one of the two of them; None when it cannot be opened here."""
    if couple.name is None:
        return ""
    if chain is None:
        return None
    try:
        return chain.open(couple.name, couple, "name")
    except CryptoError:
        return None
