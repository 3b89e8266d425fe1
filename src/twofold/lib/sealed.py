"""Sealed fields: what people write is stored only as ciphertext bound to its place.

A ``SealedField`` holds a ``Sealed`` value: opaque bytes with no way to read them without a
``KeyChain``. Assigning anything else (a ``str``, a number) raises ``TypeError`` on save, so
storing plaintext by mistake is impossible. Opening needs the row, the field name and a key
chain, and fails loudly (``CryptoError``) if the value was moved to another row, another
field or another person, or altered. There is no plaintext fallback.

Blob layout (all integers big-endian)::

    b"\\x01" kind header nonce+ciphertext
    kind "U": private, under a person's data key       header: user id (8) + key version (4)
    kind "C": shared, under a couple key               header: couple id (8) + key version (4)
    kind "P": sealed to a person's public key          header: user id (8) + key version (4)
                                                       + ephemeral public key (32)

The associated data is ``table|row uid|field|`` plus the kind and header, so the key's
identity and version are bound too.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import models

from twofold.lib.crypto import CryptoError, open_, open_from_public, seal, seal_to_public

FORMAT = 1
MAX_PLAINTEXT_BYTES = 1024 * 1024  # 1 MiB of encoded value: far above any text field's limit


class SealError(ValueError):
    """A value that cannot be sealed (too large, or not JSON-representable)."""


class Sealed:
    """Ciphertext. It has no text form: printing it or putting it in a template shows nothing."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes):
        self.blob = bytes(blob)

    def __repr__(self) -> str:
        return f"<Sealed {len(self.blob)} bytes>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.blob == self.blob

    def __hash__(self) -> int:
        return hash(self.blob)

    @property
    def kind(self) -> str:
        return chr(self.blob[1])

    @property
    def owner_id(self) -> int:
        """The user id (kinds U and P) or couple id (kind C) whose key opens it."""
        return int.from_bytes(self.blob[2:10], "big")

    @property
    def key_version(self) -> int:
        return int.from_bytes(self.blob[10:14], "big")


class SealedField(models.BinaryField):
    """A model field that stores only ``Sealed`` values."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection) -> Sealed | None:
        return None if value is None else Sealed(bytes(value))

    def to_python(self, value):
        if value is None or isinstance(value, Sealed):
            return value
        raise TypeError(f"{self.name} holds sealed values only; seal it with a KeyChain first.")

    def get_prep_value(self, value):
        if value is None:
            return None
        if not isinstance(value, Sealed):
            raise TypeError(f"{self.model.__name__}.{self.name} holds sealed values only; got {type(value).__name__}.")
        return value.blob

    def get_db_prep_value(self, value, connection, prepared=False):
        value = value if prepared else self.get_prep_value(value)
        return None if value is None else connection.Database.Binary(value)

    def value_to_string(self, obj) -> str:
        return "<sealed>"  # serialisers (dumpdata, the admin) never see ciphertext either


class SealedModel(models.Model):
    """Base for models with sealed fields: a random row id that ciphertexts are bound to."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


def encode(value: Any) -> bytes:
    try:
        data = json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode()
    except (TypeError, ValueError) as error:
        raise SealError("Only text, numbers, true/false and small lists or objects can be sealed.") from error
    if len(data) > MAX_PLAINTEXT_BYTES:
        raise SealError("That is too long to save.")
    return data


def decode(data: bytes) -> Any:
    return json.loads(data)


def place(row: models.Model, field: str) -> bytes:
    if not isinstance(row, SealedModel):
        raise TypeError(f"{type(row).__name__} must derive from SealedModel to hold sealed values.")
    return f"{row._meta.db_table}|{row.uid}|{field}|".encode()


def header(kind: str, owner_id: int, version: int) -> bytes:
    return bytes([FORMAT]) + kind.encode() + owner_id.to_bytes(8, "big") + version.to_bytes(4, "big")


HEADER_BYTES = 14


def seal_with_key(
    key: bytes, kind: str, owner_id: int, version: int, value: Any, row: models.Model, field: str
) -> Sealed:
    head = header(kind, owner_id, version)
    return Sealed(head + seal(key, encode(value), place(row, field) + head))


def open_with_key(key: bytes, sealed: Sealed, row: models.Model, field: str) -> Any:
    head = sealed.blob[:HEADER_BYTES]
    return decode(open_(key, sealed.blob[HEADER_BYTES:], place(row, field) + head))


def seal_for_person(public_key: bytes, user_id: int, version: int, value: Any, row: models.Model, field: str) -> Sealed:
    """Seal so that only that person can open it; needs no key of theirs (background jobs may)."""
    head = header("P", user_id, version)
    return Sealed(head + seal_to_public(public_key, encode(value), place(row, field) + head))


def open_for_person(private_key: bytes, sealed: Sealed, row: models.Model, field: str) -> Any:
    head = sealed.blob[:HEADER_BYTES]
    return decode(open_from_public(private_key, sealed.blob[HEADER_BYTES:], place(row, field) + head))


__all__ = [
    "CryptoError",
    "SealError",
    "Sealed",
    "SealedField",
    "SealedModel",
    "open_for_person",
    "open_with_key",
    "seal_for_person",
    "seal_with_key",
]
