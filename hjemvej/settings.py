"""Django settings, read from the environment.

``DATABASE_URL`` set: that database (PostgreSQL in real use and CI); unset: an embedded SQLite file
under ``var/``. ``HJEMVEJ_SECRET_KEY`` set: that key; unset: a key generated once and kept in
``var/secret_key`` for local use.
"""

from __future__ import annotations

import base64
import os
import secrets
import warnings
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HJEMVEJ_VAR_DIR", BASE_DIR / "var"))


def _local_secret(name: str, *, fernet: bool = False) -> str:
    """Return a secret kept in ``var/``, generating it on first use (local use only)."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        value = (
            base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
            if fernet
            else secrets.token_urlsafe(50)
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(value)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("HJEMVEJ_SECRET_KEY") or _local_secret("secret_key")
DEBUG = os.environ.get("HJEMVEJ_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("HJEMVEJ_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver leaves static files to WhiteNoise, DEBUG or not
    "django.contrib.staticfiles",
    "axes",
    "hjemvej.core",
    "hjemvej.accounts",
    "hjemvej.citizens",
    "hjemvej.shelters",
    "hjemvej.support",
    "hjemvej.housing",
    "hjemvej.casefile",
    "hjemvej.followup",
    "hjemvej.economy",
    "hjemvej.economy.budgets",
    "hjemvej.economy.scenarios",
    "hjemvej.economy.reports",
    "hjemvej.start",
    "hjemvej.demo",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # every role may open it; it shows their menu
LOGOUT_REDIRECT_URL = "login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "hjemvej.accounts.middleware.PolicyMiddleware",
]

ROOT_URLCONF = "hjemvej.urls"
WSGI_APPLICATION = "hjemvej.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hjemvej.core.context.navigation",
            ],
        },
    },
]

_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hjemvej.sqlite3"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The UI is Danish only: our text is Danish literals, with no translation machinery of our own.
# USE_I18N stays on so that Django's own messages (forms, admin) are in Danish too.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hjemvej" / "static"]
# WhiteNoise serves the static files with DEBUG off too (`make run` serves as users see Hjemvej):
# from STATIC_ROOT after collectstatic, and from the apps' static folders without it.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at: ", module="django.core.handlers.base")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("HJEMVEJ_HTTPS", "") == "1"

# Lockout after repeated failed logins (django-axes): 5 failures lock the user for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# CPR numbers are encrypted with a key from the environment (urlsafe base64, 32 bytes); for local
# use a key is generated once in var/. Losing the key loses the CPR numbers: back it up.
CPR_KEY = os.environ.get("HJEMVEJ_CPR_KEY") or _local_secret("cpr_key", fernet=True)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Nothing personal goes to the log: only warnings from Django itself, to the console.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
