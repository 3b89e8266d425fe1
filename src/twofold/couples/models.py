from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from twofold.accounts.models import validate_timezone
from twofold.lib.scoping import ScopedManager
from twofold.lib.sealed import SealedField, SealedModel

if TYPE_CHECKING:
    from twofold.accounts.models import User


class Couple(SealedModel):
    """Two people who chose each other in Twofold. A couple that has ended is never reused."""

    name = SealedField(null=True)  # sealed under the couple key: only the two of them see it
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC", validators=[validate_timezone])
    created_at = models.DateTimeField(default=dj_timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Couple {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Membership(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(default=dj_timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_at__isnull=True),
                name="one_active_couple_per_person",
            ),
            models.UniqueConstraint(fields=["couple", "user"], name="one_membership_per_couple"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.couple_id}"

    @staticmethod
    def active_couple_ids(user: User) -> models.QuerySet:
        """The person's active couple id (zero or one), as a subquery."""
        return Membership.objects.filter(user=user, left_at__isnull=True).values("couple_id")

    @staticmethod
    def active_couple_id(user: User) -> int | None:
        return Membership.active_couple_ids(user).values_list("couple_id", flat=True).first()


def default_invite_expiry():
    return dj_timezone.now() + timedelta(hours=settings.TWOFOLD_INVITE_HOURS)


class Invite(models.Model):
    """A single-use invitation. The link token and the typed code are stored only as hashes."""

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites_sent")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField(default=default_invite_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invites_accepted",
    )
    couple = models.ForeignKey(Couple, on_delete=models.SET_NULL, null=True, blank=True)

    unscoped = models.Manager()  # housekeeping and the admin only
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"Invite {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.accepted_at is None and self.expires_at > dj_timezone.now()


class CoupleKey(models.Model):
    """The couple key, sealed to one partner's public key (so to their data key)."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="keys")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couple_keys")
    version = models.PositiveIntegerField(default=1)
    wrap = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["couple", "user", "version"], name="one_key_per_partner")]

    def __str__(self) -> str:
        return f"Key of couple {self.couple_id} for {self.user_id}"
