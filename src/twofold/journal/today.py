"""The journal's card on Today: the prompt of the day. Needs no keys and shows nothing sealed.

One query once today's prompt is chosen (the newest offer with its prompt); choosing it, on
the first view of a person's day, adds two or three (the pick and the offer row).
"""

from __future__ import annotations

from django.http import HttpRequest

from twofold.core.today import today_card
from twofold.journal import services


@today_card(30)
def prompt_card(request: HttpRequest) -> dict | None:
    prompt = services.prompt_of_the_day(request.user)
    if prompt is None:
        return None
    return {"template": "journal/today_card.html", "prompt": prompt}
