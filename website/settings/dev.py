"""Development settings: what `make run` uses (SQLite, in-memory channels, database search)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# Development only: a fixed key so sessions survive restarts. Production has no default.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-samendenk-0d1f2e3c4b5a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
