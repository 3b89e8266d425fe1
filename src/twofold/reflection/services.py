"""Every write about quiet reflection, and the few reads that carry a rule (days, notes).

Days are the person's own: a sitting belongs to the local day, in the person's timezone, on
which it started. Nothing here is ever computed for, or shown to, anyone but its owner.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twofold.lib.crypto import CryptoError
from twofold.lib.errors import ServiceError
from twofold.lib.timeutil import local_day, local_today, month_bounds, zone_of
from twofold.reflection.models import ReflectionSettings, ReflectionSitting
from twofold.reflection.prompts import QuietPrompt, is_quiet_prompt, next_prompt

if TYPE_CHECKING:
    from twofold.accounts.models import User
    from twofold.lib.keyring import KeyChain

PRESET_MINUTES = (5, 10, 15)
DEFAULT_MINUTES = 10
MIN_MINUTES, MAX_MINUTES = 1, 120
NOTE_MAX_CHARS = 1000
FIRST_YEAR, LAST_YEAR = 2000, 2999  # the rhythm's calendar; keeps month arithmetic far from date's limits


class ReflectionError(ServiceError):
    """A reflection request that cannot be carried out; nothing was changed."""


# --- time in the person's zone


# --- settings


def sound_on(user: User) -> bool:
    """Whether the person wants the soft bell at the end (one query)."""
    return ReflectionSettings.objects.for_user(user).filter(sound=True).exists()


def set_sound(user: User, on: bool) -> bool:
    ReflectionSettings.unscoped.update_or_create(user=user, defaults={"sound": on})
    return on


# --- sittings


def check_minutes(minutes: object) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ReflectionError(
            "invalid_minutes",
            _("Choose a whole number of minutes from %(low)d to %(high)d.") % {"low": MIN_MINUTES, "high": MAX_MINUTES},
        )
    return minutes


def prompt_for_next_sitting(user: User, now: datetime | None = None) -> QuietPrompt:
    """The prompt the person's next sitting gets: the one after their last (one query)."""
    last_key = ReflectionSitting.objects.for_user(user).values_list("prompt_key", flat=True).first()
    return next_prompt(last_key, local_today(user, now))


def sitting_of(user: User, sitting_id: int) -> ReflectionSitting:
    sitting = ReflectionSitting.objects.for_user(user).filter(pk=sitting_id).first()
    if sitting is None:
        raise ReflectionError("not_found", _("That sitting was not found."), status=404)
    return sitting


@transaction.atomic
def start_sitting(
    user: User, minutes: int, prompt_key: str | None = None, now: datetime | None = None
) -> ReflectionSitting:
    """Begin a sitting of MINUTES with a quiet prompt (the next in turn unless one is named)."""
    check_minutes(minutes)
    if prompt_key and not is_quiet_prompt(prompt_key):
        raise ReflectionError("invalid_prompt", _("That prompt is not one of the quiet prompts."))
    key = prompt_key or prompt_for_next_sitting(user, now).key
    # A sitting that never ended was never logged: it makes way for the new one, so abandoned
    # timers (a closed tab, a flat battery) do not pile up.
    ReflectionSitting.objects.for_user(user).filter(ended_at__isnull=True).delete()
    return ReflectionSitting.objects.create(
        user=user, started_at=now or timezone.now(), planned_minutes=minutes, prompt_key=key
    )


def finish_sitting(
    user: User, sitting_id: int, minutes: int | None = None, now: datetime | None = None
) -> ReflectionSitting:
    """End a sitting and log how long it lasted.

    MINUTES is the time actually sat (pauses left out), which only the timer knows. Without it
    the time since the start counts, up to the planned length.
    """
    now = now or timezone.now()
    sitting = sitting_of(user, sitting_id)
    if sitting.finished:
        raise ReflectionError("already_finished", _("This sitting has already ended."), status=409)
    seconds = max(0.0, (now - sitting.started_at).total_seconds())
    if minutes is None:
        minutes = min(sitting.planned_minutes, max(1, round(seconds / 60)))
    else:
        check_minutes(minutes)
        passed = max(1, math.ceil(seconds / 60))
        if minutes > sitting.planned_minutes or minutes > passed:
            raise ReflectionError(
                "invalid_minutes",
                _("A sitting can't last longer than planned, or longer than the time since it began."),
            )
    sitting.minutes = minutes
    sitting.ended_at = now
    sitting.save(update_fields=["minutes", "ended_at"])
    return sitting


def one_line(text: str) -> str:
    """A note is one line: line breaks become spaces, the ends are trimmed."""
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


def save_note(chain: KeyChain, user: User, sitting_id: int, text: str) -> ReflectionSitting:
    """Seal the note under the person's data key; an empty note removes it."""
    sitting = sitting_of(user, sitting_id)
    if not sitting.finished:
        raise ReflectionError("not_finished", _("A note can be added once the sitting has ended."), status=409)
    text = one_line(text)
    if len(text) > NOTE_MAX_CHARS:
        raise ReflectionError(
            "note_too_long", _("Keep the note to %(limit)s characters or fewer.") % {"limit": f"{NOTE_MAX_CHARS:,}"}
        )
    sitting.note = chain.seal(text, sitting, "note") if text else None
    sitting.save(update_fields=["note"])
    return sitting


def open_note(chain: KeyChain, sitting: ReflectionSitting) -> str | None:
    """The note's text, or None when there is none (or it can no longer be opened)."""
    if sitting.note is None:
        return None
    try:
        return chain.open(sitting.note, sitting, "note")
    except CryptoError:
        return None


# --- rhythm


def finished_in_month(user: User, year: int, month: int) -> list[ReflectionSitting]:
    """The person's ended sittings that began in a local month, oldest first (one query)."""
    start, end = month_bounds(year, month, zone_of(user))
    sittings = ReflectionSitting.objects.for_user(user).filter(
        ended_at__isnull=False, started_at__gte=start, started_at__lt=end
    )
    return list(sittings.order_by("started_at", "id"))


@dataclass(frozen=True)
class MonthRhythm:
    year: int
    month: int
    days: list[int]  # day numbers of the month on which the person sat
    minutes: int


def rhythm_of(sittings: list[ReflectionSitting], user: User, year: int, month: int) -> MonthRhythm:
    zone = zone_of(user)
    days = sorted({local_day(sitting.started_at, zone).day for sitting in sittings})
    return MonthRhythm(year, month, days, sum(sitting.minutes or 0 for sitting in sittings))


def month_rhythm(user: User, year: int, month: int) -> MonthRhythm:
    return rhythm_of(finished_in_month(user, year, month), user, year, month)


def shift_month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def earliest_month(user: User) -> tuple[int, int]:
    joined = local_day(user.date_joined, zone_of(user))
    return joined.year, joined.month
