"""PostgreSQL of the test's own stopped under a page server: 503 at once, back by itself."""

from __future__ import annotations

import time

import httpx
import pytest

from community.tokens import TOKEN_PREFIX

from .conftest import page_server, production_env

pytestmark = [pytest.mark.services, pytest.mark.django_db]

# Far above what a request may take during the outage (the first ones wait for the pool's
# timeout, 3 s; the others not at all): a request that hangs fails the test.
CLIENT_TIMEOUT = 8.0
WARM_UP_TIMEOUT = 60.0


def test_requests_answer_503_at_once_while_postgres_is_down_and_recover(own_postgres, tmp_path):
    env = production_env(
        DATABASE_URL=own_postgres.url("faults"),
        DATABASE_POOL_SIZE="2",
    )
    with (
        page_server(env, tmp_path) as base,
        httpx.Client(base_url=base, timeout=CLIENT_TIMEOUT) as http,
    ):
        # Before the outage the first requests warm a cold server: no outage bound applies.
        assert http.get("/", timeout=WARM_UP_TIMEOUT).status_code == 200
        assert http.get("/api/groups", timeout=WARM_UP_TIMEOUT).status_code == 200
        health = http.get("/gezond/", timeout=WARM_UP_TIMEOUT).json()
        assert health["checks"]["database"]["ok"] is True

        own_postgres.stop()
        for _ in range(3):
            page = http.get("/")
            assert page.status_code == 503
            assert "even niet bereikbaar" in page.text and page.headers["Retry-After"]
            api = http.get("/api/groups")
            assert api.status_code == 503
            assert api.json()["code"] == "unavailable" and "niet bereikbaar" in api.json()["detail"]
            write = http.post(
                "/api/threads/1/posts",
                json={"body": "x"},
                headers={"Authorization": f"Bearer {TOKEN_PREFIX}abc"},
            )
            assert write.status_code == 503 and write.json()["code"] == "unavailable"
            health = http.get("/gezond/")
            assert health.status_code == 503 and health.json()["status"] == "down"

        own_postgres.start()
        deadline = time.monotonic() + 20
        while http.get("/").status_code != 200:
            assert time.monotonic() < deadline, "the page server did not recover by itself"
            time.sleep(0.5)
        assert http.get("/api/groups").status_code == 200
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log
    assert log.count("PostgreSQL unavailable") == 1
