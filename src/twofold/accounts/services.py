"""Every write about a person's own account settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twofold.accounts import security
from twofold.accounts.models import ApiToken, User
from twofold.lib import keyring
from twofold.lib.errors import ServiceError
from twofold.lib.tokens import digest, new_token

if TYPE_CHECKING:
    from django.http import HttpRequest

TOKEN_PREFIX = "tf_"  # noqa: S105 (a public marker, not a secret)


class AccountError(ServiceError):
    """An account request that cannot be carried out."""


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    secret: str


def update_profile(
    user: User, *, display_name: str, timezone_name: str, idle_lock_minutes: int, discreet: bool
) -> User:
    user.display_name = display_name.strip()
    user.timezone = timezone_name
    user.idle_lock_minutes = max(1, min(idle_lock_minutes, 24 * 60))
    user.discreet = discreet
    user.save(update_fields=["display_name", "timezone", "idle_lock_minutes", "discreet"])
    return user


def create_api_token(chain: keyring.KeyChain, name: str) -> NewApiToken:
    """A token that can act as the person, including opening their sealed data."""
    user = User.objects.get(pk=chain.user_id)
    secret = new_token(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip() or _("API token"),
        prefix=secret[:8],
        token_hash=digest(secret),
        key_wrap=keyring.wrap_for_token(chain, secret),
    )
    security.record(user, security.Kind.API_TOKEN, action="made", name=token.name)
    return NewApiToken(token=token, secret=secret)


def revoke_api_token(user: User, token_id: int) -> None:
    updated = (
        ApiToken.objects.for_user(user).filter(pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )
    if not updated and not ApiToken.objects.for_user(user).filter(pk=token_id).exists():
        raise AccountError("not_found", _("That token was not found."))


def authenticate_api_token(secret: str) -> tuple[User, keyring.KeyChain | None] | None:
    """The active person behind a token and their keys, noting when it was last used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.unscoped.select_related("user")
        .filter(token_hash=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.unscoped.filter(pk=token.pk).update(last_used_at=now)
    return token.user, keyring.unlock_with_token(token.user_id, secret, token.key_wrap)


# --- keys and the flows around them


RECOVERY_PENDING = "twofold_recovery_pending"  # session: the code still needs saving and confirming
RECOVERY_CHECK = "twofold_recovery_check"  # session: a hash of the code's last group
RECOVERY_NEEDED = "twofold_recovery_needed"  # session: a reset left the data key locked


def on_sign_up(request: HttpRequest, user: User, password: str) -> None:
    """Create the person's keys and hold them for this browser, so verifying the address here
    lands them in an unlocked account."""
    chain = keyring.create_keys(user, password)
    keyring.hold_in_session(request, chain)
    request.session[RECOVERY_PENDING] = True
    security.record(user, security.Kind.SIGNED_UP, request)


def unlock(request: HttpRequest, user: User, password: str) -> bool:
    """Open the data key with the password for this session. False if it needs the recovery code."""
    if keyring.material_for(user) is None:
        # An account made outside sign-up (`twofold manage createsuperuser`) gets its keys now.
        keyring.hold_in_session(request, keyring.create_keys(user, password))
        request.session[RECOVERY_PENDING] = True
        return True
    try:
        chain = keyring.unlock_with_password(user, password)
    except keyring.Locked as locked:
        if str(locked) == "recovery_needed":
            request.session[RECOVERY_NEEDED] = True
            return False
        raise
    keyring.hold_in_session(request, chain)
    request.session.pop(RECOVERY_NEEDED, None)
    if not chain.material.recovery_confirmed:
        request.session[RECOVERY_PENDING] = True
    return True


def change_password(user: User, old_password: str, new_password: str) -> None:
    try:
        chain = keyring.unlock_with_password(user, old_password)
    except keyring.Locked:
        return  # locked since a reset: the recovery code will wrap it under the new password
    keyring.set_password_wrap(chain, new_password)
    security.record(user, security.Kind.PASSWORD_CHANGED)


def after_password_reset(user: User) -> None:
    keyring.forget_password_wrap(user)
    security.record(user, security.Kind.PASSWORD_RESET)


def new_recovery_code(request: HttpRequest, chain: keyring.KeyChain) -> str:
    """Make and return a new recovery code (shown once); remember only a check of its last group."""
    code = keyring.set_recovery_code(chain)
    request.session[RECOVERY_CHECK] = digest(str(request.user.pk) + code.rsplit("-", 1)[-1])
    security.record(request.user, security.Kind.RECOVERY_CODE, request)
    return code


def confirm_recovery_code(request: HttpRequest, chain: keyring.KeyChain, last_group: str) -> bool:
    typed = keyring.normalize_recovery_code(last_group)
    expected = request.session.get(RECOVERY_CHECK)
    if not expected or digest(str(request.user.pk) + typed) != expected:
        return False
    material = chain.material
    material.recovery_confirmed = True
    material.save(update_fields=["recovery_confirmed"])
    request.session.pop(RECOVERY_CHECK, None)
    request.session.pop(RECOVERY_PENDING, None)
    return True


def recover(request: HttpRequest, user: User, code: str, password: str) -> str | None:
    """Unlock with the recovery code after a reset; the data key is wrapped under the current
    password again and a new recovery code replaces the used one (returned, to show once)."""
    if not user.check_password(password):
        raise AccountError("wrong_password", _("That is not your current password."))
    try:
        chain = keyring.unlock_with_recovery_code(user, code)
    except keyring.Locked as locked:
        raise AccountError("wrong_recovery_code", _("That recovery code doesn't open your data.")) from locked
    keyring.set_password_wrap(chain, password)
    keyring.hold_in_session(request, chain)
    request.session.pop(RECOVERY_NEEDED, None)
    security.record(user, security.Kind.RECOVERED, request)
    return new_recovery_code(request, chain)


def start_afresh(request: HttpRequest, user: User, password: str) -> None:
    """Destroy the old sealed data and start with new keys."""
    if not user.check_password(password):
        raise AccountError("wrong_password", _("That is not your current password."))
    from twofold.lib import vault

    with transaction.atomic():
        material = keyring.material_for(user)
        version = material.version + 1 if material else 1
        vault.destroy_private_data(user)
        chain = keyring.create_keys(user, password, version=version)
        vault.after_new_keys(user)
    keyring.hold_in_session(request, chain)
    request.session.pop(RECOVERY_NEEDED, None)
    request.session[RECOVERY_PENDING] = True
    security.record(user, security.Kind.STARTED_AFRESH, request)


# --- changing the e-mail address

EMAIL_REVERT_SALT = "twofold.email-revert"
EMAIL_REVERT_DAYS = 7


def send_email_revert_link(user: User, old_address: str, new_address: str) -> None:
    """Tell the old address, with a link that undoes the change for a week."""
    token = signing.dumps({"u": user.pk, "old": old_address, "new": new_address}, salt=EMAIL_REVERT_SALT)
    url = settings.BASE_URL + reverse("revert_email", args=[token])
    body = render_to_string("accounts/email/email_changed.txt", {"url": url, "days": EMAIL_REVERT_DAYS})
    send_mail(_("Your Twofold e-mail address was changed"), body, None, [old_address])


def revert_email(token: str) -> User:
    """Put the old address back, drop the new one and sign out every session."""
    try:
        data = signing.loads(token, salt=EMAIL_REVERT_SALT, max_age=EMAIL_REVERT_DAYS * 86400)
    except signing.SignatureExpired as error:
        raise AccountError("expired", _("This link has expired.")) from error
    except signing.BadSignature as error:
        raise AccountError("invalid", _("This link isn't valid.")) from error
    from allauth.account.models import EmailAddress

    user = User.objects.filter(pk=data["u"], email=data["new"]).first()
    if user is None:
        raise AccountError("used", _("This change was already undone, or changed again since."))
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).exclude(email__iexact=data["old"]).delete()
        address, _created = EmailAddress.objects.get_or_create(user=user, email=data["old"])
        address.verified, address.primary = True, True
        address.save()
        user.email = data["old"]
        user.save(update_fields=["email"])
        end_all_sessions(user)
    security.record(user, security.Kind.EMAIL_CHANGED, action="reverted from the old address")
    return user


def end_all_sessions(user: User, keep_session_key: str | None = None) -> int:
    """Sign the person out everywhere (but the one session named), and revoke nothing else.

    Every signed-in session has a DeviceSession row from the moment of sign-in (twofold.safety),
    so this reads only the person's own rows instead of decoding every session on the server.
    Returns how many sessions were signed out."""
    from django.contrib.sessions.models import Session

    from twofold.safety.models import DeviceSession

    rows = DeviceSession.objects.for_user(user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    with transaction.atomic():
        ended, _counts = Session.objects.filter(session_key__in=rows.values("session_key")).delete()
        rows.delete()
    return ended


# --- export and deletion


def export_zip(request: HttpRequest, chain: keyring.KeyChain) -> bytes:
    from twofold.accounts.export import build_zip

    data = build_zip(request.user, chain)
    security.record(request.user, security.Kind.EXPORTED, request)
    return data


def delete_account(user: User, password: str) -> None:
    """Delete the person and destroy their keys. The partner's own data is not touched and the
    partner is not told. Sealed rows in backups stay sealed under keys that no longer exist in
    the database; `twofold rotate-keys --retire` also retires the server key they were under."""
    if not user.check_password(password):
        raise AccountError("wrong_password", _("That is not your current password."))
    from twofold.couples.models import Membership
    from twofold.couples.services import unpair
    from twofold.lib import vault

    with transaction.atomic():
        if Membership.active_couple_id(user) is not None:
            unpair(user)
        vault.destroy_private_data(user)
        end_all_sessions(user)
        user.delete()  # cascades to KeyMaterial (the data key), tokens, couple keys


def operator_password_reset(request: HttpRequest, user: User) -> None:
    """Send the person allauth's password-reset e-mail, as if they had asked for it."""
    from allauth.account.forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)
    security.record(user, security.Kind.OPERATOR, action="started a password reset")
