"""The person's sittings and notes, for their own export. Sittings are never anyone else's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twofold.reflection import services
from twofold.reflection.models import ReflectionSitting
from twofold.reflection.prompts import prompt_text

if TYPE_CHECKING:
    from twofold.accounts.models import User
    from twofold.lib.keyring import KeyChain


def export_sittings(user: User, chain: KeyChain) -> dict[str, Any]:
    sittings = ReflectionSitting.objects.for_user(user).filter(ended_at__isnull=False).order_by("started_at", "id")
    items = [
        {
            "started_at": sitting.started_at.isoformat(),
            "minutes": sitting.minutes,
            "planned_minutes": sitting.planned_minutes,
            "prompt_key": sitting.prompt_key,
            "prompt": prompt_text(sitting.prompt_key),
            "note": _note(chain, sitting),
        }
        for sitting in sittings
    ]
    bell = "on" if services.sound_on(user) else "off"
    lines = ["# Quiet reflection", "", f"Soft bell at the end: {bell}", ""]
    for item in items:
        lines.append(f"- {item['started_at']}: {item['minutes']} min")
        if item["prompt"]:
            lines.append(f"  - Prompt: {item['prompt']}")
        if item["note"]:
            lines.append(f"  - Note: {item['note']}")
    if not items:
        lines.append("No sittings.")
    return {"name": "reflection", "items": items, "markdown": "\n".join(lines) + "\n"}


def _note(chain: KeyChain, sitting: ReflectionSitting) -> str | None:
    if sitting.note is None:
        return None
    text = services.open_note(chain, sitting)
    return "not available" if text is None else text
