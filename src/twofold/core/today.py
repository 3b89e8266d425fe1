"""Cards on Today. Each practice adds its own with ``@today_card(order)`` in its today.py.

A card function takes the request and returns ``{"template": ..., **context}`` or None when it
has nothing to show. Keep each card to one or two queries: Today's query count is asserted.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.http import HttpRequest

Card = Callable[[HttpRequest], dict | None]
_CARDS: list[tuple[int, Card]] = []
_loaded = False


def today_card(order: int) -> Callable[[Card], Card]:
    def register(func: Card) -> Card:
        _CARDS.append((order, func))
        return func

    return register


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for app in apps.get_app_configs():
        if app.name.startswith("twofold."):
            try:
                import_module(f"{app.name}.today")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.today":
                    raise
    _loaded = True


def cards_for(request: HttpRequest) -> list[dict]:
    _load()
    shown = (func(request) for _order, func in sorted(_CARDS, key=lambda item: item[0]))
    return [card for card in shown if card]
