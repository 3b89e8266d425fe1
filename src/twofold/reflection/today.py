"""The Today card: an invitation to sit quietly. No query, no keys, nothing private shown."""

from __future__ import annotations

from django.http import HttpRequest

from twofold.core.today import today_card


@today_card(60)
def quiet_minutes(request: HttpRequest) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {"template": "reflection/today_card.html"}
