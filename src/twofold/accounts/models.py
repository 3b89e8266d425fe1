from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from twofold.lib.scoping import ScopedManager
from twofold.lib.sealed import SealedField, SealedModel


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a timezone from the list."))


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", "Operator")
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("What your partner sees. A first name or a nickname is fine."),
    )
    timezone = models.CharField(_("timezone"), max_length=64, default="UTC", validators=[validate_timezone])
    idle_lock_minutes = models.PositiveIntegerField(
        _("lock after idle minutes"),
        default=15,
        help_text=_("After this long without activity, private pages ask for your password again."),
    )
    discreet = models.BooleanField(
        _("discreet mode"),
        default=False,
        help_text=_("A neutral page title, icon, app name and notification text."),
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    scope = "user"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=dj_timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    key_wrap = models.BinaryField(null=True)  # the data key, under a key derived from the token

    unscoped = models.Manager()  # housekeeping and the admin only
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class KeyMaterial(models.Model):
    """A person's wrapped keys. Nothing here opens anything without their password,
    their recovery code or one of their API tokens, plus the server's wrapping key."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="key_material")
    version = models.PositiveIntegerField(default=1)  # bumps when the person starts afresh
    kdf = models.JSONField()
    password_salt = models.BinaryField()
    password_wrap = models.BinaryField(null=True)  # None after a reset, until the recovery code
    recovery_salt = models.BinaryField(null=True)
    recovery_wrap = models.BinaryField(null=True)
    recovery_confirmed = models.BooleanField(default=False)
    public_key = models.BinaryField()
    private_wrap = models.BinaryField()
    created_at = models.DateTimeField(default=dj_timezone.now)

    def __str__(self) -> str:
        return f"Keys of {self.user_id}"


class SecurityEvent(SealedModel):
    """One entry in a person's security log. Its details are sealed to the person's public key,
    so they can be written without the person (a reset, an operator action) and read only by
    them."""

    scope = "user"

    class Kind(models.TextChoices):
        SIGNED_UP = "signed_up", _("Account created")
        LOGIN = "login", _("Signed in")
        NEW_DEVICE = "new_device", _("Signed in on a new device")
        LOGIN_FAILED = "login_failed", _("Failed sign-in attempts")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGED = "email_changed", _("E-mail address changed")
        MFA_CHANGED = "mfa_changed", _("Two-factor authentication changed")
        RECOVERY_CODE = "recovery_code", _("New recovery code made")
        RECOVERED = "recovered", _("Private data unlocked with the recovery code")
        STARTED_AFRESH = "started_afresh", _("Started afresh: old private data destroyed")
        PAIRED = "paired", _("Paired with a partner")
        UNPAIRED = "unpaired", _("Unpaired")
        SESSIONS_ENDED = "sessions_ended", _("Signed out other sessions")
        SAFETY_RESET = "safety_reset", _("Safety reset")
        API_TOKEN = "api_token", _("API token made or revoked")
        EXPORTED = "exported", _("Data exported")
        OPERATOR = "operator", _("Action by the server operator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="security_events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(default=dj_timezone.now, db_index=True)
    detail = SealedField(null=True)

    unscoped = models.Manager()
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        default_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"
