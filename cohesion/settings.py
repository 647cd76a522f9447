"""Settings, read from environment variables.

Production mode (``DEBUG`` unset or false) is the default and is secure by default:
cookies are ``Secure`` and ``HttpOnly``, HSTS is on and plain HTTP is redirected, unless
``HTTPS=false`` says the server is reached without TLS (the local demo of ``make run`` does).
"""

import os
import secrets
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
    "cohesion.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cohesion.participation.devices.DeviceCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in production).
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cohesion.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while a write is under way; the wait avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # A 64 MiB page cache keeps the observation indexes in memory during a large import.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
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
# Votes arriving within this many seconds of each other share one recompute of the map.
OPINION_MAP_DEBOUNCE_SECONDS = float(os.environ.get("OPINION_MAP_DEBOUNCE_SECONDS", 2))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": os.environ.get("REDIS_PREFIX", "cohesion")},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
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
# The ASGI application serves static files itself unless a reverse proxy does (SERVE_STATIC=false).
SERVE_STATIC = env_bool("SERVE_STATIC", True)

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

PRODUCT_NAME = _("Cohesion")
