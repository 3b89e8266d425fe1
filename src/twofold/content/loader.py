"""The content library: TOML files beside this module, loaded idempotently into the database.

Each practice registers a loader for its file with ``@content_loader("prompts.toml")``; the
loader receives the parsed file and returns how many items it holds. Loaders upsert by each
item's stable id, so running them again changes nothing.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.db import transaction

CONTENT_DIR = Path(__file__).resolve().parent
Loader = Callable[[dict], int]
_LOADERS: dict[str, Loader] = {}


def content_loader(file_name: str) -> Callable[[Loader], Loader]:
    def register(func: Loader) -> Loader:
        _LOADERS[file_name] = func
        return func

    return register


def read(file_name: str) -> dict:
    with open(CONTENT_DIR / file_name, "rb") as handle:
        return tomllib.load(handle)


def _import_app_loaders() -> None:
    for app in apps.get_app_configs():
        if app.name.startswith("twofold."):
            try:
                import_module(f"{app.name}.content")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.content":
                    raise


def load_all() -> dict[str, int]:
    _import_app_loaders()
    counts = {}
    with transaction.atomic():
        for file_name, loader in sorted(_LOADERS.items()):
            counts[file_name] = loader(read(file_name))
    return counts
