"""The journal in a person's data export: every entry and unsaved draft, as JSON and Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twofold.journal import services
from twofold.journal.models import JournalDraft, JournalEntry
from twofold.lib.crypto import CryptoError

if TYPE_CHECKING:
    from twofold.accounts.models import User
    from twofold.lib.keyring import KeyChain


def journal_section(user: User, chain: KeyChain) -> dict[str, Any]:
    zone = services.zone_of(user)
    entries = JournalEntry.objects.for_user(user).select_related("prompt").order_by("written_at", "id")
    items: list[dict[str, Any]] = []
    lines = ["# Journal", ""]
    for entry in entries:
        try:
            opened = services.open_entry(chain, entry)
        except CryptoError:
            continue  # sealed under keys the person no longer has: nothing readable to give
        local = entry.written_at.astimezone(zone)
        items.append(
            {
                "kind": "entry",
                "id": opened.uid,
                "written_at": local.isoformat(),
                "title": opened.title,
                "body": opened.body,
                "tags": opened.tags,
                "theme": entry.theme,
                "prompt": {"id": entry.prompt.key, "text": entry.prompt.text} if entry.prompt else None,
                "created_at": entry.created_at.isoformat(),
                "updated_at": entry.updated_at.isoformat(),
            }
        )
        lines += [f"## {opened.heading}", "", f"*{local:%Y-%m-%d %H:%M}*"]
        facts = [entry.get_theme_display()] if entry.theme else []
        facts += [", ".join(opened.tags)] if opened.tags else []
        lines += [f"*{' · '.join(facts)}*"] if facts else []
        lines += ["", f"> {entry.prompt.text}", ""] if entry.prompt else [""]
        lines += [opened.body, "", "---", ""]
    for draft in JournalDraft.objects.for_user(user).select_related("entry").order_by("updated_at"):
        try:
            content = chain.open(draft.content, draft, "content")
        except CryptoError:
            continue
        entry_id = str(draft.entry.uid) if draft.entry else None
        items.append({"kind": "draft", "entry": entry_id, "updated_at": draft.updated_at.isoformat(), **content})
        lines += ["## Unsaved draft", "", content.get("body", ""), "", "---", ""]
    if len(lines) == 2:
        lines.append("No entries yet.")
    return {"name": "journal", "items": items, "markdown": "\n".join(lines).rstrip() + "\n"}
