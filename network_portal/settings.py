"""Settings for the Ural network portal, read from the environment.

With no environment at all the portal runs in development mode on an SQLite
file in the project folder, so one can check out the code and run it.
"""

import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default):
    """Read a switch: 1/0, true/false, yes/no or on/off; anything else stops start-up.

    A typo must not quietly turn a protection off (`DJANGO_HTTPS=ture`).
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a switch value: use 1 or 0 "
        "(true/false, yes/no and on/off are accepted too)."
    )


def env_int(name, default, minimum=0):
    """Read a whole number of at least `minimum`; anything else stops start-up, naming it.

    `AXES_COOLOFF_MINUTES=0` would switch the lock-out off as surely as a typo.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: it must be at least {minimum}.")
    return number


def env_list(name, default):
    """Read a comma-separated list."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production settings (DJANGO_DEBUG=0) need a long "
            "random secret key, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "network_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "network_portal.apps.AxesConfig",
    "csp",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "network_portal.apps.PortalConfig",
    "accounts",
    "centres",
    "models_catalog",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; CORS_URLS_REGEX keeps it to /api/.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "network_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "network_portal.middleware.AdminListGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Before anything that looks a request's values up in the database, and
    # inside the others, so that its 400 carries the security headers too.
    "network_portal.middleware.RejectNulMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "network_portal.urls"
# Django's own page for a form without a valid token is in English.
CSRF_FAILURE_VIEW = "network_portal.views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The schema.org JSON-LD blocks of the site and of centre profiles.
            "libraries": {"structured_data": "network_portal.structured_data"},
        },
    },
]

WSGI_APPLICATION = "network_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write at once (app server workers, commands). In WAL mode
    # readers never wait for a writer; a writer waits up to `timeout` seconds for
    # its turn instead of failing with «database is locked»; IMMEDIATE takes the
    # write lock when a transaction begins, so a version check and the save
    # after it can't be overtaken by another writer (SQLite has no row locks).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # When the database is unreachable, pages and /healthz say so within seconds
    # instead of hanging until the app server's own timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2, minimum=1)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_REDIRECT_URL = "my_centres"
LOGOUT_REDIRECT_URL = "home"

# Brute-force protection: 5 failed logins for one username from one address
# lock that pair for a while. Failures from elsewhere never lock the account,
# so a stranger can't keep its owner out; a new password lifts the lock.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_username"

# Password reset requests per hour from one address, and mails to one account
# asked for from one address.
PASSWORD_RESETS_PER_ADDRESS = env_int("PASSWORD_RESETS_PER_ADDRESS", 10, minimum=1)
PASSWORD_RESETS_PER_ACCOUNT = env_int("PASSWORD_RESETS_PER_ACCOUNT", 3, minimum=1)

# Password reset mails: printed to the console unless an SMTP server is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# Where people reach the network's admins; /about/ shows it when it is set.
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "")
# The portal's address as people open it: links in e-mails sent by commands,
# which have no request to take the host from.
PORTAL_BASE_URL = (os.environ.get("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
if urlsplit(PORTAL_BASE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(
        f"PORTAL_BASE_URL={PORTAL_BASE_URL!r} must start with https:// (or http://)."
    )

# Staff revert profiles on the portal's history page (centres.editing.revert),
# which keeps versions growing; the admin's own revert would reuse old numbers.
SIMPLE_HISTORY_REVERT_DISABLED = True

# A profile not confirmed for this long is marked as needing an update.
PROFILE_FRESHNESS_DAYS = 365

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in one format on every page and in the admin: «27 ноября 2026».
FORMAT_MODULE_PATH = ["network_portal.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Yekaterinburg"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# In production whitenoise serves the files collected by collectstatic,
# compressed and with content hashes in their names, so browsers cache them for good.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Leaflet comes from django-leaflet's static folder. The package's Django app is
# not installed: its admin module imports GeoDjango, which needs the GDAL system
# library that the portal has no other use for.
STATICFILES_DIRS = [BASE_DIR / "static", Path(find_spec("leaflet").origin).parent / "static"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The map's tile server; any server speaking the XYZ scheme will do.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)

REGISTRY_PAGE_SIZE = 20

# Answers files uploaded in the admin are refused above this size, before they are
# parsed, and above this many responses: a request must end within the app
# server's timeout. Larger files go through `manage.py import_responses`.
SURVEY_IMPORT_MAX_BYTES = env_int("SURVEY_IMPORT_MAX_MB", 10, minimum=1) * 1024 * 1024
SURVEY_IMPORT_ADMIN_MAX_RESPONSES = env_int("SURVEY_IMPORT_ADMIN_MAX_RESPONSES", 20_000, minimum=1)

# Public pages are cached until the content changes (network_portal/cache.py).
# The caches must be shared by all workers: Redis when REDIS_URL is set, else
# the database (tables made by `migrate`); one process in development. Request
# counters (password reset limits) live apart from the pages, so that a flood
# of page requests can't push them out when the page cache culls old entries.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ["default", "limits"]
    }
elif DEBUG:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ["default", "limits"]
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            # A page per profile at 10,000 centres; Django's default keeps 300.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_limits",
            "TIMEOUT": 3600,
            # Each entry is a counter a visitor earned with a request.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

# Security. Production (DJANGO_DEBUG=0) assumes HTTPS unless told otherwise.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
# Behind a reverse proxy (one, on the same machine or network) the proxy
# terminates TLS and says so in X-Forwarded-Proto, and appends the visitor's
# address to X-Forwarded-For (accounts.lockout.client_address).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])


def tile_origin(url):
    """The tile server's origin for the CSP, with {s} subdomains as a wildcard."""
    parsed = urlsplit(url.replace("{s}.", "*."))
    return f"{parsed.scheme}://{parsed.netloc}"


# No inline scripts or styles anywhere: scripts and styles come from our static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", tile_origin(MAP_TILES_URL)],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Open data: the licence every download and the API are published under, shown on
# /open-data/ and in the API's OpenAPI description.
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.ru"
)

# The read-only JSON API (network_portal/api.py). Anonymous clients get
# API_REQUESTS_PER_HOUR requests an hour each; a script paging through 10,000
# centres at API_PAGE_SIZE (20, as the registry page) a page needs 500 of the
# 2,000, or 20 at page_size=500. Clients
# and proxies may keep a response API_CACHE_SECONDS and check it with its ETag.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 20, minimum=1)
API_MAX_PAGE_SIZE = 500
API_REQUESTS_PER_HOUR = env_int("API_REQUESTS_PER_HOUR", 2000, minimum=1)
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 300)
REST_FRAMEWORK = {
    # Open data for anyone: no sessions or logins, so no CSRF and no per-user answers.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_METADATA_CLASS": "network_portal.api.OpenDataMetadata",
    "DEFAULT_THROTTLE_CLASSES": ["network_portal.api.AnonymousThrottle"],
    "DEFAULT_PAGINATION_CLASS": "network_portal.api.PagePagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNICODE_JSON": True,
    "EXCEPTION_HANDLER": "network_portal.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    # In the visitor's language, as the pages are (?lang=en for English).
    "TITLE": _("Ural network of resource centres: open data API"),
    "DESCRIPTION": format_lazy(
        "{} {} {} {}",
        format_lazy(
            _(
                "Read-only open data of the registry of the Ural network of resource centres "
                "supporting socially oriented NGOs (#УралНКО): centres, organisational models, "
                "surveys and the network's path to a centre for public development. "
                "Licence: {licence} ({licence_url}). "
                "Lists come {page_size} items a page (page_size up to {max_page_size})."
            ),
            licence=OPEN_DATA_LICENCE,
            licence_url=OPEN_DATA_LICENCE_URL,
            page_size=API_PAGE_SIZE,
            max_page_size=API_MAX_PAGE_SIZE,
        ),
        format_lazy(
            ngettext_lazy(
                "Anonymous clients may make up to {count} request an hour;",
                "Anonymous clients may make up to {count} requests an hour;",
                API_REQUESTS_PER_HOUR,
            ),
            count=API_REQUESTS_PER_HOUR,
        ),
        format_lazy(
            ngettext_lazy(
                "paging through 10,000 centres at the default page size takes {count} of them.",
                "paging through 10,000 centres at the default page size takes {count} of them.",
                -(-10_000 // API_PAGE_SIZE),
            ),
            count=-(-10_000 // API_PAGE_SIZE),
        ),
        _("Responses carry Cache-Control and ETag headers."),
    ),
    "LICENSE": {"name": OPEN_DATA_LICENCE, "url": OPEN_DATA_LICENCE_URL},
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Anyone may read the API from a web page on another site; nothing else is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag"]
# A script on another site may ask again with the ETag or date it was given.
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Server errors with their tracebacks go to the log, never to the visitor.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
