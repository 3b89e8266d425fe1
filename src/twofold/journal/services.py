"""Every write in the journal, and the reading rules that go with it.

What a person writes is sealed under their own data key before it reaches the database, and
opened only in the request that shows it. Search opens the person's entries in memory: there
is no plaintext index. Views and API endpoints stay thin and call these functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twofold.journal.models import (
    BODY_MAX,
    QUIET_THEME,
    TITLE_MAX,
    JournalDraft,
    JournalEntry,
    Prompt,
    PromptOffer,
    Theme,
)
from twofold.lib.crypto import CryptoError
from twofold.lib.errors import ServiceError
from twofold.lib.sealed import SealError
from twofold.lib.timeutil import local_today, zone_of

if TYPE_CHECKING:
    from twofold.accounts.models import User
    from twofold.lib.keyring import KeyChain

TAGS_MAX = 30
TAG_MAX = 50
HEADING_MAX = 80


class JournalError(ServiceError):
    """A journal request that cannot be carried out; the message is safe to show."""


# --- days in the person's timezone


def local_date(user: User, moment: datetime) -> date:
    return moment.astimezone(zone_of(user)).date()


def day_start(user: User, day: date) -> datetime:
    """The first instant of a local day, as an aware datetime in UTC."""
    return datetime.combine(day, time.min, tzinfo=zone_of(user)).astimezone(UTC)


def moment_on(user: User, day: date, keep: datetime | None = None) -> datetime:
    """An instant on a local day: today means now; another day keeps the time of day of
    ``keep`` (or of now), so entries written on one day stay in the order they were written."""
    zone = zone_of(user)
    now = timezone.now()
    if keep is None and day == now.astimezone(zone).date():
        return now
    clock = (keep or now).astimezone(zone).timetz().replace(tzinfo=None)
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def as_moment(user: User, value: date | datetime | None, keep: datetime | None = None) -> datetime:
    """Dates become an instant on that local day; naive datetimes are read in the person's zone."""
    if value is None:
        return keep or timezone.now()
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.replace(tzinfo=zone_of(user)).astimezone(UTC)
        return value.astimezone(UTC)
    if keep is not None and local_date(user, keep) == value:
        return keep  # the date did not change: keep the exact time
    return moment_on(user, value, keep)


# --- what an entry holds


@dataclass
class EntryInput:
    """What a person typed into the editor, before validation."""

    body: str = ""
    title: str = ""
    tags: list[str] = field(default_factory=list)
    theme: str = ""
    written_at: date | datetime | None = None
    prompt_key: str = ""


@dataclass
class OpenEntry:
    """An entry with its sealed fields opened, for one request."""

    id: int
    uid: str
    written_at: datetime
    theme: str
    prompt_id: int | None
    title: str
    body: str
    tags: list[str]

    @property
    def heading(self) -> str:
        return self.title or first_line(self.body)

    @property
    def theme_label(self) -> str:
        return Theme(self.theme).label if self.theme in Theme.values else ""


MARKUP_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*")


def first_line(body: str) -> str:
    """The first line with words in it, without Markdown's line markers, shortened."""
    for line in body.splitlines():
        text = MARKUP_PREFIX.sub("", line).strip()
        if text:
            return text if len(text) <= HEADING_MAX else text[: HEADING_MAX - 1].rstrip() + "…"
    return _("Untitled")


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())  # a title is one line
    if len(title) > TITLE_MAX:
        raise JournalError(
            "title_too_long",
            _("A title can be at most %(limit)s characters; this one has %(count)s.")
            % {"limit": f"{TITLE_MAX:,}", "count": f"{len(title):,}"},
        )
    return title


def clean_body(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").rstrip()
    if len(body) > BODY_MAX:
        raise JournalError(
            "body_too_long",
            _("An entry can be at most %(limit)s characters; this one has %(count)s. Try splitting it in two.")
            % {"limit": f"{BODY_MAX:,}", "count": f"{len(body):,}"},
        )
    return body


def parse_tags(text: str) -> list[str]:
    """Tags as typed in the editor: separated by commas."""
    return (text or "").split(",")


def clean_tags(tags: list[str] | None) -> list[str]:
    """Trimmed, without a leading # or @, without repeats (ignoring case), in the order given."""
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in tags or []:
        tag = " ".join(str(raw).split()).lstrip("#@").strip()
        if not tag or tag.casefold() in seen:
            continue
        if len(tag) > TAG_MAX:
            raise JournalError("tag_too_long", _("A tag can be at most %(limit)s characters.") % {"limit": TAG_MAX})
        seen.add(tag.casefold())
        cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise JournalError("too_many_tags", _("An entry can have at most %(limit)s tags.") % {"limit": TAGS_MAX})
    return cleaned


def clean_theme(theme: str | None) -> str:
    theme = (theme or "").strip()
    if theme and theme not in Theme.values:
        raise JournalError("unknown_theme", _("Choose a theme from the list."))
    return theme


def find_prompt(key: str | None) -> Prompt | None:
    return Prompt.objects.filter(key=key).first() if key else None


@dataclass
class _Clean:
    title: str
    body: str
    tags: list[str]
    theme: str


def _validated(data: EntryInput, prompt: Prompt | None = None) -> _Clean:
    title, body = clean_title(data.title), clean_body(data.body)
    if not title and not body.strip():
        raise JournalError("empty", _("Write something first: a title or a few words."))
    theme = clean_theme(data.theme) or (prompt.theme if prompt else "")
    return _Clean(title=title, body=body, tags=clean_tags(data.tags), theme=theme)


def _seal_into(chain: KeyChain, entry: JournalEntry, clean: _Clean) -> None:
    try:
        entry.title = chain.seal(clean.title, entry, "title") if clean.title else None
        entry.body = chain.seal(clean.body, entry, "body")
        entry.tags = chain.seal(clean.tags, entry, "tags") if clean.tags else None
    except SealError as error:  # non-Latin text takes more room once encoded
        raise JournalError("body_too_long", _("This entry is too long to save. Try splitting it in two.")) from error
    entry.theme = clean.theme


def _own(user: User, entry: JournalEntry) -> None:
    if entry.user_id != user.pk:
        raise JournalError("not_found", _("Not found."), status=404)


# --- entries


@transaction.atomic
def create_entry(chain: KeyChain, user: User, data: EntryInput) -> JournalEntry:
    """A new entry; the new-entry draft has served its purpose and goes."""
    prompt = find_prompt(data.prompt_key)
    if data.prompt_key and prompt is None:
        raise JournalError("unknown_prompt", _("That prompt doesn't exist."))
    clean = _validated(data, prompt)
    now = timezone.now()
    entry = JournalEntry(user=user, prompt=prompt, written_at=as_moment(user, data.written_at), created_at=now)
    entry.updated_at = now
    _seal_into(chain, entry, clean)
    entry.save()
    JournalDraft.objects.for_user(user).filter(entry__isnull=True).delete()
    return entry


@transaction.atomic
def update_entry(chain: KeyChain, user: User, entry: JournalEntry, data: EntryInput) -> JournalEntry:
    """Change an entry (its prompt stays); its draft goes."""
    _own(user, entry)
    clean = _validated(data, entry.prompt if entry.prompt_id else None)
    entry.written_at = as_moment(user, data.written_at, keep=entry.written_at)
    entry.updated_at = timezone.now()
    _seal_into(chain, entry, clean)
    entry.save(update_fields=["title", "body", "tags", "theme", "written_at", "updated_at"])
    JournalDraft.objects.for_user(user).filter(entry=entry).delete()
    return entry


def delete_entry(user: User, entry: JournalEntry) -> None:
    _own(user, entry)
    entry.delete()  # its draft goes with it (cascade)


def open_entry(chain: KeyChain, entry: JournalEntry) -> OpenEntry:
    """Open one entry; raises CryptoError when the person's keys cannot (never shows ciphertext)."""
    return OpenEntry(
        id=entry.pk,
        uid=str(entry.uid),
        written_at=entry.written_at,
        theme=entry.theme,
        prompt_id=entry.prompt_id,
        title=chain.open(entry.title, entry, "title") if entry.title is not None else "",
        body=chain.open(entry.body, entry, "body"),
        tags=chain.open(entry.tags, entry, "tags") if entry.tags is not None else [],
    )


def open_entries(chain: KeyChain, entries) -> list[OpenEntry]:
    """Open many entries, leaving out any that cannot be opened (sealed under an older key)."""
    opened = []
    for entry in entries:
        try:
            opened.append(open_entry(chain, entry))
        except CryptoError:
            continue
    return opened


LIST_COLUMNS = ("id", "uid", "user_id", "written_at", "theme", "prompt_id", "title", "body", "tags")


def entries_of(user: User):
    """The person's entries, newest first, with only the columns opening them needs."""
    return JournalEntry.objects.for_user(user).only(*LIST_COLUMNS)


@dataclass(frozen=True)
class Filters:
    query: str = ""
    theme: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.query.strip() or self.theme or self.date_from or self.date_to)

    @property
    def terms(self) -> list[str]:
        return [term.casefold() for term in self.query.split()]


def filtered(user: User, filters: Filters):
    """The clear-text part of a search (theme, dates) done by the database."""
    rows = entries_of(user)
    if filters.theme:
        rows = rows.filter(theme=filters.theme)
    if filters.date_from:
        rows = rows.filter(written_at__gte=day_start(user, filters.date_from))
    if filters.date_to:
        rows = rows.filter(written_at__lt=day_start(user, filters.date_to + timedelta(days=1)))
    return rows


def matches(entry: OpenEntry, terms: list[str]) -> bool:
    """Every word of the query appears, ignoring case, in the title, the body or a tag."""
    if not terms:
        return True
    haystack = "\n".join([entry.title, entry.body, *entry.tags]).casefold()
    return all(term in haystack for term in terms)


def search(chain: KeyChain, user: User, filters: Filters) -> list[OpenEntry]:
    """The person's entries that match, newest first. Theme and dates narrow the rows in the
    database; the words are matched after opening, in memory, so nothing is indexed in clear."""
    terms = filters.terms
    rows = filtered(user, filters).iterator(chunk_size=500)
    return [entry for entry in open_entries(chain, rows) if matches(entry, terms)]


# --- drafts

DRAFT_FIELDS = ("title", "body", "tags", "theme", "written_on", "prompt")


@dataclass
class Draft:
    content: dict[str, str]
    updated_at: datetime


def _draft_content(content: dict[str, Any]) -> dict[str, str]:
    """Only the editor's fields, as the text typed (tags as one comma-separated string)."""
    cleaned = {}
    for name in DRAFT_FIELDS:
        value = content.get(name) or ""
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        cleaned[name] = str(value)
    return cleaned


def _drafts(user: User, entry: JournalEntry | None):
    drafts = JournalDraft.objects.for_user(user)
    return drafts.filter(entry=entry) if entry is not None else drafts.filter(entry__isnull=True)


def save_draft(chain: KeyChain, user: User, entry: JournalEntry | None, content: dict[str, Any]) -> JournalDraft:
    """Keep what the person is typing, sealed; one draft per editor, replaced on every save."""
    if entry is not None:
        _own(user, entry)
    cleaned = _draft_content(content)
    for _attempt in range(2):  # a second autosave racing the first finds its row the second time
        draft = _drafts(user, entry).first() or JournalDraft(user=user, entry=entry)
        try:
            draft.content = chain.seal(cleaned, draft, "content")
        except SealError as error:
            raise JournalError("draft_too_long", _("This is too long to keep as a draft.")) from error
        draft.updated_at = timezone.now()
        try:
            with transaction.atomic():
                draft.save()
            return draft
        except IntegrityError:
            continue
    raise JournalError("draft_conflict", _("The draft could not be saved just now. It is still on this page."))


def get_draft(chain: KeyChain, user: User, entry: JournalEntry | None) -> Draft | None:
    draft = _drafts(user, entry).first()
    if draft is None:
        return None
    try:
        content = chain.open(draft.content, draft, "content")
    except CryptoError:
        return None
    return Draft(content=_draft_content(content), updated_at=draft.updated_at)


def has_draft(user: User, entry: JournalEntry | None = None) -> bool:
    return _drafts(user, entry).exists()


def discard_draft(user: User, entry: JournalEntry | None) -> bool:
    count, _details = _drafts(user, entry).delete()
    return bool(count)


# --- prompts


def prompt_of_the_day(user: User) -> Prompt | None:
    """Today's prompt for the person (their timezone), the same all day.

    One query once the day's prompt is chosen: the newest offer, with its prompt.
    """
    today = local_today(user)
    latest = PromptOffer.objects.for_user(user).select_related("prompt").order_by("-id").first()
    if latest is not None and latest.offered_on == today:
        return latest.prompt
    return _offer_new(user, today, latest)


def another_prompt(user: User) -> Prompt | None:
    """A different prompt for today; it counts as offered, like the prompt of the day."""
    latest = PromptOffer.objects.for_user(user).order_by("-id").first()
    return _offer_new(user, local_today(user), latest)


def _offer_new(user: User, today: date, latest: PromptOffer | None) -> Prompt | None:
    """A prompt not yet offered in this round; when every one has been, a new round begins.

    The quiet theme is left out: those prompts belong to the quiet-reflection timer.
    """
    current = latest.round if latest else 1
    library = Prompt.objects.exclude(theme=QUIET_THEME)
    offered = PromptOffer.objects.for_user(user).filter(round=current).values("prompt_id")
    prompt = library.exclude(pk__in=offered).order_by("?").first()
    if prompt is None:
        if latest is None:
            return None  # the content library has not been loaded
        current += 1  # every prompt has been offered: a new round, not starting with the last one
        prompt = library.exclude(pk=latest.prompt_id).order_by("?").first() or latest.prompt
    PromptOffer.objects.create(user=user, prompt=prompt, offered_on=today, round=current)
    return prompt


def prompts_by_theme(theme: str = "") -> list[Prompt]:
    prompts = Prompt.objects.all()
    if theme:
        prompts = prompts.filter(theme=theme)
    return list(prompts.order_by("theme", "key"))


# --- import


def import_export(chain: KeyChain, user: User, fmt: str, data: Any) -> int:
    """Import a jrnl or Day One export (parsed JSON or its text); returns how many entries."""
    from twofold.journal import importers

    return import_entries(chain, user, importers.parse(fmt, data))


@transaction.atomic
def import_entries(chain: KeyChain, user: User, entries: list[EntryInput]) -> int:
    """Seal and store already parsed entries, all or none: validation comes first."""
    cleaned = []
    for number, item in enumerate(entries, start=1):
        try:
            cleaned.append((_validated(item), as_moment(user, item.written_at)))
        except JournalError as error:
            problem = _("Entry %(number)s: %(problem)s") % {"number": number, "problem": error.message}
            raise JournalError(error.code, problem) from error
    now = timezone.now()
    rows = []
    for clean, moment in cleaned:
        entry = JournalEntry(user=user, written_at=moment, created_at=now, updated_at=now)
        _seal_into(chain, entry, clean)
        rows.append(entry)
    JournalEntry.unscoped.bulk_create(rows, batch_size=500)  # every row names its owner
    return len(rows)
