"""Writing to a person's security log. Details are sealed so only they can read them."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from twofold.accounts.models import KeyMaterial, SecurityEvent
from twofold.lib import keyring

if TYPE_CHECKING:
    from django.http import HttpRequest

    from twofold.accounts.models import User

log = logging.getLogger(__name__)
Kind = SecurityEvent.Kind


def describe_device(request: HttpRequest | None) -> str:
    """A coarse device label from the user agent ("Firefox on Android"); no address is kept."""
    if request is None:
        return ""
    agent = request.headers.get("User-Agent", "")
    browser = next(
        (name for key, name in BROWSERS if key in agent),
        "A browser" if agent else "An app",
    )
    system = next((name for key, name in SYSTEMS if key in agent), "")
    return f"{browser} on {system}" if system else browser


BROWSERS = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS X", "macOS"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def record(user: User, kind: str, request: HttpRequest | None = None, **detail: str) -> SecurityEvent:
    event = SecurityEvent(user=user, kind=kind)
    device = describe_device(request)
    if device:
        detail.setdefault("device", device)
    if detail:
        try:
            event.detail = keyring.seal_for(user.pk, detail, event, "detail")
        except KeyMaterial.DoesNotExist:  # an operator account without keys: keep the bare event
            log.info("security event %s for %s recorded without detail", kind, user.pk)
    event.save()
    return event
