"""Every write about a person's own account settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from twofold.accounts.models import ApiToken, User
from twofold.lib.tokens import digest, new_token

TOKEN_PREFIX = "tf_"  # noqa: S105 (a public marker, not a secret)


class AccountError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    secret: str


def update_profile(user: User, *, display_name: str, timezone_name: str) -> User:
    user.display_name = display_name.strip()
    user.timezone = timezone_name
    user.save(update_fields=["display_name", "timezone"])
    return user


def create_api_token(user: User, name: str) -> NewApiToken:
    secret = new_token(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or _("API token"), prefix=secret[:8], token_hash=digest(secret)
    )
    return NewApiToken(token=token, secret=secret)


def revoke_api_token(user: User, token_id: int) -> None:
    updated = (
        ApiToken.objects.for_user(user)
        .filter(pk=token_id, revoked_at__isnull=True)
        .update(revoked_at=timezone.now())
    )
    if not updated and not ApiToken.objects.for_user(user).filter(pk=token_id).exists():
        raise AccountError("not_found", _("That token was not found."))


def user_for_api_token(secret: str) -> User | None:
    """The active person behind a token, noting when it was last used."""
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
    return token.user
