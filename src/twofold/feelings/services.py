"""Every write about feelings check-ins, and the reads that open them.

A check-in's feeling (word, family, intensity) and note are sealed under the person's data key;
only its time is in clear. Sharing one check-in seals a separate copy under the couple key,
which the partner may answer with a short reply. The month history opens the month's
check-ins in memory: the server cannot count what it cannot read.
"""

from __future__ import annotations

import calendar
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from twofold.couples.models import Membership
from twofold.feelings.models import (
    INTENSITY_LABELS,
    INTENSITY_MAX,
    INTENSITY_MIN,
    NOTE_MAX,
    REPLY_MAX,
    CheckIn,
    FeelingFamily,
    FeelingReply,
    FeelingWord,
    SharedCheckIn,
)
from twofold.lib.crypto import CryptoError
from twofold.lib.errors import ServiceError
from twofold.lib.markdown import render
from twofold.lib.timeutil import month_bounds, zone_of

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from twofold.accounts.models import User
    from twofold.lib.keyring import KeyChain

# The sealed feeling is padded to one size, so the length of a ciphertext says nothing about
# which word it holds.
FEELING_BYTES = 96
SHARED_LIST_LIMIT = 100


class FeelingsError(ServiceError):
    """A feelings request that cannot be carried out; nothing was changed."""


# --- time in the person's zone


def parse_month(text: str | None, user: User, *, strict: bool = False) -> tuple[int, int]:
    """'2025-03' as (2025, 3); nothing (or, unless strict, anything unreadable) is the current month."""
    if text:
        try:
            year, month = (int(part) for part in text.split("-"))
            if 2000 <= year <= 2200 and 1 <= month <= 12:
                return year, month
        except ValueError:
            pass
        if strict:
            raise FeelingsError("bad_month", _("Give the month as YYYY-MM, for example 2025-03."))
    today = timezone.localdate(timezone=zone_of(user))
    return today.year, today.month


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


# --- input


def find_word(word: str | None) -> FeelingWord:
    found = FeelingWord.objects.select_related("family").filter(word=(word or "").strip().lower()).first()
    if found is None:
        raise FeelingsError("unknown_word", _("Choose a feeling word from the list."))
    return found


def _check_intensity(intensity: Any) -> int:
    if isinstance(intensity, bool) or not isinstance(intensity, int) or not INTENSITY_MIN <= intensity <= INTENSITY_MAX:
        raise FeelingsError(
            "bad_intensity", _("Choose how strongly, from 1 (a little) to 5 (very). Nothing was saved.")
        )
    return intensity


def _clean_text(text: str | None, limit: int, what: str) -> str:
    cleaned = (text or "").strip()
    if len(cleaned) > limit:
        raise FeelingsError(
            "too_long",
            _("%(what)s can be at most %(limit)d characters; this is %(length)d. Nothing was saved.")
            % {"what": what, "limit": limit, "length": len(cleaned)},
        )
    return cleaned


def _feeling_value(word: FeelingWord, intensity: int) -> dict:
    value = {"word": word.word, "family": word.family.slug, "intensity": intensity}
    size = len(json.dumps({**value, "pad": ""}, ensure_ascii=True, separators=(",", ":")))
    return {**value, "pad": " " * max(0, FEELING_BYTES - size)}


@dataclass(frozen=True)
class Input:
    feeling: dict
    note: str


def clean_input(word: str | None, intensity: Any, note: str | None) -> Input:
    found = find_word(word)
    return Input(_feeling_value(found, _check_intensity(intensity)), _clean_text(note, NOTE_MAX, _("The note")))


def _seal_checkin(row: CheckIn | SharedCheckIn, values: Input, seal) -> None:
    row.feeling = seal(values.feeling, row, "feeling")
    row.note = seal(values.note, row, "note") if values.note else None


def _shared_sealer(chain: KeyChain, couple_id: int):
    return lambda value, row, name: chain.seal_shared(value, row, name, couple_id)


# --- writes


def log_feeling(
    chain: KeyChain, user: User, *, word: str, intensity: int, note: str = "", at: datetime | None = None
) -> CheckIn:
    values = clean_input(word, intensity, note)
    checkin = CheckIn(user=user, checked_at=at or timezone.now())
    _seal_checkin(checkin, values, chain.seal)
    checkin.save()
    return checkin


@transaction.atomic
def update_checkin(chain: KeyChain, user: User, checkin: CheckIn, *, word: str, intensity: int, note: str = "") -> None:
    """Change a check-in; a shared copy changes with it (the form says so)."""
    _check_owner(user, checkin)
    values = clean_input(word, intensity, note)
    _seal_checkin(checkin, values, chain.seal)
    checkin.save(update_fields=["feeling", "note"])
    shared = SharedCheckIn.objects.for_user(user).filter(checkin=checkin).first()
    if shared is not None:
        _seal_checkin(shared, values, _shared_sealer(chain, shared.couple_id))
        shared.save(update_fields=["feeling", "note"])


def delete_checkin(user: User, checkin: CheckIn) -> None:
    """Delete a check-in, with any shared copy and the reply to it."""
    _check_owner(user, checkin)
    checkin.delete()


@transaction.atomic
def share_checkin(chain: KeyChain, user: User, checkin: CheckIn) -> SharedCheckIn:
    """Share one check-in with the partner, as a copy sealed under the couple key."""
    _check_owner(user, checkin)
    couple_id = Membership.active_couple_id(user)
    if couple_id is None:
        raise FeelingsError("not_paired", _("Sharing needs a partner. Invite yours first."))
    feeling, note = _open_pair(chain, checkin)
    SharedCheckIn.unscoped.filter(checkin=checkin).exclude(couple_id=couple_id).delete()  # a stale copy, if any
    shared = SharedCheckIn.unscoped.filter(checkin=checkin).first() or SharedCheckIn(
        couple_id=couple_id, checkin=checkin, user=user, checked_at=checkin.checked_at
    )
    _seal_checkin(shared, Input(feeling, note), _shared_sealer(chain, couple_id))
    shared.save()
    return shared


def unshare_checkin(user: User, checkin: CheckIn) -> bool:
    """Stop sharing at once: the copy and any reply to it are deleted. True if it was shared."""
    _check_owner(user, checkin)
    deleted, _details = SharedCheckIn.unscoped.filter(checkin=checkin).delete()
    return bool(deleted)


@transaction.atomic
def set_reply(chain: KeyChain, user: User, shared: SharedCheckIn, text: str) -> FeelingReply:
    """Answer what the partner shared (or change the answer), sealed under the couple key."""
    _check_shared_with(user, shared)
    cleaned = _clean_text(text, REPLY_MAX, _("A reply"))
    if not cleaned:
        raise FeelingsError("empty", _("Write a few words first."))
    reply = FeelingReply.unscoped.filter(shared=shared).first() or FeelingReply(
        couple_id=shared.couple_id, shared=shared, user=user
    )
    reply.text = chain.seal_shared(cleaned, reply, "text", shared.couple_id)
    reply.updated_at = timezone.now()
    reply.save()
    return reply


def delete_reply(user: User, shared: SharedCheckIn) -> bool:
    _check_shared_with(user, shared)
    deleted, _details = FeelingReply.unscoped.filter(shared=shared, user=user).delete()
    return bool(deleted)


def drop_couple_copies(couple_id: int) -> None:
    """The couple ended: every shared copy and reply goes; each keeps only what they wrote privately."""
    FeelingReply.unscoped.filter(couple_id=couple_id).delete()
    SharedCheckIn.unscoped.filter(couple_id=couple_id).delete()


def _check_owner(user: User, checkin: CheckIn) -> None:
    # Views and the API look check-ins up through the scoped manager; this guards any other caller.
    if checkin.user_id != user.pk:
        raise FeelingsError("not_found", _("That check-in was not found."), status=404)


def _check_shared_with(user: User, shared: SharedCheckIn) -> None:
    if shared.user_id == user.pk or shared.couple_id != Membership.active_couple_id(user):
        raise FeelingsError("not_found", _("That shared feeling was not found."), status=404)


# --- reads


def family_labels() -> dict[str, str]:
    return dict(FeelingFamily.objects.values_list("slug", "label"))


def _open_pair(chain: KeyChain, row: CheckIn | SharedCheckIn) -> tuple[dict, str]:
    feeling = chain.open(row.feeling, row, "feeling")
    note = chain.open(row.note, row, "note") if row.note is not None else ""
    return feeling, note


def related(row, name: str):
    try:
        return getattr(row, name)
    except (SharedCheckIn.DoesNotExist, FeelingReply.DoesNotExist):
        return None


@dataclass
class Entry:
    """An opened check-in (or shared copy) for a page or the API."""

    pk: int
    checked_at: datetime  # in the viewer's zone
    word: str
    family: str
    family_label: str
    intensity: int
    note: str = ""
    shared: bool = False
    replied: bool = False

    @property
    def intensity_label(self) -> str:
        return str(INTENSITY_LABELS.get(self.intensity, ""))

    @property
    def note_html(self) -> SafeString:
        return render(self.note)


def open_checkin(chain: KeyChain, row: CheckIn | SharedCheckIn, labels: dict[str, str], zone: ZoneInfo) -> Entry:
    feeling, note = _open_pair(chain, row)
    shared = row if isinstance(row, SharedCheckIn) else related(row, "shared")
    return Entry(
        pk=row.pk,
        checked_at=timezone.localtime(row.checked_at, zone),
        word=feeling["word"],
        family=feeling["family"],
        family_label=labels.get(feeling["family"], feeling["family"]),
        intensity=feeling["intensity"],
        note=note,
        shared=shared is not None,
        replied=shared is not None and related(shared, "reply") is not None,
    )


@dataclass
class Reply:
    text: str
    by_me: bool
    updated_at: datetime


def open_reply(chain: KeyChain, user: User, shared: SharedCheckIn) -> Reply | None:
    reply = related(shared, "reply")
    if reply is None:
        return None
    try:
        text = chain.open(reply.text, reply, "text")
    except CryptoError:
        return None
    return Reply(text=text, by_me=reply.user_id == user.pk, updated_at=reply.updated_at)


def own_checkins(user: User) -> QuerySet:
    """The person's check-ins, each with its shared copy and reply, in one query."""
    return CheckIn.objects.for_user(user).select_related("shared", "shared__reply")


@dataclass
class Day:
    day: date
    in_month: bool
    count: int = 0
    is_today: bool = False


@dataclass
class DayGroup:
    day: date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class MonthHistory:
    first: date
    weeks: list[list[Day]]
    days: list[DayGroup]  # newest first, only days with check-ins
    families: list[tuple[str, int]]  # (label, count), most frequent first
    words: list[tuple[str, int]]
    total: int
    previous: str
    next: str | None  # None when the next month has not begun

    @property
    def key(self) -> str:
        return month_key(self.first.year, self.first.month)


def month_history(chain: KeyChain, user: User, year: int, month: int) -> MonthHistory:
    """A month of the person's check-ins, in their zone, with plain counts (two queries)."""
    zone = zone_of(user)
    start, end = month_bounds(year, month, zone)
    labels = family_labels()
    rows = own_checkins(user).filter(checked_at__gte=start, checked_at__lt=end).order_by("-checked_at", "-id")
    entries = [open_checkin(chain, row, labels, zone) for row in rows]

    by_day: dict[date, DayGroup] = {}
    for entry in entries:
        by_day.setdefault(entry.checked_at.date(), DayGroup(entry.checked_at.date())).entries.append(entry)
    today = timezone.localdate(timezone=zone)
    weeks = [
        [
            Day(d, d.month == month, len(by_day[d].entries) if d.month == month and d in by_day else 0, d == today)
            for d in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    families = Counter(entry.family_label for entry in entries)
    words = Counter(entry.word for entry in entries)
    following = _shift(year, month, 1)
    return MonthHistory(
        first=date(year, month, 1),
        weeks=weeks,
        days=list(by_day.values()),
        families=_ranked(families),
        words=_ranked(words)[:5],
        total=len(entries),
        previous=month_key(*_shift(year, month, -1)),
        next=month_key(*following) if date(*following, 1) <= today else None,
    )


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    # Most frequent first; ties in alphabetical order, so the list does not jump about.
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


@dataclass
class SharedEntry:
    entry: Entry  # its pk is the shared copy's
    reply: Reply | None
    by_me: bool
    checkin_pk: int | None = None  # the private check-in, for its owner only


def shared_list(chain: KeyChain, user: User, *, mine: bool, labels: dict[str, str] | None = None) -> list[SharedEntry]:
    """Shared check-ins of the person's active couple: theirs (mine=True) or the partner's."""
    copies = SharedCheckIn.objects.for_user(user).select_related("reply")
    copies = copies.filter(user=user) if mine else copies.exclude(user=user)
    labels, zone = labels if labels is not None else family_labels(), zone_of(user)
    shown = []
    for shared in copies.order_by("-checked_at", "-id")[:SHARED_LIST_LIMIT]:
        try:
            entry = open_checkin(chain, shared, labels, zone)
        except CryptoError:
            continue  # sealed under a couple key this person no longer holds (they started afresh)
        own_pk = shared.checkin_id if mine else None
        shown.append(SharedEntry(entry, open_reply(chain, user, shared), by_me=mine, checkin_pk=own_pk))
    return shown


def shared_with_me(user: User, pk: int) -> SharedCheckIn | None:
    """A check-in the partner shares with this person (for replying), or None."""
    return SharedCheckIn.objects.for_user(user).exclude(user=user).select_related("reply").filter(pk=pk).first()


# --- export


def export(user: User, chain: KeyChain) -> dict:
    """The person's own check-ins and the replies they wrote; never the partner's data."""
    labels, zone = family_labels(), zone_of(user)
    entries = [open_checkin(chain, row, labels, zone) for row in own_checkins(user).order_by("checked_at", "id")]
    items: list[dict] = [
        {
            "kind": "check-in",
            "checked_at": entry.checked_at.isoformat(),
            "word": entry.word,
            "family": entry.family_label,
            "intensity": entry.intensity,
            "intensity_label": entry.intensity_label,
            "note": entry.note,
            "shared_with_partner": entry.shared,
        }
        for entry in entries
    ]
    replies = []
    for reply in FeelingReply.objects.for_user(user).filter(user=user).order_by("created_at"):
        try:
            text = chain.open(reply.text, reply, "text")
        except CryptoError:
            continue
        replies.append({"kind": "reply", "written_at": reply.updated_at.isoformat(), "text": text})
    lines = ["# Feelings check-ins", ""]
    for entry in entries:
        feeling = f"{entry.word} ({entry.family_label}), {entry.intensity_label}"
        lines.append(f"- {entry.checked_at:%Y-%m-%d %H:%M}: {feeling}")
        if entry.note:
            lines += ["", *[f"  {line}" for line in entry.note.splitlines()], ""]
    if replies:
        lines += ["", "## Replies you wrote to your partner", ""]
        lines += [f"- {reply['written_at'][:10]}: {reply['text']}" for reply in replies]
    return {"name": "feelings", "items": items + replies, "markdown": "\n".join(lines) + "\n"}
