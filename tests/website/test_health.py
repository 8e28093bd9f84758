"""`/gezond/` and `/healthz`: what a load balancer and an operator read."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def test_health_reports_every_service(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/gezond/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert set(body["checks"]) == {"database", "redis", "search", "worker"}
    assert body["checks"]["database"]["ok"] is True
    assert all("ms" in check for check in body["checks"].values())
    assert client.get("/healthz").json()["checks"].keys() == body["checks"].keys()


def test_worker_lag_shows_when_outbox_entries_wait(client):
    assert client.get("/gezond/").json()["checks"]["worker"]["lag_seconds"] == 0
    due = timezone.now() - datetime.timedelta(minutes=5)
    OutboxEntry.objects.create(kind="post", object_id=1, action="upsert", next_attempt_at=due)
    body = client.get("/gezond/").json()
    assert body["status"] == "degraded"
    worker = body["checks"]["worker"]
    assert worker["ok"] is False and worker["pending"] == 1 and worker["lag_seconds"] >= 299


def test_redis_down_is_degraded_not_down(client, settings):
    from bench.faults.services import any_free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{any_free_port()}/0"
    response = client.get("/gezond/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["checks"]["redis"]["ok"] is False
