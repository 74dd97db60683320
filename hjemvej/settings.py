"""Django settings, read from the environment (docs/operations.md lists every variable).

``DATABASE_URL`` set: that database (PostgreSQL in real use and CI), and then ``HJEMVEJ_SECRET_KEY``
and ``HJEMVEJ_CPR_KEY`` must be set too: start-up stops without them. ``DATABASE_URL`` unset: the
embedded SQLite trial under ``var/``, with keys generated once and kept in ``var/``.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import sys
import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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


# --- Keys fail closed (docs/operations.md, "Keys") ----------------------------------------------
# With DATABASE_URL set (every real installation) both keys come from the environment, and a
# missing one stops start-up: two servers making keys of their own would garble the CPR numbers.
# Only the embedded SQLite trial (`make run`) generates its keys, once, in var/.
_database_url = os.environ.get("DATABASE_URL", "")


def _key(variable: str, local_name: str, *, fernet: bool = False) -> str:
    value = os.environ.get(variable, "").strip()
    if value:
        return value
    if _database_url:
        raise ImproperlyConfigured(
            f"{variable} mangler. Når DATABASE_URL er sat, skal {variable} også sættes i miljøet "
            "(se docs/operations.md); Hjemvej danner kun selv nøgler til prøvedatabasen i var/."
        )
    return _local_secret(local_name, fernet=fernet)


def _is_cpr_key(value: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value.encode())) == 32
    except ValueError:
        return False


def _cpr_key() -> str:
    value = _key("HJEMVEJ_CPR_KEY", "cpr_key", fernet=True)
    if not _is_cpr_key(value):
        raise ImproperlyConfigured(
            "HJEMVEJ_CPR_KEY skal være 32 bytes i urlsafe base64 (se docs/operations.md)."
        )
    return value


def _cpr_old_keys(current: str) -> tuple[str, ...]:
    """Return the older CPR keys (``HJEMVEJ_CPR_OLD_KEYS``, comma-separated), during a rotation."""
    values = [v.strip() for v in os.environ.get("HJEMVEJ_CPR_OLD_KEYS", "").split(",")]
    keys = tuple(v for v in values if v)
    for number, value in enumerate(keys, start=1):
        if not _is_cpr_key(value):
            raise ImproperlyConfigured(
                f"HJEMVEJ_CPR_OLD_KEYS: nøgle nr. {number} skal være 32 bytes i urlsafe base64 "
                "(se docs/operations.md, afsnittet om skift af CPR-nøglen)."
            )
    if current in keys:
        raise ImproperlyConfigured(
            "HJEMVEJ_CPR_OLD_KEYS indeholder den nuværende HJEMVEJ_CPR_KEY. Ved et skift står den "
            "nye nøgle i HJEMVEJ_CPR_KEY og den gamle i HJEMVEJ_CPR_OLD_KEYS "
            "(se docs/operations.md, afsnittet om skift af CPR-nøglen)."
        )
    return keys


SECRET_KEY = _key("HJEMVEJ_SECRET_KEY", "secret_key")
# CPR numbers are encrypted with this key (urlsafe base64, 32 bytes). Losing it loses the CPR
# numbers: back it up. A wrong key is refused at start-up (hjemvej.citizens.keycheck).
CPR_KEY = _cpr_key()
# During a key rotation only: the keys CPR numbers were encrypted with before CPR_KEY. They still
# decrypt and find; `hjemvej cprkey rotate` moves every number to CPR_KEY, then they are removed.
CPR_OLD_KEYS = _cpr_old_keys(CPR_KEY)
# --- end of keys ---------------------------------------------------------------------------------

DEBUG = os.environ.get("HJEMVEJ_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("HJEMVEJ_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
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
    "django_otp",  # the second factor of local accounts (TOTP)
    "django_otp.plugins.otp_totp",
    "django_tasks",  # the background jobs' queue (docs/architecture.md, hjemvej/jobs)
    "django_tasks_db",
    "hjemvej.core",
    "hjemvej.accounts",
    "hjemvej.jobs",
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
    "hjemvej.privacy",
    "hjemvej.stats",
    "hjemvej.interchange",
    "hjemvej.demo",
    "hjemvej.api",
    "ninja",  # the API's interactive docs from our own static files (no CDN; the CSP allows 'self')
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
    # After WhiteNoise, so static files are neither logged nor marked no-store.
    "hjemvej.core.middleware.RequestLogMiddleware",
    "hjemvej.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "hjemvej.accounts.middleware.SessionLimitMiddleware",
    "hjemvej.accounts.second_factor.SecondFactorMiddleware",
    "hjemvej.accounts.second_factor.PasswordChangeRequiredMiddleware",
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

if _database_url:
    # Connections are kept for a minute and checked before reuse (CONN_HEALTH_CHECKS), so a
    # restarted PostgreSQL costs no request a 500: a dead connection is replaced, not used.
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server fails a request (and the readiness check) in seconds, not minutes.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hjemvej.sqlite3"),
            # The trial's jobs run in a thread beside the requests: wait for a lock, don't fail.
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {  # at least 12 characters (docs/access.md, local accounts)
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The UI is Danish only: our text is Danish literals, with no translation machinery of our own.
# USE_I18N stays on so that Django's own messages (forms, admin) are in Danish too.
LANGUAGE_CODE = "da"
# The largest request body besides files: 2,5 MiB (Django's default, set here on purpose). Every
# form of Hjemvej is text; the longest (a letter, an action plan with many steps) is a few tens of
# kB, so a bigger body is an error or an attack. Above it the answer is the Danish 413 page
# (core.errorpages). docs/operations.md, "Request size".
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files (docs/operations.md, "Static files") -------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("HJEMVEJ_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "hjemvej" / "static"]
# After `hjemvej collectstatic` (a real installation) the files carry their content's hash in
# their names and are stored compressed (gzip, brotli if installed), and WhiteNoise serves them
# cached for good (the name changes with the content). Without it (`make run`, the tests)
# WhiteNoise serves the apps' static folders as they are. The manifest that collectstatic writes
# decides, so both work without configuration.
_collected = (STATIC_ROOT / "staticfiles.json").is_file() or sys.argv[1:2] == ["collectstatic"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _collected
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _collected
# --- end of static files -------------------------------------------------------------------------
warnings.filterwarnings("ignore", message="No directory at: ", module="django.core.handlers.base")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day (the absolute limit is SESSION_ABSOLUTE_SECONDS)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Behind a proxy, over HTTPS (docs/operations.md, "Proxy and TLS") ----------------------------
# HJEMVEJ_HTTPS=1: served over HTTPS only: secure cookies and HSTS (HJEMVEJ_HSTS_SECONDS, one year
# unless set). HJEMVEJ_PROXY_SSL_HEADER=1: the proxy in front says X-Forwarded-Proto: https for a
# request it received over TLS (and overwrites the header a client sends); without it Django sees
# plain HTTP and refuses a login from https://… ("Origin checking failed").
# HJEMVEJ_CSRF_TRUSTED_ORIGINS: further origins (https://hjemvej.kommune.dk) allowed to post, for a
# proxy that changes the host name.
_https = os.environ.get("HJEMVEJ_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = (
    int(os.environ.get("HJEMVEJ_HSTS_SECONDS", 365 * 24 * 60 * 60)) if _https else 0
)
if os.environ.get("HJEMVEJ_PROXY_SSL_HEADER", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("HJEMVEJ_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# --- end of proxy ---------------------------------------------------------------------------------

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

CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Logs (docs/operations.md, "Logs") -----------------------------------------------------------
# Nothing personal goes to the log. HJEMVEJ_LOG_FORMAT=json: one JSON object a line on stderr,
# one line per request (request id, method, path without its query, status, duration, the user's id
# and role) and every warning and error (with the traceback's frames, not the exception's message).
# The default is json when DATABASE_URL is set and DEBUG off (a real installation), else text:
# warnings and errors only, as before.
LOG_FORMAT = os.environ.get("HJEMVEJ_LOG_FORMAT", "") or (
    "json" if _database_url and not DEBUG else "text"
)
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("HJEMVEJ_LOG_FORMAT skal være json eller text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hjemvej.core.logs.JsonFormatter"}},
    "filters": {"hide_long_numbers": {"()": "hjemvej.core.logs.HideLongNumbers"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["hide_long_numbers"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # The request lines (hjemvej.core.middleware): every request in json; in text only a
        # server error's (runserver prints its own request lines).
        "hjemvej.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
    },
}
# --- end of logs ----------------------------------------------------------------------------------

# --- Error reports (docs/operations.md, "Error reports") -----------------------------------------
# Off unless HJEMVEJ_ERROR_DSN is set: then sentry-sdk reports unhandled exceptions and ERROR log
# lines to that Sentry or GlitchTip project, with no more than the JSON log line holds
# (hjemvej.core.errorreport). Started here, so every process that loads the settings reports: each
# gunicorn worker of `hjemvej serve`, and every command. HJEMVEJ_ERROR_ENVIRONMENT names the
# installation in the reports (default "production").
_error_dsn = os.environ.get("HJEMVEJ_ERROR_DSN", "").strip()
if _error_dsn:
    from hjemvej.core.errorreport import start as _start_error_reports

    _start_error_reports(
        dsn=_error_dsn,
        environment=os.environ.get("HJEMVEJ_ERROR_ENVIRONMENT", "").strip() or "production",
    )
# --- end of error reports ------------------------------------------------------------------------


# --- Signing in: session limits, local accounts' second factor, the municipality's login (OIDC) --
# All from the environment; docs/access.md (»Login and sessions«) describes each variable. Owned by
# hjemvej/accounts (middleware.SessionLimitMiddleware, second_factor.py, oidc.py, oidc_views.py).

# A session ends 8 hours after login whatever happens in between, and after HJEMVEJ_IDLE_MINUTES
# without a request (SessionLimitMiddleware).
SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60
SESSION_IDLE_SECONDS = int(os.environ.get("HJEMVEJ_IDLE_MINUTES", "30")) * 60

# Local accounts (no identity provider) give a second factor, a code from an authenticator app
# (TOTP, django-otp), wherever Hjemvej has a database of its own (DATABASE_URL set). The embedded
# SQLite trial (`make run` and its demo logins) asks for it only with HJEMVEJ_LOCAL_TOTP=1;
# HJEMVEJ_LOCAL_TOTP=0 turns it off (a test installation only: docs/access.md).
# Background jobs (hjemvej/jobs, docs/operations.md): the queue is a table in the database, and
# `hjemvej worker` processes run it. The embedded SQLite trial runs the jobs in a thread of the web
# process instead (HJEMVEJ_JOBS_IN_PROCESS, on by default without DATABASE_URL).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS_IN_PROCESS = (
    os.environ.get("HJEMVEJ_JOBS_IN_PROCESS", "0" if _database_url else "1").strip() == "1"
)
#: How many days a job and its file are kept (a file may hold personal data).
JOB_FILES_DAYS = int(os.environ.get("HJEMVEJ_JOB_FILES_DAYS", "7"))

# The API (docs/api.md): requests per token and period ("120/min", "5000/hour"; docs/operations.md).
# Counted in the database (api.RateCount), so every web process counts the same requests: no cache
# or other service is needed, and with HJEMVEJ_WORKERS=4 a token still gets the rate once.
API_RATE = os.environ.get("HJEMVEJ_API_RATE", "120/min").strip()
if not re.fullmatch(r"[1-9]\d{0,8}/(s|sec|m|min|h|hour|d|day)", API_RATE):
    raise ImproperlyConfigured(
        "HJEMVEJ_API_RATE skal være et antal forespørgsler pr. periode, fx 120/min, 5000/hour "
        "eller 10/s."
    )
# Pagination of the API's lists: the default and largest page (limit), and the largest offset.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

LOCAL_TOTP_REQUIRED = os.environ.get("HJEMVEJ_LOCAL_TOTP", "1" if _database_url else "0") == "1"
OTP_TOTP_ISSUER = "Hjemvej"

# The municipality's identity provider (AD FS, Entra ID, OS2faktor …): configured when a client id
# and either the issuer (discovery) or the authorization, token and JWKS endpoints are set;
# otherwise OIDC is None and only local accounts sign in.
_OIDC_ENV = {
    "issuer": "HJEMVEJ_OIDC_ISSUER",
    "client_id": "HJEMVEJ_OIDC_CLIENT_ID",
    "client_secret": "HJEMVEJ_OIDC_CLIENT_SECRET",
    "scopes": "HJEMVEJ_OIDC_SCOPES",
    "username_claim": "HJEMVEJ_OIDC_USERNAME_CLAIM",
    "authorization_endpoint": "HJEMVEJ_OIDC_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "HJEMVEJ_OIDC_TOKEN_ENDPOINT",
    "jwks_uri": "HJEMVEJ_OIDC_JWKS_URI",
    "userinfo_endpoint": "HJEMVEJ_OIDC_USERINFO_ENDPOINT",
    "end_session_endpoint": "HJEMVEJ_OIDC_END_SESSION_ENDPOINT",
}
_oidc = {key: os.environ.get(name, "").strip() for key, name in _OIDC_ENV.items()}
_oidc["scopes"] = _oidc["scopes"] or "openid profile"
_oidc["username_claim"] = _oidc["username_claim"] or "preferred_username"
OIDC: dict[str, str] | None = (
    _oidc
    if _oidc["client_id"]
    and (
        _oidc["issuer"]
        or (_oidc["authorization_endpoint"] and _oidc["token_endpoint"] and _oidc["jwks_uri"])
    )
    else None
)
if OIDC:
    # Logout is a form posted to Hjemvej that redirects to the provider's logout: browsers hold
    # such a redirect to form-action as well.
    from urllib.parse import urlsplit

    _provider_origins = {
        f"{parts.scheme}://{parts.netloc}"
        for parts in map(urlsplit, (OIDC["issuer"], OIDC["end_session_endpoint"]))
        if parts.netloc
    }
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(_provider_origins)
