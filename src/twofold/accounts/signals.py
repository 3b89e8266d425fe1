"""Security-log entries and e-mails for account events that allauth reports by signal."""

from __future__ import annotations

from allauth.account.signals import email_changed
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from twofold.accounts import security
from twofold.lib import keyring


@receiver(user_logged_out)
def forget_keys(sender, request, user, **kwargs) -> None:
    if request is not None:
        keyring.drop_from_session(request)


@receiver(email_changed)
def on_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs) -> None:
    from twofold.accounts.services import send_email_revert_link

    security.record(user, security.Kind.EMAIL_CHANGED, request)
    if from_email_address is not None:
        send_email_revert_link(user, from_email_address.email, to_email_address.email)


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def on_mfa_changed(sender, request, user, authenticator=None, **kwargs) -> None:
    security.record(user, security.Kind.MFA_CHANGED, request)
