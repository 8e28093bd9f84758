"""`/gezond/` (also `/healthz`): the state of each service, for a load balancer and a person.

Each check is bounded (a connection or socket timeout of a second or two) and reports
``ok``, the time it took and, when failing, why. The status code answers the load
balancer's question "can this process serve pages?": 200 while the database answers
(Redis, search or a lagging worker only degrade the site: ``"status": "degraded"``), 503
when it does not. Nothing here is cached or needs a session.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

# The worker drains the search outbox every second or so; entries due longer than this
# mean it is not running or cannot keep up.
WORKER_LAG_LIMIT_SECONDS = 60


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check() or {}
        result.setdefault("ok", True)
    except Exception as error:  # a check reports any failure, it never raises
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"vendor": connection.vendor}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "configured": False}
    import redis

    timeout = getattr(settings, "REDIS_TIMEOUT", 1.0)
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    finally:
        client.close()
    return {"configured": True}


def check_search() -> dict:
    from search.backends import get_backend

    backend = get_backend()
    ping = getattr(backend, "ping", None)
    if ping is None:
        return {"backend": backend.name}  # the database: checked above
    ping()
    return {"backend": backend.name}


def check_worker() -> dict:
    """Search outbox entries waiting although due: the worker's lag."""
    from search.models import OutboxEntry

    now = timezone.now()
    pending = OutboxEntry.objects.filter(processed_at__isnull=True)
    oldest_due = (
        pending.filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    lag = (now - oldest_due).total_seconds() if oldest_due else 0.0
    return {
        "ok": lag <= WORKER_LAG_LIMIT_SECONDS,
        "lag_seconds": round(lag, 1),
        "pending": pending.count(),
    }


def run_checks() -> tuple[int, dict]:
    checks = {"database": _timed(check_database), "redis": _timed(check_redis)}
    if checks["database"]["ok"]:
        checks["search"] = _timed(check_search)
        checks["worker"] = _timed(check_worker)
    else:
        checks["search"] = checks["worker"] = {"ok": False, "error": "database unavailable"}
    if not checks["database"]["ok"]:
        status, code = "down", 503
    elif all(c["ok"] for c in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return code, {"status": status, "checks": checks}


@never_cache
def health(request):
    code, body = run_checks()
    response = JsonResponse(body, status=code)
    # Polled every few seconds: an outage is logged once by core.outage, not per poll.
    response._has_been_logged = True
    return response
