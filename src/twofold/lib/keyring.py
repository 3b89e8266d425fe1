"""The key hierarchy (DESIGN.md section 4).

- Each person has a random 256-bit data key, stored only wrapped: under Argon2id(password) and
  under Argon2id(recovery code), each with its own salt, each wrap with an outer layer under
  the server's wrapping key (``serverkeys``).
- Each person has an X25519 key pair; the private key is sealed under the data key. Anything can
  be sealed *to* a person without their key (couple keys at pairing, security events).
- Each couple has a couple key, sealed to each partner's public key.
- While signed in, the data key exists only split in two XOR shares: one in the server-side
  session, one in an HttpOnly, Secure, SameSite=Strict cookie. Neither alone reveals anything.
- An API token wraps the data key under a key derived from the token itself.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction

from twofold.lib import serverkeys
from twofold.lib.crypto import (
    CryptoError,
    KdfParams,
    derive_from_secret,
    hkdf,
    new_keypair,
    open_,
    open_from_public,
    random_key,
    random_salt,
    seal,
    seal_to_public,
    xor,
)
from twofold.lib.sealed import Sealed, open_for_person, open_with_key, seal_for_person, seal_with_key
from twofold.lib.tokens import CODE_ALPHABET

if TYPE_CHECKING:
    from django.http import HttpRequest

    from twofold.accounts.models import KeyMaterial, User


def kdf_params() -> KdfParams:
    """Argon2id cost; tests lower it through TWOFOLD_KDF, production keeps the default."""
    override = getattr(settings, "TWOFOLD_KDF", None)
    return KdfParams.from_dict(override) if override else KdfParams()


SESSION_KEY = "twofold_keys"
COOKIE_NAME = "tf_ks"
RECOVERY_GROUPS = 5  # 25 characters from a 31-letter alphabet: about 124 bits


class Locked(Exception):
    """The person's sealed data cannot be opened in this request: it needs their password."""


@dataclass
class KeyChain:
    """The keys a signed-in, unlocked person holds for one request. Never stored."""

    user_id: int
    version: int
    data_key: bytes
    _material: KeyMaterial | None = None
    _private_key: bytes | None = None
    _couple_keys: dict[tuple[int, int | None], tuple[int, bytes]] = field(default_factory=dict)

    # --- keys
    @property
    def material(self) -> KeyMaterial:
        if self._material is None:
            from twofold.accounts.models import KeyMaterial

            self._material = KeyMaterial.objects.get(user_id=self.user_id)
        return self._material

    @property
    def private_key(self) -> bytes:
        if self._private_key is None:
            self._private_key = open_(self.data_key, bytes(self.material.private_wrap), _aad("private", self))
        return self._private_key

    def couple_key(self, couple_id: int, version: int | None = None) -> tuple[int, bytes]:
        """(version, key) of a couple this person belongs to (the newest version unless one is
        named); CryptoError when the person holds no such key."""
        cache_key = (couple_id, version)
        if cache_key not in self._couple_keys:
            from twofold.couples.models import CoupleKey

            rows = CoupleKey.objects.filter(couple_id=couple_id, user_id=self.user_id)
            row = rows.filter(version=version).first() if version else rows.order_by("-version").first()
            if row is None:
                raise CryptoError("No key for that couple.")
            aad = _couple_key_aad(couple_id, self.user_id, row.version)
            self._couple_keys[cache_key] = (
                row.version,
                open_from_public(self.private_key, bytes(row.wrap), aad),
            )
        return self._couple_keys[cache_key]

    # --- sealing
    def seal(self, value: Any, row: models.Model, field_name: str) -> Sealed:
        """Seal a private value under this person's data key."""
        return seal_with_key(self.data_key, "U", self.user_id, self.version, value, row, field_name)

    def seal_shared(self, value: Any, row: models.Model, field_name: str, couple_id: int) -> Sealed:
        """Seal a value both partners may open, under the couple key."""
        version, key = self.couple_key(couple_id)
        return seal_with_key(key, "C", couple_id, version, value, row, field_name)

    def open(self, sealed: Sealed, row: models.Model, field_name: str) -> Any:
        kind = sealed.kind
        if kind == "U":
            if sealed.owner_id != self.user_id or sealed.key_version != self.version:
                raise CryptoError("This value belongs to someone else or to an older key.")
            return open_with_key(self.data_key, sealed, row, field_name)
        if kind == "C":
            _version, key = self.couple_key(sealed.owner_id, sealed.key_version)
            return open_with_key(key, sealed, row, field_name)
        if kind == "P":
            if sealed.owner_id != self.user_id or sealed.key_version != self.version:
                raise CryptoError("This value was sealed for someone else or an older key.")
            return open_for_person(self.private_key, sealed, row, field_name)
        raise CryptoError("Unknown sealed value.")


def _aad(purpose: str, chain_or_material) -> bytes:
    user_id = getattr(chain_or_material, "user_id", None)
    return f"twofold|{purpose}|{user_id}|{chain_or_material.version}".encode()


def _couple_key_aad(couple_id: int, user_id: int, version: int) -> bytes:
    return f"twofold|couple-key|{couple_id}|{user_id}|{version}".encode()


def _wrap(secret_key: bytes, data_key: bytes, purpose: str, material) -> bytes:
    aad = _aad(purpose, material)
    return serverkeys.wrap(seal(secret_key, data_key, aad), aad)


def _unwrap(secret_key: bytes, blob: bytes, purpose: str, material) -> bytes:
    aad = _aad(purpose, material)
    return open_(secret_key, serverkeys.unwrap(bytes(blob), aad), aad)


def rewrap_outer(row: models.Model, field_name: str, version: int) -> bool:
    """Move one stored wrap's outer layer to the server key VERSION; the inner wrap is untouched."""
    blob = getattr(row, field_name)
    if not blob or serverkeys.version_of(bytes(blob)) == version:
        return False
    user_id = getattr(row, "user_id", None)
    material = row if hasattr(row, "password_salt") else material_of(user_id)
    purpose = {"password_wrap": "password", "recovery_wrap": "recovery", "key_wrap": "token"}[field_name]
    aad = _aad(purpose, material)
    setattr(row, field_name, serverkeys.wrap(serverkeys.unwrap(bytes(blob), aad), aad))
    return True


def material_of(user_id: int) -> KeyMaterial:
    from twofold.accounts.models import KeyMaterial

    return KeyMaterial.objects.get(user_id=user_id)


# --- creating and opening a person's keys


def new_recovery_code() -> str:
    import secrets

    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_GROUPS * 5))
    return "-".join(raw[i : i + 5] for i in range(0, len(raw), 5))


def normalize_recovery_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 5] for i in range(0, len(cleaned), 5))


@transaction.atomic
def create_keys(user: User, password: str, version: int = 1) -> KeyChain:
    """A new data key and key pair for a person, wrapped under their password."""
    from twofold.accounts.models import KeyMaterial

    data_key = random_key()
    private_key, public_key = new_keypair()
    material = KeyMaterial(user=user, version=version, kdf=kdf_params().as_dict(), password_salt=random_salt())
    material.password_wrap = _wrap(
        derive_from_secret(password, bytes(material.password_salt), kdf_params()),
        data_key,
        "password",
        material,
    )
    chain = KeyChain(user_id=user.pk, version=version, data_key=data_key, _material=material)
    material.public_key = public_key
    material.private_wrap = seal(data_key, private_key, _aad("private", chain))
    KeyMaterial.objects.filter(user=user).delete()
    material.save()
    chain._private_key = private_key
    return chain


def material_for(user: User) -> KeyMaterial | None:
    from twofold.accounts.models import KeyMaterial

    return KeyMaterial.objects.filter(user=user).first()


def unlock_with_password(user: User, password: str) -> KeyChain:
    """Open the data key with the password. Raises Locked when a reset left it needing recovery."""
    material = material_for(user)
    if material is None or material.password_wrap is None:
        raise Locked("recovery_needed")
    kek = derive_from_secret(password, bytes(material.password_salt), KdfParams.from_dict(material.kdf))
    try:
        data_key = _unwrap(kek, material.password_wrap, "password", material)
    except CryptoError as error:
        raise Locked("wrong_password") from error
    return KeyChain(user_id=user.pk, version=material.version, data_key=data_key, _material=material)


def unlock_with_recovery_code(user: User, code: str) -> KeyChain:
    material = material_for(user)
    if material is None or material.recovery_wrap is None:
        raise Locked("no_recovery_code")
    kek = derive_from_secret(
        normalize_recovery_code(code), bytes(material.recovery_salt), KdfParams.from_dict(material.kdf)
    )
    try:
        data_key = _unwrap(kek, material.recovery_wrap, "recovery", material)
    except CryptoError as error:
        raise Locked("wrong_recovery_code") from error
    return KeyChain(user_id=user.pk, version=material.version, data_key=data_key, _material=material)


def set_password_wrap(chain: KeyChain, password: str) -> None:
    """Wrap the data key under a (new) password. Nothing sealed is re-encrypted."""
    material = chain.material
    material.password_salt = random_salt()
    material.kdf = kdf_params().as_dict()
    kek = derive_from_secret(password, bytes(material.password_salt), kdf_params())
    material.password_wrap = _wrap(kek, chain.data_key, "password", material)
    material.save(update_fields=["password_salt", "kdf", "password_wrap"])


def forget_password_wrap(user: User) -> None:
    """After a password reset: the new password cannot open the data key until recovery."""
    from twofold.accounts.models import KeyMaterial

    KeyMaterial.objects.filter(user=user).update(password_wrap=None)


def set_recovery_code(chain: KeyChain) -> str:
    """A new recovery code for the person; the old one stops working. Returns the code."""
    code = new_recovery_code()
    material = chain.material
    material.recovery_salt = random_salt()
    kek = derive_from_secret(code, bytes(material.recovery_salt), KdfParams.from_dict(material.kdf))
    material.recovery_wrap = _wrap(kek, chain.data_key, "recovery", material)
    material.recovery_confirmed = False
    material.save(update_fields=["recovery_salt", "recovery_wrap", "recovery_confirmed"])
    return code


# --- sealing to people who are not here


def public_key_of(user_id: int) -> tuple[bytes, int]:
    from twofold.accounts.models import KeyMaterial

    material = KeyMaterial.objects.only("public_key", "version").get(user_id=user_id)
    return bytes(material.public_key), material.version


def seal_for(user_id: int, value: Any, row: models.Model, field_name: str) -> Sealed:
    """Seal a value only that person can open. Needs none of their keys."""
    public_key, version = public_key_of(user_id)
    return seal_for_person(public_key, user_id, version, value, row, field_name)


@transaction.atomic
def create_couple_key(couple_id: int, user_ids: list[int], version: int = 1) -> None:
    """A new couple key, sealed to each partner's public key: nobody's password is needed."""
    from twofold.couples.models import CoupleKey

    key = random_key()
    for user_id in user_ids:
        public_key, _ = public_key_of(user_id)
        wrap = seal_to_public(public_key, key, _couple_key_aad(couple_id, user_id, version))
        CoupleKey.objects.create(couple_id=couple_id, user_id=user_id, version=version, wrap=wrap)


# --- API tokens


def wrap_for_token(chain: KeyChain, secret: str) -> bytes:
    return _wrap(hkdf(secret.encode(), b"twofold-api-token"), chain.data_key, "token", chain.material)


def unlock_with_token(user_id: int, secret: str, key_wrap: bytes | None) -> KeyChain | None:
    if not key_wrap:
        return None
    from twofold.accounts.models import KeyMaterial

    material = KeyMaterial.objects.filter(user_id=user_id).first()
    if material is None:
        return None
    try:
        data_key = _unwrap(hkdf(secret.encode(), b"twofold-api-token"), key_wrap, "token", material)
    except CryptoError:
        return None  # the person started afresh since the token was made
    return KeyChain(user_id=user_id, version=material.version, data_key=data_key, _material=material)


# --- the session: two shares, one in the session and one in a cookie


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode())


def hold_in_session(request: HttpRequest, chain: KeyChain) -> None:
    """Split the data key: one share in the server-side session, one for the cookie."""
    session_share = random_key()
    request.session[SESSION_KEY] = {
        "uid": chain.user_id,
        "v": chain.version,
        "share": _b64(session_share),
        "seen": int(time.time()),
    }
    request._twofold_cookie_share = _b64(xor(chain.data_key, session_share))
    request._twofold_keychain = chain


def drop_from_session(request: HttpRequest) -> None:
    if hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
    request._twofold_cookie_share = ""
    request._twofold_keychain = None


def idle_limit_seconds(request: HttpRequest) -> int:
    user = getattr(request, "user", None)
    minutes = getattr(user, "idle_lock_minutes", None) or settings.TWOFOLD_IDLE_LOCK_MINUTES
    return minutes * 60


def keychain_from_session(request: HttpRequest) -> KeyChain | None:
    """The request's key chain, or None when locked (idle, passkey login, no cookie)."""
    if hasattr(request, "_twofold_keychain"):
        return request._twofold_keychain
    chain = None
    held = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    cookie = request.COOKIES.get(COOKIE_NAME)
    user = getattr(request, "user", None)
    if held and cookie and user is not None and user.is_authenticated and held.get("uid") == user.pk:
        now = int(time.time())
        if now - held.get("seen", 0) > idle_limit_seconds(request):
            drop_from_session(request)
            return None
        try:
            data_key = xor(_unb64(cookie), _unb64(held["share"]))
        except (ValueError, KeyError):
            data_key = None
        if data_key is not None:
            chain = KeyChain(user_id=user.pk, version=held["v"], data_key=data_key)
            if now - held["seen"] > 60:  # keep idle tracking cheap: one session write a minute
                held["seen"] = now
                request.session.modified = True
    request._twofold_keychain = chain
    return chain


def require_keys(request: HttpRequest) -> KeyChain:
    chain = keychain_from_session(request)
    if chain is None:
        raise Locked("locked")
    return chain
