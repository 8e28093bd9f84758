"""Settings shared by every environment; everything configurable comes from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    # Our apps first so their templates override allauth's and Wagtail's.
    "website",
    "community",
    "groups",
    "groups.moderation",
    "groups.signals",
    "groups.knowledge",
    "groups.toets",
    "groups.reports",
    "website.stories",
    "search",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "channels",
    # The API docs page serves Swagger UI from our own static files (not a CDN).
    "ninja",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header on every response (see "Content-Security-Policy").
    "csp.middleware.CSPMiddleware",
    # A database outage is a 503 with a Dutch message, not a 500 (website/errors.py).
    "website.errors.ServiceUnavailableMiddleware",
    # Every error under /api/ is JSON with a Dutch message (website/errors.py).
    "website.errors.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # DEBUG only: the Dutch 404 instead of Django's list of URL patterns (website/errors.py).
    "website.errors.DutchNotFoundMiddleware",
]

ROOT_URLCONF = "website.urls"
ASGI_APPLICATION = "website.asgi.application"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "website" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.site",
            ],
        },
    },
]

# --- Database: SQLite file by default, PostgreSQL via DATABASE_URL -----------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker process write while Daphne reads; IMMEDIATE avoids
    # "database is locked" on lock upgrades under concurrent writers.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Fails fast while PostgreSQL is down (core/postgresql/base.py): a 503 at once
    # instead of every request waiting for the pool or a connection attempt.
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
    # Under ASGI (Daphne) every request runs in its own thread: persistent connections
    # pile up (one per thread) until PostgreSQL refuses clients, and a new connection per
    # request costs more than rendering a page. So each process keeps a small pool
    # (psycopg_pool, Django's built-in "pool" option): threads borrow a connection for a
    # request and give it back. DATABASE_POOL_SIZE=0 turns the pool off (then
    # CONN_MAX_AGE applies, 0 by default, as Django's docs advise under ASGI).
    DATABASE_POOL_SIZE = env.int("DATABASE_POOL_SIZE", default=10)
    if DATABASE_POOL_SIZE > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DATABASE_POOL_SIZE),
            "max_size": DATABASE_POOL_SIZE,
            # Waiting longer than this for a free connection is an error (logged, 503):
            # better than queueing requests without bound. A page process never has more
            # requests at once than connections, so a wait this long means the database
            # is not answering.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=3.0),
            # A connection lost in an outage is retried with backoff for this long, then
            # given up; requests then open new ones as they need them, so the pool
            # recovers at once however long the outage lasted.
            "reconnect_timeout": 5.0,
        }
        # The pool checks a connection before lending it: after a database restart the
        # old ones are replaced instead of failing the requests that get them.
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    else:
        DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
        DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channel layer and cache: in-memory by default, Redis via REDIS_URL ------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # The pub/sub layer never silently drops group messages at capacity,
            # unlike the list-based RedisChannelLayer (see the live-forum bench).
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env.str("CHANNEL_PREFIX", "samendenk")},
        }
    }
    # Redis down is not an error page (core/redis_cache.py): reads miss, writes are
    # skipped and cleaned up when it returns. The timeouts bound a Redis that hangs.
    REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=1.0)
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_PREFIX", "samendenk"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
    # Sessions are read from that cache and written through to the database: a cache hit
    # instead of a query on every request. Only with Redis, which every process and host
    # shares, so a log-out (which deletes the cached copy) ends the session everywhere on
    # the next request. The file cache below is per host: sessions stay in the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # A file cache is shared by Daphne and the worker process, so publishing
    # from the worker invalidates what Daphne serves.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Search: database full-text by default, Elasticsearch via ELASTICSEARCH_URL -----
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="samendenk")
SEARCH_BACKEND = "elasticsearch" if ELASTICSEARCH_URL else "database"
# Seconds a search or index request waits for Elasticsearch before it counts as down.
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)
# Database backend: totals and facet counts are exact up to this many hits; beyond it the
# newest this-many are ranked and counted, and the page says "more than N".
SEARCH_EXACT_LIMIT = env.int("SEARCH_EXACT_LIMIT", default=1000)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background work ------------------------------------------------------------------
# `manage.py worker` runs each app's jobs (website/worker.py): search outbox, scheduled
# publishing, e-mail and digests, all queued in our own tables. `make run` starts it.

# --- E-mail -------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samendenk <noreply@samendenk.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "community.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupForm"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

# --- Static and media ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "website" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Form and JSON bodies (and every request body outside the admin, website/body_limit.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies to the admin (image and document uploads) are refused above this, before
# they are read (website/body_limit.py); nginx's client_max_body_size matches it.
REQUEST_MAX_BODY_SIZE = env.int("REQUEST_MAX_BODY_SIZE", default=25 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Samendenk"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
SITE_URL = WAGTAILADMIN_BASE_URL

# --- Security headers that hold everywhere ------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Content-Security-Policy (django-csp 4) ----------------------------------------
# Scripts only from our own origin: no inline script and no eval anywhere, also in the
# Wagtail admin, whose inline widget scripts are replaced by data attributes that
# website/static/website/admin-init.js reads (website/admin_csp.py). A template that
# cannot avoid an inline script gives it nonce="{{ request.csp_nonce }}". Styles allow
# inline style attributes, which the Wagtail admin sets throughout. Sockets are 'self'
# (CSP 3 matches ws:/wss: on the same host). CSP_REPORT_ONLY=true sends the same policy
# as Content-Security-Policy-Report-Only instead (to try a change without breaking pages).
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

_csp_directives = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# (django-csp refuses settings named CSP_*: its 3.x format.)
if env.bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp_directives}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp_directives}
# Avatars from our own origin only: no request to gravatar.com from the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Logging: errors with context to stderr -----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"outage": {"()": "website.errors.OutageTracebackFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["outage"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "daphne": {"level": "WARNING"},
        # Wagtail logs every page save at INFO, which buries the demo loader's progress.
        "wagtail": {"level": "WARNING"},
        # The pool logs every failed reconnect; core.outage logs an outage once.
        "psycopg.pool": {"level": "ERROR"},
        # Elasticsearch's client logs each failed node; search backends log an outage once.
        "elastic_transport": {"level": "ERROR"},
    },
}

# --- Community ---------------------------------------------------------------------
# Sign-up says "address already in use" on the form (see community/account_forms.py).
ACCOUNT_FORMS = {"signup": "community.account_forms.MemberSignupForm"}
COMMUNITY_DIRECTORY_PAGE_SIZE = 24
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samendenk] "
# Same rules as above; only the length rule's message is ours (Django's Dutch one is stale).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "community.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Newsroom -------------------------------------------------------------------------
INSTALLED_APPS += ["wagtail.contrib.routable_page"]
# Anonymous visitors get Wagtail pages from a full-page cache (website/cache.py); it sits
# after authentication and messages so it can tell who is anonymous.
MIDDLEWARE += ["website.cache.AnonymousPageCacheMiddleware"]
# A logged-in member's responses are "private, no-store" (website/cache.py).
MIDDLEWARE += ["website.cache.PrivateNoStoreMiddleware"]
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# An upper bound only: every change that shows on a page invalidates the cache at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Wagtail refuses larger documents with its own (Dutch) message; types: WAGTAILDOCS_EXTENSIONS.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# One time zone for everyone: the account page then lists no English zone names.
WAGTAIL_USER_TIME_ZONES = ["Europe/Amsterdam"]
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
WAGTAIL_DATETIME_FORMAT = "%d-%m-%Y %H:%M"

# --- Forum ---------------------------------------------------------------------------
# Per-member rate limits: at most BURST posts (threads) in BURST × INTERVAL seconds,
# i.e. one every INTERVAL seconds on average. Tests lower or disable them.
FORUM_RATE_LIMITS_ENABLED = env.bool("FORUM_RATE_LIMITS_ENABLED", default=True)
FORUM_POST_INTERVAL = env.int("FORUM_POST_INTERVAL", default=5)
FORUM_POST_BURST = env.int("FORUM_POST_BURST", default=3)
FORUM_THREAD_INTERVAL = env.int("FORUM_THREAD_INTERVAL", default=30)
FORUM_THREAD_BURST = env.int("FORUM_THREAD_BURST", default=2)
# Local hour after which the daily notification digest goes out.
FORUM_DIGEST_HOUR = env.int("FORUM_DIGEST_HOUR", default=7)

# --- Live ----------------------------------------------------------------------------
# The in-memory layer (one process, `make run`) feeds one hub channel per process: give
# it room for bursts and keep group memberships for as long as the process lives.
if not REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"] = {"capacity": 10_000, "group_expiry": 10 * 365 * 86400}

# Threads per process for the live sockets' database work (subscribe, catch-up, replies).
LIVE_DB_THREADS = env.int("LIVE_DB_THREADS", default=2)
# Seconds between the live heartbeats (each followed thread's latest number, to every
# socket) and between the probes that prove the channel layer still delivers.
LIVE_HEARTBEAT = env.float("LIVE_HEARTBEAT", default=15.0)
LIVE_PROBE = env.float("LIVE_PROBE", default=2.0)
# A live socket whose outbox holds more than this many bytes, or whose current write has
# waited this many seconds (a client that stopped reading), is closed with 4008.
LIVE_SEND_BUFFER = env.int("LIVE_SEND_BUFFER", default=1_000_000)
LIVE_SEND_TIMEOUT = env.float("LIVE_SEND_TIMEOUT", default=10.0)
# Seconds between the checks of every live socket's session (expiry has no event; log-out,
# password change, deactivation and suspension close sockets at once).
LIVE_SESSION_CHECK = env.float("LIVE_SESSION_CHECK", default=30.0)

# --- Moderation -----------------------------------------------------------------------
# Defaults; the bureau overrides both under Settings → Moderation settings in the admin.
# "confirm": the author may confirm a post the privacy guard warns about; "hold": such a
# post waits for review.
PRIVACY_GUARD_MODE = env.str("PRIVACY_GUARD_MODE", default="confirm")
MODERATION_AUTO_HIDE_THRESHOLD = env.int("MODERATION_AUTO_HIDE_THRESHOLD", default=3)

# --- Socket-only processes ----------------------------------------------------------
# SOCKETS_ONLY=true: a process that serves /ws/ and nothing else (uvicorn behind nginx,
# see the README). It loads only the apps the socket path uses (sessions, members,
# groups, moderation, the search outbox and the Wagtail core that moderation settings
# live in); Wagtail's admin, images, documents, API and the CMS pages stay out, which
# halves the process's memory (about 119 → 68 MB at start). URLs are reversed from a
# URLconf with only the groups' and members' routes; any HTTP request gets a 404.
SOCKETS_ONLY = env.bool("SOCKETS_ONLY", default=False)
SOCKET_APPS = {
    "community",
    "groups",
    "groups.moderation",
    "groups.signals",  # the post partial shows a signal marker
    "groups.knowledge",  # edits over a socket end a verification
    "groups.reports",
    "search",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.humanize",
    "wagtail.contrib.settings",
    "wagtail",
    "taggit",
    "modelcluster",
    "allauth",  # its backend path is stored in the sessions it logged in
    "allauth.account",
    "channels",
}
if SOCKETS_ONLY:
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app in SOCKET_APPS]
    ROOT_URLCONF = "website.urls_sockets"
