"""A session's row is made at sign-in and goes at sign-out."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from twofold.safety import services


@receiver(user_logged_in)
def note_sign_in(sender, request, user, **kwargs) -> None:
    # At sign-in, not on the next request: "sign out everywhere" must find every session.
    if request is not None and hasattr(request, "session"):
        services.note_session(request, user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs) -> None:
    if request is not None and user is not None and hasattr(request, "session"):
        services.forget_session(user, request.session.session_key)
