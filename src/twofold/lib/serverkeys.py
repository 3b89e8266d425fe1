"""Server-held wrapping keys: an outer layer on every stored key wrap.

With it, a copy of the database alone is not even enough to start guessing passwords offline:
the wrapping keys live in the data folder (or TWOFOLD_SERVER_KEYS / _FILE), not the database.
`twofold rotate-keys` adds a new version and re-wraps the outer layers row by row; every
version stays readable until it is retired, so nothing stops while it runs.

Stored form: b"S" + 2-byte key version + AES-GCM(server key, inner blob, aad).
"""

from __future__ import annotations

import base64
import json
import os
import threading
from pathlib import Path

from django.conf import settings

from twofold.lib.crypto import CryptoError, open_, random_key, seal

MARKER = b"S"
_lock = threading.Lock()
_cache: dict | None = None


def _path() -> Path:
    return Path(settings.TWOFOLD_SERVER_KEYS_FILE)


def _load() -> dict:
    """{"current": int, "keys": {version: bytes}}, created on first use with mode 0600."""
    global _cache
    with _lock:
        if _cache is None:
            path = _path()
            if not path.exists():
                _write(path, {"current": 1, "keys": {1: random_key()}})
            raw = json.loads(path.read_text())
            _cache = {
                "current": raw["current"],
                "keys": {int(v): base64.b64decode(k) for v, k in raw["keys"].items()},
            }
        return _cache


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    serialised = json.dumps(
        {
            "current": data["current"],
            "keys": {str(v): base64.b64encode(k).decode() for v, k in data["keys"].items()},
        }
    )
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(serialised)
    os.replace(temporary, path)


def reload() -> None:
    global _cache
    with _lock:
        _cache = None


def current_version() -> int:
    return _load()["current"]


def wrap(inner: bytes, aad: bytes) -> bytes:
    keys = _load()
    version = keys["current"]
    return MARKER + version.to_bytes(2, "big") + seal(keys["keys"][version], inner, aad)


def version_of(blob: bytes) -> int:
    return int.from_bytes(blob[1:3], "big")


def unwrap(blob: bytes, aad: bytes) -> bytes:
    if not blob or blob[:1] != MARKER:
        raise CryptoError("Not a server-wrapped value.")
    version = version_of(blob)
    key = _load()["keys"].get(version)
    if key is None:  # another process rotated: read the file again
        reload()
        key = _load()["keys"].get(version)
    if key is None:
        raise CryptoError(f"Server key version {version} is not available.")
    return open_(key, blob[3:], aad)


def add_version() -> int:
    """Create a new current key; older versions stay readable."""
    keys = _load()
    new_version = max(keys["keys"]) + 1
    data = {"current": new_version, "keys": {**keys["keys"], new_version: random_key()}}
    _write(_path(), data)
    reload()
    return new_version


def retire_except(version: int) -> list[int]:
    keys = _load()
    retired = [v for v in keys["keys"] if v != version]
    _write(_path(), {"current": version, "keys": {version: keys["keys"][version]}})
    reload()
    return retired
