"""Feelings on Today: "How are you feeling?" with the families, so a check-in starts right here.

Today is shown locked too and its query count is fixed: the families come from the content
file (read once per process, the same file the loader puts in the database), not a query.
"""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from twofold.content.loader import read
from twofold.core.today import today_card


@cache
def families_from_content() -> tuple[tuple[str, str], ...]:
    try:
        return tuple((family["id"], family["label"]) for family in read("feelings.toml").get("family", []))
    except OSError:
        return ()


@today_card(20)
def feelings_card(request: HttpRequest) -> dict:
    return {"template": "feelings/today_card.html", "families": families_from_content()}
