"""The map's card on Today: a gentle nudge that changes daily. No query, no sealed text, no counts."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twofold.core.today import today_card
from twofold.selfmap.models import SECTION_WORDS, Section

NUDGES = [
    (Section.STRENGTHS, _("Think of the last time someone thanked you. What did you do that few others would have?")),
    (Section.GROWTH, _("Is there something you keep meaning to handle differently? Naming it is a start.")),
    (Section.EVENTS, _("A small moment can shape a person as much as a big one. Which one comes to mind?")),
    (Section.PEOPLE, _("Who showed you how to treat people, by example or by contrast?")),
    (Section.VALUES, _("What would you stand up for even when it is inconvenient?")),
    (Section.ACCEPTANCE, _("Is there something about yourself you have stopped fighting? It belongs on your map too.")),
]


def _local_day_number(user) -> int:
    try:
        zone = ZoneInfo(user.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.localdate(timezone=zone).toordinal()


@today_card(40)
def map_card(request: HttpRequest) -> dict | None:
    section, nudge = NUDGES[_local_day_number(request.user) % len(NUDGES)]
    return {
        "template": "selfmap/today_card.html",
        "nudge": nudge,
        "section": section.value,
        "add": SECTION_WORDS[section].add,
    }
