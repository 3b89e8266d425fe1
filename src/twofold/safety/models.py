from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twofold.lib.scoping import ScopedManager


class DeviceSession(models.Model):
    """One signed-in session of a person, for the sessions page and for signing out elsewhere.

    Coarse on purpose: a device label ("Firefox on Android") and times rounded down to the hour.
    No address, no location, no exact times: the partner may be the one reading this page.
    """

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="device_sessions")
    # The Django session this row describes; ending it deletes that session.
    session_key = models.CharField(max_length=40, unique=True)
    device = models.CharField(_("device"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("signed in"))
    last_seen_at = models.DateTimeField(_("last active"))

    unscoped = models.Manager()  # housekeeping only
    objects = ScopedManager()

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"{self.device or 'session'} of {self.user_id}"
