"""One settings module, driven by environment variables (see the README's configuration table)."""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def private_file(path: Path, make_value) -> str:
    """Return the secret stored in PATH, creating it once with mode 0600."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make_value())
    return path.read_text().strip()


DATA_DIR = Path(env("TWOFOLD_DATA", "twofold-data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("TWOFOLD_DEBUG")
SECRET_KEY = env("TWOFOLD_SECRET_KEY") or private_file(DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50))
BASE_URL = env("TWOFOLD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_base = urlsplit(BASE_URL)
# The base URL's host is always allowed; so are loopback names, for local health checks.
ALLOWED_HOSTS = [
    *env_list("TWOFOLD_ALLOWED_HOSTS"),
    *({_base.hostname, "127.0.0.1", "localhost", "[::1]"} - {None}),
]
CSRF_TRUSTED_ORIGINS = [f"{_base.scheme}://{_base.netloc}"]
SECURE_ONLY = _base.scheme == "https"
# The key-share cookie is always Secure where browsers accept it: https, or loopback addresses.
KEY_COOKIE_SECURE = SECURE_ONLY or _base.hostname in {"127.0.0.1", "localhost", "[::1]"}

INSTALLED_APPS = [
    "twofold.accounts",
    "twofold.couples",
    "twofold.safety",
    "twofold.journal",
    "twofold.selfmap",
    "twofold.feelings",
    "twofold.reflection",
    "twofold.core",
    "twofold.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "twofold.core.middleware.key_cookie",
    "twofold.core.middleware.private_pages",
    "twofold.safety.middleware.device_sessions",
    "twofold.core.middleware.api_errors",
]

FORM_RENDERER = "twofold.core.forms.FormRenderer"
ROOT_URLCONF = "twofold.urls"
WSGI_APPLICATION = "twofold.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twofold.core.context.twofold",
            ],
        },
    },
]

# --- Database: SQLite in the data folder, or PostgreSQL when DATABASE_URL says so.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})
        if env_bool("TWOFOLD_DB_POOL", True):
            DATABASES["default"]["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 10}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "twofold.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache keeps throttling counters shared between web processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "twofold_cache",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "today"

ACCOUNT_ADAPTER = "twofold.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "twofold.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "change_password": "twofold.accounts.password_forms.ChangePasswordForm",
    "reset_password_from_key": "twofold.accounts.password_forms.ResetPasswordKeyForm",
}
ACCOUNT_EMAIL_NOTIFICATIONS = False  # Twofold sends its own, with a link to undo the change
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Twofold] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _base.scheme or "http"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Failed logins are limited per address here; the per-account limit lives in the adapter,
# where a device that has signed in before is never locked out by someone else's guesses.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = False
MFA_TOTP_ISSUER = "Twofold"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or _base.hostname in {"127.0.0.1", "localhost"}

# --- Sessions and cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_ONLY
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
CSRF_COOKIE_SECURE = SECURE_ONLY
CSRF_COOKIE_HTTPONLY = True

# --- Security headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TWOFOLD_BEHIND_PROXY") else None
SECURE_SSL_REDIRECT = SECURE_ONLY and env_bool("TWOFOLD_SSL_REDIRECT")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SECURE_ONLY else 0
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
}

# --- E-mail: SMTP when TWOFOLD_EMAIL_URL is set, else files in the data folder's outbox.
DEFAULT_FROM_EMAIL = env("TWOFOLD_EMAIL_FROM", f"Twofold <twofold@{_base.hostname or 'localhost'}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env("TWOFOLD_EMAIL_URL")
if EMAIL_URL:
    _mail = urlsplit(EMAIL_URL)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _mail.hostname or "localhost",
                "port": _mail.port or (465 if _mail.scheme == "smtps" else 587),
                "username": unquote(_mail.username or ""),
                "password": unquote(_mail.password or ""),
                "use_ssl": _mail.scheme == "smtps",
                "use_tls": _mail.scheme == "smtp+tls",
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "outbox")},
        }
    }

# --- Internationalisation: UI strings are marked for translation from the start.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "uploads"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Before collectstatic has run (tests, a fresh checkout) files are served from the source
# folders under their plain names instead of failing.
WHITENOISE_MANIFEST_STRICT = False
WHITENOISE_USE_FINDERS = True

# --- Logging: messages go to stderr; nothing people write is ever logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("TWOFOLD_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Twofold
TWOFOLD_QUICK_EXIT_URL = env("TWOFOLD_QUICK_EXIT_URL", "https://www.bbc.com/weather")
TWOFOLD_INVITE_HOURS = 72
# With sign-up closed, only someone holding a valid invitation link can create an account.
TWOFOLD_OPEN_SIGNUP = env_bool("TWOFOLD_OPEN_SIGNUP", True)
# Server-held wrapping keys (an outer layer on people's stored key wraps); share this file
# between machines of one install. See `twofold rotate-keys`.
TWOFOLD_SERVER_KEYS_FILE = env("TWOFOLD_SERVER_KEYS_FILE", str(DATA_DIR / "server-keys.json"))
# Sealed areas ask for the password again after this much inactivity.
TWOFOLD_IDLE_LOCK_MINUTES = int(env("TWOFOLD_IDLE_LOCK_MINUTES", "15"))
TWOFOLD_TICK_SECONDS = float(env("TWOFOLD_TICK_SECONDS", "30"))
