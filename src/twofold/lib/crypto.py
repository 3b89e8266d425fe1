"""Small, boring cryptographic building blocks from `cryptography` and `argon2-cffi`."""

from __future__ import annotations

import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16


class CryptoError(Exception):
    """A value could not be opened: wrong key, wrong place, or tampered with."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. About 150 ms on a 2-core machine, so a login stays under 400 ms."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024  # KiB
    parallelism: int = 1

    def as_dict(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_cost, "p": self.parallelism}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> KdfParams:
        return cls(time_cost=data["t"], memory_cost=data["m"], parallelism=data["p"])


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def random_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_from_secret(secret: str, salt: bytes, params: KdfParams) -> bytes:
    """A key-encryption key from a password or recovery code (Argon2id, own salt)."""
    return hash_secret_raw(
        secret.encode(),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def hkdf(material: bytes, info: bytes) -> bytes:
    """A key from high-entropy material (an API token, a key exchange)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(material)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_(key: bytes, blob: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as error:
        raise CryptoError("This value cannot be opened with this key here.") from error


def xor(first: bytes, second: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(first, second, strict=True))


def new_keypair() -> tuple[bytes, bytes]:
    """(private, public) X25519 keys as raw bytes."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        ),
        private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
    )


def seal_to_public(public_key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Seal so that only the holder of the matching private key can open (no sender key needed)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = hkdf(shared, b"twofold-sealed-box" + ephemeral_public + public_key)
    return ephemeral_public + seal(key, plaintext, aad)


def open_from_public(private_key: bytes, blob: bytes, aad: bytes) -> bytes:
    ephemeral_public, rest = blob[:KEY_BYTES], blob[KEY_BYTES:]
    private = X25519PrivateKey.from_private_bytes(private_key)
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError as error:
        raise CryptoError("This value cannot be opened with this key here.") from error
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return open_(hkdf(shared, b"twofold-sealed-box" + ephemeral_public + public), rest, aad)
