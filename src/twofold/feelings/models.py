"""Feelings check-ins: a shared vocabulary (content), private check-ins, and what a person shares.

The vocabulary is plain content loaded from feelings.toml. A check-in seals everything about
the feeling (word, family, intensity, note) under the person's data key; only the time stays in
clear. Sharing one check-in adds a copy sealed under the couple key, which the partner can
answer with a short reply, sealed under the couple key too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twofold.couples.models import Couple
from twofold.lib import vault
from twofold.lib.scoping import ScopedManager
from twofold.lib.sealed import SealedField, SealedModel

NOTE_MAX = 2000
REPLY_MAX = 1000
INTENSITY_MIN, INTENSITY_MAX = 1, 5
INTENSITY_LABELS = {
    1: _("a little"),
    2: _("somewhat"),
    3: _("moderately"),
    4: _("strongly"),
    5: _("very"),
}


class FeelingFamily(models.Model):
    """A broad family of feelings (joy, calm, tired…), the first step of a check-in."""

    slug = models.SlugField(max_length=40, unique=True)  # the stable id in feelings.toml
    label = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "feeling families"

    def __str__(self) -> str:
        return self.label


class FeelingWord(models.Model):
    """A precise feeling word; tier 1 words are everyday ones, tier 2 finer ones."""

    word = models.CharField(max_length=40, unique=True)
    family = models.ForeignKey(FeelingFamily, on_delete=models.CASCADE, related_name="words")
    tier = models.PositiveSmallIntegerField(default=1)
    pleasantness = models.SmallIntegerField(default=0)
    energy = models.SmallIntegerField(default=0)
    hint = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["tier", "position", "id"]

    def __str__(self) -> str:
        return self.word


class CheckIn(SealedModel):
    """One private feelings check-in. `feeling` holds {word, family, intensity}, sealed."""

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feeling_checkins")
    checked_at = models.DateTimeField(default=timezone.now)
    feeling = SealedField()
    note = SealedField(null=True)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        ordering = ["-checked_at", "-id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["user", "checked_at"])]

    def __str__(self) -> str:
        return f"Check-in {self.pk} of {self.user_id}"


class SharedCheckIn(SealedModel):
    """The copy of one check-in its owner chose to share, under the couple key."""

    scope = "couple"

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    checkin = models.OneToOneField(CheckIn, on_delete=models.CASCADE, related_name="shared")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")  # who shares
    checked_at = models.DateTimeField()  # the shared check-in's own time, shared on purpose with it
    feeling = SealedField()
    note = SealedField(null=True)
    shared_at = models.DateTimeField(default=timezone.now)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        ordering = ["-checked_at", "-id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"Shared check-in {self.pk} in couple {self.couple_id}"


class FeelingReply(SealedModel):
    """The partner's short validating reply to a shared check-in (one each, replaceable)."""

    scope = "couple"

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    shared = models.OneToOneField(SharedCheckIn, on_delete=models.CASCADE, related_name="reply")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")  # who replied
    text = SealedField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        default_manager_name = "unscoped"
        verbose_name_plural = "feeling replies"

    def __str__(self) -> str:
        return f"Reply {self.pk} in couple {self.couple_id}"


vault.register(CheckIn, owner_field="user", label="feelings check-ins")
vault.register(SharedCheckIn, owner_field="user", label="shared feelings check-ins")
vault.register(FeelingReply, owner_field="user", label="replies to shared feelings")
