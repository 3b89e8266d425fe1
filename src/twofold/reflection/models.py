"""Quiet reflection: timed sittings, logged privately, with an optional sealed note.

When and how long a person sat is their own metadata, kept in clear so that the rhythm view
can be drawn without keys; it is never shown to anyone else. The note is sealed under the
person's data key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twofold.lib import vault
from twofold.lib.scoping import ScopedManager
from twofold.lib.sealed import SealedField, SealedModel


class ReflectionSitting(SealedModel):
    """One sitting. It counts in the rhythm once it has ended (``ended_at`` set)."""

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_sittings")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"))
    minutes = models.PositiveSmallIntegerField(_("minutes sat"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    prompt_key = models.CharField(_("prompt"), max_length=40, blank=True)
    note = SealedField(null=True)

    unscoped = models.Manager()  # housekeeping and the admin only
    objects = ScopedManager()

    class Meta:
        ordering = ["-started_at", "-id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["user", "started_at"], name="reflection_user_started")]
        verbose_name = _("reflection sitting")
        verbose_name_plural = _("reflection sittings")

    def __str__(self) -> str:
        return f"Sitting {self.pk} of {self.user_id}"

    @property
    def finished(self) -> bool:
        return self.ended_at is not None


class ReflectionSettings(models.Model):
    """A person's timer preferences (nothing they wrote, so nothing sealed)."""

    scope = "user"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflection_settings")
    sound = models.BooleanField(_("a soft bell at the end"), default=False)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        default_manager_name = "unscoped"
        verbose_name = _("reflection settings")
        verbose_name_plural = _("reflection settings")

    def __str__(self) -> str:
        return f"Reflection settings of {self.user_id}"


vault.register(ReflectionSitting, owner_field="user", label="quiet reflection sittings")
