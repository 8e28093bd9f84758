"""Shared fixtures and the rule that, with REQUIRE_SERVICES=1, a skipped service test fails."""

from __future__ import annotations

import os

import pytest

from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
# Markers whose skips become failures in CI (elasticsearch is never required).
_REQUIRED_MARKERS = {"services", "browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        # Everything under tests/browser/ is a browser test (run in its own pytest process).
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        # A transactional test ends by flushing every table, which would also wipe the
        # data that migrations seed (domains, roles, the home page) for the tests after it,
        # and mixing flush styles duplicates content types. So every transactional test
        # restores the migrated state (serialized rollback), however it asked for the db.
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "transactional_db" in getattr(item, "fixturenames", ())
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        REQUIRE_SERVICES
        and report.skipped
        and _REQUIRED_MARKERS & {m.name for m in item.iter_markers()}
    ):
        report.outcome = "failed"
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"REQUIRE_SERVICES=1 but this test was skipped: {reason}"


def skip_or_fail(reason: str):
    """Skip on a developer's machine; fail in CI where every service must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1: {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail("REDIS_URL is not set")
    return url


@pytest.fixture
def on_postgres(settings) -> None:
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        skip_or_fail("DATABASE_URL does not point at PostgreSQL")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def member(db):
    return factories.MemberFactory()


@pytest.fixture
def editor(db):
    return factories.MemberFactory(roles=["Redactie"])


@pytest.fixture
def bureau(db):
    return factories.MemberFactory(roles=["Bureau"])


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
