"""Random secrets that are shown once and stored only as a hash."""

import hashlib
import secrets

# No 0/O, 1/I/L: the code is read aloud and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_token(prefix: str = "") -> str:
    """A URL-safe token with 256 bits of randomness."""
    return prefix + secrets.token_urlsafe(32)


def new_code(length: int = 8) -> str:
    """A short code like K7QF-M2XP for typing by hand."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(code: str) -> str:
    """Accept any case, spaces and dashes: K7QF-M2XP, k7qf m2xp and K7QFM2XP are one code."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
