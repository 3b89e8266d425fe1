"""Loading the reflection prompts (content/prompts.toml): an idempotent upsert by stable id."""

from __future__ import annotations

from twofold.content.loader import content_loader
from twofold.journal.models import Prompt


@content_loader("prompts.toml")
def load_prompts(data: dict) -> int:
    """Create new prompts and update changed ones; unchanged rows are not written at all."""
    items = data.get("prompt", [])
    existing = {prompt.key: prompt for prompt in Prompt.objects.all()}
    created, changed = [], []
    for item in items:
        values = {"theme": item["theme"], "topic": item["topic"], "text": item["text"].strip()}
        prompt = existing.get(item["id"])
        if prompt is None:
            created.append(Prompt(key=item["id"], **values))
        elif any(getattr(prompt, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(prompt, name, value)
            changed.append(prompt)
    Prompt.objects.bulk_create(created)
    Prompt.objects.bulk_update(changed, ["theme", "topic", "text"])
    return len(items)
