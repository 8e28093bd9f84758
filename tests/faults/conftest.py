"""Fixtures of the fault tests: Redis and PostgreSQL servers of the test's own, killed at will
(never the shared ones), with the ports the fault suite leaves to tests (6390–6394,
5450–5454)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess

import pytest

from bench.faults.services import OwnRedis, any_free_port, free_port, wait_for_port
from bench.servers import server_command
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


@pytest.fixture
def writer(db):
    """A member of a group, logged in on a test client, with a thread they started."""
    from types import SimpleNamespace

    from django.test import Client

    from tests import factories

    member = factories.MemberFactory()
    group = factories.ThinkGroupFactory()
    factories.add_to_group(member, group)
    thread = factories.make_thread(group=group, author=member)
    client = Client()
    client.force_login(member)
    return SimpleNamespace(member=member, thread=thread, client=client)


@pytest.fixture(scope="module")
def own_postgres(django_db_setup, django_db_blocker):
    """A PostgreSQL cluster of the test's own holding a copy of the migrated test database."""
    from django.db import connection

    from bench.faults.services import OwnPostgres

    if shutil.which("initdb") is None or connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL (DATABASE_URL) and its initdb")
    db = connection.settings_dict
    source = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    server = OwnPostgres(free_port(TEST_POSTGRES_PORTS)).init()
    server.start()
    with django_db_blocker.unblock():
        server.copy_database(source, "faults")
    yield server
    server.remove()


@contextlib.contextmanager
def page_server(env: dict, folder):
    """A page server (gunicorn, one sync worker) as the README deploys it, with ``env``
    on top of the test's environment; yields its base URL."""
    port = any_free_port()
    log = open(folder / "server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        server_command("gunicorn", port),
        env={**os.environ, "VAR_DIR": str(folder), **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, timeout=60, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def production_env(**extra) -> dict:
    """The production settings of a local test server: no TLS, no shared services."""
    env = {
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "faults-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": "",
        "ELASTICSEARCH_URL": "",
        "PAGE_CACHE_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }
    return {**env, **extra}
