"""Test settings: fast hashing, in-memory mail, local-memory cache."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = str(VAR_DIR / "test-media")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Browser tests run the site in a Daphne subprocess, which must see the same test
# database (a file for SQLite) and write mail where the test can read it.
if env.str("TEST_SQLITE_FILE", default="") and DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_SQLITE_FILE")}  # noqa: F405
if env.str("TEST_EMAIL_DIR", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("TEST_EMAIL_DIR")
# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# No connection pool in tests unless asked for (DATABASE_POOL_SIZE): the async tests run
# each test in a fresh event loop whose worker threads end with their connections still
# borrowed, which empties a pool after a few tests. Production keeps the pool (base.py).
if "pool" in DATABASES["default"].get("OPTIONS", {}) and not env.str(  # noqa: F405
    "DATABASE_POOL_SIZE", default=""
):
    del DATABASES["default"]["OPTIONS"]["pool"]  # noqa: F405
