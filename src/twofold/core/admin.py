"""Keep the operator's admin to accounts and couples (see accounts/admin.py).

allauth registers its own models; the MFA secrets and e-mail confirmation keys are not for
the operator's eyes, and groups are unused, so those pages are removed.
"""

from django.contrib import admin
from django.contrib.auth.models import Group


def lock_down_admin() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    for model in (Group, Authenticator, EmailAddress):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
    admin.site.site_header = "Twofold operator"
    admin.site.site_title = "Twofold operator"
    admin.site.index_title = "Accounts and couples"
