"""Local time for a person: store UTC, compute days and months in their own timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

if TYPE_CHECKING:
    from twofold.accounts.models import User


def zone_of(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return timezone.localtime(moment, zone).date()


def local_today(user: User, now: datetime | None = None) -> date:
    return local_day(now or timezone.now(), zone_of(user))


def month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where a local month starts and where the next one starts.

    Local midnights are built in the zone, so a month holding a DST change still covers
    exactly its own days.
    """
    following = date(year + month // 12, month % 12 + 1, 1)
    start = datetime.combine(date(year, month, 1), time.min, tzinfo=zone)
    end = datetime.combine(following, time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
