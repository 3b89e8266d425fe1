"""allauth hooks: throttled logins that nobody can turn into a lockout, and our e-mail URLs."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from twofold.lib import throttle

DEVICE_COOKIE = "tf_device"
DEVICE_COOKIE_SALT = "twofold.device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365
# Failed attempts per account from browsers that have never signed in to it, per 15 minutes.
# A device that signed in to the account before has its own allowance, so someone guessing
# from elsewhere (a partner included) can slow guessing down but never lock the owner out.
UNKNOWN_DEVICE_FAILURES = 5
KNOWN_DEVICE_FAILURES = 10
FAILURE_WINDOW = 15 * 60


def _login_key(credentials: dict[str, Any]) -> str:
    login = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
    return hashlib.sha256(login.encode()).hexdigest()[:32]


def _known_device(request: HttpRequest, login_key: str) -> str | None:
    """The device id, if this browser carries a valid device cookie for this account."""
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if login_key in value.get("logins", []):
        return value.get("device")
    return None


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # The per-address limit from settings still applies.
        super().pre_authenticate(request, **credentials)
        login_key = _login_key(credentials)
        device = _known_device(request, login_key)
        self._throttle_key = f"login-fail:known:{device}:{login_key}" if device else f"login-fail:unknown:{login_key}"
        self._throttle_limit = KNOWN_DEVICE_FAILURES if device else UNKNOWN_DEVICE_FAILURES
        if throttle.count(self._throttle_key, FAILURE_WINDOW) >= self._throttle_limit:
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        key = getattr(self, "_throttle_key", None)
        if key:
            throttle.allow(key, self._throttle_limit, FAILURE_WINDOW)

    def authenticate(self, request: HttpRequest, **credentials: Any):
        user = super().authenticate(request, **credentials)
        if user is not None and credentials.get("password"):
            # The only moment the password is at hand: open the data key for this session.
            # With two-factor sign-in the shares wait in the session until the second step.
            from twofold.accounts.services import unlock

            unlock(request, user, credentials["password"])
        return user

    def login(self, request: HttpRequest, user) -> None:
        from twofold.accounts import security

        login_key = _login_key({"email": user.email})
        known = _known_device(request, login_key) is not None
        super().login(request, user)
        # Remember this browser as one that has signed in to this account.
        request._twofold_known_login = login_key
        kind = security.Kind.LOGIN if known else security.Kind.NEW_DEVICE
        security.record(user, kind, request)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if settings.TWOFOLD_OPEN_SIGNUP:
            return True
        from twofold.couples.services import pending_invite

        return pending_invite(request) is not None


def remember_device(request: HttpRequest, response) -> None:
    """Middleware helper: after a login, add the account to this browser's device cookie."""
    login_key = getattr(request, "_twofold_known_login", None)
    if not login_key:
        return
    value: dict[str, Any] = {}
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if raw:
        try:
            value = signing.loads(raw, salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE)
        except signing.BadSignature:
            value = {}
    device = value.get("device") or secrets.token_urlsafe(12)
    logins = [*[key for key in value.get("logins", []) if key != login_key][-4:], login_key]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps({"device": device, "logins": logins}, salt=DEVICE_COOKIE_SALT),
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        secure=settings.SECURE_ONLY,
        samesite="Lax",
    )
