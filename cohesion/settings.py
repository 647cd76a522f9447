"""Settings, read from environment variables.

Production mode (``DEBUG`` unset or false) is the default and is secure by default:
cookies are ``Secure`` and ``HttpOnly``, HSTS is on and plain HTTP is redirected, unless
``HTTPS=false`` says the server is reached without TLS (the local demo of ``make run`` does).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(os.environ.get("COHESION_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_or_create_secret_key() -> str:
    """A key kept under var/ so sessions survive restarts of a server set up without SECRET_KEY."""
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of several workers starting at once, one writes the key and all read it.
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
HTTPS = env_bool("HTTPS", not DEBUG)
SECRET_KEY = os.environ.get("SECRET_KEY") or read_or_create_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_ratelimit",  # for its system checks of the cache
    "cohesion.core",
    "cohesion.audit",
    "cohesion.accounts",
    "cohesion.municipalities",
    "cohesion.processes",
    "cohesion.statistics",
    "cohesion.indicators",
    "cohesion.peers",
    "cohesion.participation",
    "cohesion.opinions",
    "cohesion.workshops",
    "cohesion.onboarding",
    "cohesion.stakeholders",
    "cohesion.invitations",
    "cohesion.seating",
    "cohesion.lottery",
    "cohesion.strategies",
    "cohesion.projects",
    "cohesion.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cohesion.core.staticfiles.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cohesion.participation.devices.DeviceCookieMiddleware",
    "cohesion.participation.limits.WrongCodeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cohesion.core.csp.CSPMiddleware",
    # Turns django-ratelimit's refusal into RATELIMIT_VIEW's 429 page.
    "cohesion.core.ratelimits.RatelimitMiddleware",
    # Last, so that it sees the log-in view's answer and replaces it while locked out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cohesion.urls"
ASGI_APPLICATION = "cohesion.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cohesion.core.context_processors.interface",
                "cohesion.audit.context_processors.audit_trail_link",
                "cohesion.onboarding.context_processors.programmes_link",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cohesion.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections kept for the next request (cohesion/core/sqlite): opening one costs 2 ms.
    DATABASES["default"]["ENGINE"] = "cohesion.core.sqlite"
    # WAL lets the server read while a write is under way; the wait avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MiB page cache keeps the observation indexes in memory during a large import.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI every request runs in a thread of its own: without a pool each would open a
    # connection (2 to 5 ms) and 200 voters at once would exceed PostgreSQL's max_connections.
    # Requests beyond the pool's size wait for a connection instead. Per process.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": 2,
            "max_size": int(os.environ.get("DATABASE_POOL_SIZE", 20)),
            "timeout": 20,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (the opinion map's recompute) goes into a queue in the database, which the
# worker that `cohesion serve` starts beside the web server takes from (`cohesion worker`
# runs one on its own). COHESION_TASKS=immediate runs each task at once in the request instead.
TASKS_MODE = os.environ.get("COHESION_TASKS", "database")
if TASKS_MODE not in {"database", "immediate"}:
    raise ImproperlyConfigured("COHESION_TASKS is either 'database' or 'immediate'.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_MODE == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}
# Pseudonymous participants of a closed conversation are erased this many days after it closed.
PARTICIPANT_RETENTION_DAYS = int(os.environ.get("PARTICIPANT_RETENTION_DAYS", 180))
# Wrong join codes one address may send (joins are never counted: a room shares one Wi-Fi), and
# looks at, downloads and erasures of a device's own data per address.
PARTICIPATION_WRONG_CODES_RATE = os.environ.get("PARTICIPATION_WRONG_CODES_RATE", "60/m")
PARTICIPATION_OWN_DATA_RATE = os.environ.get("PARTICIPATION_OWN_DATA_RATE", "30/m")
# Requests inside Django at once per worker process: the threads of its pool
# (cohesion/core/handlers.py); the others wait their turn.
CONCURRENT_REQUESTS = max(1, int(os.environ.get("CONCURRENT_REQUESTS", 4)))
# Votes arriving within this many seconds of each other share one recompute of the map.
OPINION_MAP_DEBOUNCE_SECONDS = float(os.environ.get("OPINION_MAP_DEBOUNCE_SECONDS", 2))

# Without Redis, how often the web server looks whether the worker stored a fresh opinion map
# (one query per open conversation, shared by all its watchers); with Redis the worker pushes.
OPINION_MAP_WATCH_SECONDS = float(os.environ.get("OPINION_MAP_WATCH_SECONDS", 2))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # The dict form passes max_connections to redis-py, whose pool otherwise stops
                # at 100: a workshop's connect burst (hundreds of phones) ran out of connections.
                # redis-py 8 gives every read 5 s by default, as long as channels_redis's
                # blocking receive (BZPOPMIN, 5 s): an idle websocket was torn down every few
                # seconds with TimeoutError (django/channels_redis#422). Reads wait as before
                # redis-py 8 (a read timeout of 15 s kept workers from stopping on SIGTERM
                # once websockets had been open); connecting stays bounded.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": 1000,
                        "socket_timeout": None,
                        "socket_connect_timeout": 5,
                    }
                ],
                "prefix": os.environ.get("REDIS_PREFIX", "cohesion"),
                # Messages per channel before ChannelFull (default 100): a phone on slow Wi-Fi
                # may lag a burst of events without being dropped.
                "capacity": 300,
                "expiry": 60,
                # Group members whose disconnect was lost expire after an hour, not a day, so
                # zombie members do not slow every group send (channels_redis advises reducing it).
                "group_expiry": 3600,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Two caches. "ratelimits" holds the rate limits' counters, which every server worker must share
# and which need an increment no concurrent request can lose; "default" the rendered charts.
# With Redis both are Redis (its INCR is atomic). Without Redis there is exactly one server
# process (`cohesion serve` refuses several workers, which would not share live updates either):
# the counters live in its memory, shared by every request it serves, incremented under a lock,
# with no database write per count (counting in the database cost a vote two write transactions
# beside its own, each queueing for SQLite's one write lock); the charts go to files in VAR_DIR,
# where they take no memory.
if REDIS_URL:
    _redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("REDIS_PREFIX", "cohesion"),
    }
    CACHES = {"default": _redis_cache, "ratelimits": _redis_cache}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "ratelimits": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimits",
            # Every participant's counter is an entry: room for a large workshop before culling.
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
        },
    }
RATELIMIT_USE_CACHE = "ratelimits"
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit warns about every backend outside its short list (W001) and calls a memory
    # cache unshared (E003). Both used here are shared by every worker that counts and increment
    # atomically: Redis with INCR, the memory cache of the one process under a lock.
    "django_ratelimit.W001",
    "django_ratelimit.E003",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user name and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Log-in lockout (django-axes): after 5 wrong passwords for one user name from one address within
# 15 minutes, that pair is refused for 15 minutes (OWASP's Authentication Cheat Sheet and the
# BSI's IT-Grundschutz ORP.4.A8 ask for a small number of attempts and a temporary lock rather
# than a permanent one, which would let anybody lock out a coordinator). Keyed on user name and
# address together, so a workshop's shared Wi-Fi does not lock every organiser behind it, and
# an attacker elsewhere cannot lock the real person out. The attempts live in the database,
# shared by every worker. A rate limit per address on the log-in POST (accounts.views) bounds
# guessing across many user names.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cohesion.accounts.views.login_locked_out"
# uvicorn already puts the proxy's X-Forwarded-For into REMOTE_ADDR (--proxy-headers, trusted
# from the loopback proxy only); reading headers again would let a client choose its address.
AXES_CLIENT_IP_CALLABLE = "cohesion.accounts.views.client_address"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# The audit trail records every log-in (accounts.services); axes need not keep a second list.
AXES_DISABLE_ACCESS_LOG = True
LOGIN_RATE_PER_ADDRESS = os.environ.get("LOGIN_RATE_PER_ADDRESS", "30/m")

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("uk", "Українська"),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "cohesion_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True

# Uploaded statistics files wait here between the preview and the import.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# `cohesion serve` collects the static files into STATIC_ROOT with hashed names (cohesion.css
# becomes cohesion.0f3a….css), so that browsers may keep them for a year; WhiteNoise serves them
# unless a reverse proxy serves /static/ from STATIC_ROOT itself (SERVE_STATIC=false).
SERVE_STATIC = env_bool("SERVE_STATIC", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if not SERVE_STATIC:
    MIDDLEWARE.remove("cohesion.core.staticfiles.StaticFilesMiddleware")

# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from this site,
# never inline, never eval; no plug-ins, no framing, forms post only here. The charts are SVG
# with presentation attributes, not style attributes, so styles need no 'unsafe-inline' either.
# The websocket origin of the request's host is added to connect-src per request
# (cohesion.core.csp): 'self' covers ws:/wss: only in browsers that implement CSP 3 that way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Statistics files larger than this are refused before they are read.
STATISTICS_MAX_UPLOAD_MB = int(os.environ.get("STATISTICS_MAX_UPLOAD_MB", 200))
# Uploaded statistics files nobody imported are removed after this many hours (files of imports
# waiting for approval stay until decided).
STATISTICS_UPLOAD_KEEP_HOURS = int(os.environ.get("STATISTICS_UPLOAD_KEEP_HOURS", 24))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_FAILURE_VIEW = "cohesion.core.views.csrf_failure"
# A request over a rate limit gets 429 and a sentence in the visitor's language.
RATELIMIT_VIEW = "cohesion.core.views.rate_limited"
# Participants are limited per device, since a whole workshop shares one address; no person
# votes twice a second or writes more than five statements a minute. New participants per
# address only bound cookie-clearing: a thousand phones behind one venue Wi-Fi still join.
OPINION_VOTES_PER_DEVICE = os.environ.get("OPINION_VOTES_PER_DEVICE", "120/m")
OPINION_STATEMENTS_PER_DEVICE = os.environ.get("OPINION_STATEMENTS_PER_DEVICE", "5/m")
OPINION_NEW_PARTICIPANTS_PER_ADDRESS = ["1000/m", "3000/h"]
# New workshop participants per address (comma-separated rates): one venue Wi-Fi joins at once.
WORKSHOP_NEW_PARTICIPANTS_PER_ADDRESS = os.environ.get(
    "WORKSHOP_NEW_PARTICIPANTS_PER_ADDRESS", "1000/m,3000/h"
).split(",")
# Cards a workshop participant may write per item and minute (brainstorm, open text, questions).
WORKSHOP_CARDS_PER_MINUTE = int(os.environ.get("WORKSHOP_CARDS_PER_MINUTE", "10"))

# A LibreTranslate-compatible service (POST {URL}/translate) whose suggestions interpreters
# confirm or correct before a card's translation is stored; empty: no suggestions.
MACHINE_TRANSLATION_URL = os.environ.get("MACHINE_TRANSLATION_URL", "")
MACHINE_TRANSLATION_KEY = os.environ.get("MACHINE_TRANSLATION_KEY", "")

# Mail (staff invitations): printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # implicit TLS (port 465) wins; Django refuses both at once
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cohesion@localhost")
# Staff invitations expire after this many days; the accept page's tries per address and minute.
STAFF_INVITATION_DAYS = int(os.environ.get("STAFF_INVITATION_DAYS", 14))
STAFF_INVITATION_ACCEPT_RATE = os.environ.get("STAFF_INVITATION_ACCEPT_RATE", "30/m")
# The mayor's signed letter of commitment (PDF) larger than this is refused.
COMMITMENT_LETTER_MAX_MB = int(os.environ.get("COMMITMENT_LETTER_MAX_MB", 10))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

PRODUCT_NAME = _("Cohesion")
