"""The self-knowledge map: private items in six sections, and the copies a person chose to share.

An item is always sealed under its owner's data key. Sharing adds a separate copy sealed under
the couple key; un-sharing deletes that copy, and so does the end of the couple, so a former
partner can never open it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from twofold.couples.models import Couple
from twofold.lib import vault
from twofold.lib.scoping import ScopedManager
from twofold.lib.sealed import SealedField, SealedModel

TEXT_MAX = 500
DETAIL_MAX = 2000
WHEN_MAX = 100


class Section(models.TextChoices):
    STRENGTHS = "strengths", _("Strengths")
    GROWTH = "growth", _("Growth edges")
    EVENTS = "events", _("Formative events")
    PEOPLE = "people", _("Formative people")
    VALUES = "values", _("Values and beliefs")
    ACCEPTANCE = "acceptance", _("Things I accept about myself")


@dataclass(frozen=True)
class SectionWords:
    """What a section's page and form say: a prompt, field labels, and the add button."""

    prompt: Promise
    text_label: Promise
    detail_label: Promise
    add: Promise
    has_when: bool = False


SECTION_WORDS: dict[str, SectionWords] = {
    Section.STRENGTHS: SectionWords(
        _("What you do well, or what people count on you for."),
        _("A strength"),
        _("Where it shows, or an example"),
        _("Add a strength"),
    ),
    Section.GROWTH: SectionWords(
        _("Something you are learning, or would like to handle better."),
        _("A growth edge"),
        _("What you are trying, or what makes it hard"),
        _("Add a growth edge"),
    ),
    Section.EVENTS: SectionWords(
        _("Things that happened and shaped who you are."),
        _("What happened"),
        _("What it left you with"),
        _("Add an event"),
        has_when=True,
    ),
    Section.PEOPLE: SectionWords(
        _("People who shaped you, whether they meant to or not."),
        _("Who (a name, or who they were to you)"),
        _("How they shaped you"),
        _("Add a person"),
    ),
    Section.VALUES: SectionWords(
        _("What you hold to, and try to live by."),
        _("A value or belief"),
        _("Where it comes from"),
        _("Add a value or belief"),
    ),
    Section.ACCEPTANCE: SectionWords(
        _("Parts of yourself you have made peace with, or are making peace with."),
        _("Something you accept about yourself"),
        _("More about it"),
        _("Add something you accept"),
    ),
}


class MapItem(SealedModel):
    """One item of a person's map, private to them."""

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="map_items")
    section = models.CharField(max_length=20, choices=Section.choices)
    text = SealedField()
    detail = SealedField(null=True)
    when = SealedField(null=True)  # formative events only: "age 12", "2019"
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        ordering = ["created_at", "id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"Map item {self.pk} of {self.user_id}"


class SharedMapItem(SealedModel):
    """The copy of one map item that its owner shares with their partner, under the couple key."""

    scope = "couple"

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    item = models.OneToOneField(MapItem, on_delete=models.CASCADE, related_name="shared")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")  # who shares
    section = models.CharField(max_length=20, choices=Section.choices)
    text = SealedField()
    detail = SealedField(null=True)
    when = SealedField(null=True)
    shared_at = models.DateTimeField(default=timezone.now)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        ordering = ["item__created_at", "item_id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"Shared map item {self.pk} in couple {self.couple_id}"


vault.register(MapItem, owner_field="user", label="self-knowledge map items")
vault.register(SharedMapItem, owner_field="user", label="shared self-knowledge map items")
