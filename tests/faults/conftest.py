"""Fixtures of the fault tests: Redis and PostgreSQL servers of the test's own, killed at will
(never the shared ones), with the ports the fault suite leaves to tests (6390–6394,
5450–5454)."""

from __future__ import annotations

import shutil

import pytest

from bench.faults.services import OwnRedis, free_port
from tests.conftest import skip_or_fail

TEST_REDIS_PORTS = range(6390, 6395)
TEST_POSTGRES_PORTS = range(5450, 5455)


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server is not installed")
    server = OwnRedis(free_port(TEST_REDIS_PORTS), tmp_path / "redis").start()
    yield server
    server.kill()


@pytest.fixture
def redis_cache(settings, own_redis):
    """The site's cache and cached sessions on the test's own Redis, as in production
    (settings/base.py with REDIS_URL), with a short probe interval."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "faults",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "outage_retry": 0.1,
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_ENABLED = True
    return own_redis
