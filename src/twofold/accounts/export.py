"""A person's own data as a zip of JSON and Markdown. Never the partner's private data."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from twofold.accounts.models import SecurityEvent, User
from twofold.lib.crypto import CryptoError

if TYPE_CHECKING:
    from twofold.lib.keyring import KeyChain

# Each practice appends a function returning {"name": ..., "items": [...], "markdown": "..."}.
Section = dict[str, Any]
EXPORTERS: list[Callable[[User, KeyChain], Section]] = []


def _account(user: User, chain: KeyChain) -> Section:
    items = [
        {
            "email": user.email,
            "display_name": user.display_name,
            "timezone": user.timezone,
            "joined": user.date_joined.isoformat(),
            "idle_lock_minutes": user.idle_lock_minutes,
            "discreet": user.discreet,
        }
    ]
    markdown = f"# {user.display_name}\n\n- E-mail: {user.email}\n- Timezone: {user.timezone}\n"
    return {"name": "account", "items": items, "markdown": markdown}


def _couple(user: User, chain: KeyChain) -> Section:
    from twofold.couples.services import active_couple, couple_name, partner_of

    couple = active_couple(user)
    if couple is None:
        return {"name": "couple", "items": [], "markdown": "# Couple\n\nNot paired.\n"}
    partner = partner_of(user)
    item = {
        "name": couple_name(chain, couple),
        "timezone": couple.timezone,
        "since": couple.created_at.isoformat(),
        "partner": partner.display_name if partner else None,
    }
    markdown = f"# Couple\n\n- Name: {item['name'] or ''}\n- Partner: {item['partner']}\n- Since: {item['since']}\n"
    return {"name": "couple", "items": [item], "markdown": markdown}


def _security_log(user: User, chain: KeyChain) -> Section:
    items = []
    for event in SecurityEvent.objects.for_user(user):
        detail: Any = None
        if event.detail is not None:
            try:
                detail = chain.open(event.detail, event, "detail")
            except CryptoError:
                detail = "not available"
        items.append({"when": event.created_at.isoformat(), "what": event.get_kind_display(), "detail": detail})
    lines = [f"- {item['when']}: {item['what']}" for item in items]
    return {
        "name": "security-log",
        "items": items,
        "markdown": "# Security log\n\n" + "\n".join(lines) + "\n",
    }


def build_zip(user: User, chain: KeyChain) -> bytes:
    sections = [exporter(user, chain) for exporter in [_account, _couple, _security_log, *EXPORTERS]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.md",
            "# Your Twofold data\n\n"
            f"Exported {timezone.now().isoformat()}. Each part is here twice: as JSON for programs "
            "and as Markdown for reading. Only what is yours is included.\n",
        )
        for section in sections:
            archive.writestr(f"{section['name']}.json", json.dumps(section["items"], indent=2, ensure_ascii=False))
            archive.writestr(f"{section['name']}.md", section["markdown"])
    return buffer.getvalue()
