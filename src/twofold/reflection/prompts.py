"""The prompts for quiet sittings: the ``quiet`` theme of prompts.toml, read once and kept.

The journal owns the Prompt model; a sitting only needs the few quiet lines, so they are read
straight from the content file and cached in memory for the life of the process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from twofold.content.loader import read

THEME = "quiet"


@dataclass(frozen=True)
class QuietPrompt:
    key: str
    text: str


@functools.cache
def quiet_prompts() -> tuple[QuietPrompt, ...]:
    items = read("prompts.toml").get("prompt", [])
    found = [QuietPrompt(item["id"], item["text"]) for item in items if item.get("theme") == THEME]
    return tuple(sorted(found, key=lambda prompt: prompt.key))


def prompt_text(key: str) -> str:
    """The prompt's words, or "" when the key is empty or no longer in the library."""
    return next((prompt.text for prompt in quiet_prompts() if prompt.key == key), "")


def is_quiet_prompt(key: str) -> bool:
    return any(prompt.key == key for prompt in quiet_prompts())


def next_prompt(last_key: str | None, today: date) -> QuietPrompt:
    """The prompt after the one used last, so each sitting gets a different one in turn.

    A first sitting starts at a place set by the day, so that people do not all begin with
    the same line.
    """
    prompts = quiet_prompts()
    keys = [prompt.key for prompt in prompts]
    if last_key in keys:
        return prompts[(keys.index(last_key) + 1) % len(prompts)]
    return prompts[today.toordinal() % len(prompts)]
