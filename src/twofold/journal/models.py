"""Know yourself: a private journal, its drafts, and the reflection prompts that start it.

Everything a person writes (titles, bodies, tags, drafts) is sealed under their own data key.
In the clear stay only the metadata a list needs: when an entry was written, its theme and the
prompt it answers. None of it is ever shown to the partner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from twofold.lib import vault
from twofold.lib.scoping import ScopedManager
from twofold.lib.sealed import SealedField, SealedModel

TITLE_MAX = 200
BODY_MAX = 100_000


class Theme(models.TextChoices):
    STRENGTHS = "strengths", _("Strengths")
    GROWTH = "growth", _("Growth")
    EVENTS = "events", _("Events that shaped me")
    PEOPLE = "people", _("People who shaped me")
    VALUES = "values", _("Values")
    FEELINGS = "feelings", _("Feelings")
    SELF_ACCEPTANCE = "self-acceptance", _("Self-acceptance")
    QUIET = "quiet", _("Quiet reflection")


# The quiet theme belongs to the quiet-reflection timer; the prompt of the day skips it.
QUIET_THEME = Theme.QUIET


class Prompt(models.Model):
    """A reflection prompt from the content library (prompts.toml). Library text, not sealed."""

    key = models.CharField(max_length=64, unique=True)  # the TOML id, stable forever
    theme = models.CharField(max_length=32, choices=Theme.choices, db_index=True)
    topic = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class PromptOffer(models.Model):
    """A prompt offered to a person on a day (their timezone): the prompt of the day, or
    another one they asked for. Private metadata: only its owner ever reads it.

    ``round`` counts passes through the library, so no prompt repeats until every one has been
    offered; the newest offer of a day is that day's prompt.
    """

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prompt_offers")
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="+")
    offered_on = models.DateField()
    round = models.PositiveIntegerField(default=1)

    unscoped = models.Manager()  # housekeeping only
    objects = ScopedManager()

    class Meta:
        ordering = ["-id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"{self.prompt_id} for {self.user_id} on {self.offered_on}"


class JournalEntry(SealedModel):
    """One journal entry. ``title`` (str or None), ``body`` (str) and ``tags`` (list of str) are
    sealed under the person's data key."""

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    written_at = models.DateTimeField(_("date"), default=dj_timezone.now)
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices, blank=True)
    prompt = models.ForeignKey(Prompt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = SealedField(null=True)
    body = SealedField()
    tags = SealedField(null=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(default=dj_timezone.now)

    unscoped = models.Manager()  # housekeeping only
    objects = ScopedManager()

    class Meta:
        ordering = ["-written_at", "-id"]
        default_manager_name = "unscoped"
        indexes = [models.Index(fields=["user", "-written_at", "-id"], name="journal_entry_newest")]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"Entry {self.pk} of {self.user_id}"


class JournalDraft(SealedModel):
    """Unsaved editor text, kept while the person types. ``content`` is one sealed dict.

    One draft per editor: a person's new-entry editor (``entry`` empty) and one per entry
    being edited. Saving the entry deletes its draft.
    """

    scope = "user"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_drafts")
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    content = SealedField()
    updated_at = models.DateTimeField(default=dj_timezone.now)

    unscoped = models.Manager()  # housekeeping only
    objects = ScopedManager()

    class Meta:
        default_manager_name = "unscoped"
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(entry__isnull=True), name="one_new_entry_draft"),
            models.UniqueConstraint(fields=["user", "entry"], name="one_draft_per_entry"),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.user_id}"


vault.register(JournalEntry, owner_field="user", label="journal entries")
vault.register(JournalDraft, owner_field="user", label="journal drafts")
