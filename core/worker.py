"""Background jobs run by `manage.py worker`: each app lists its periodic jobs in `jobs.py`.

An app's `jobs.py` defines ``JOBS = [Job("name", callable, every_seconds)]``. The callable
does one bounded round of work (drain a batch, publish scheduled pages, send mail) and
returns how many items it handled.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections

from .discovery import app_submodules

logger = logging.getLogger("samendenk.worker")


@dataclass
class Job:
    name: str
    run: Callable[[], int | None]
    every: float
    next_at: float = field(default=0.0)


def discover_jobs() -> list[Job]:
    jobs: list[Job] = []
    for _config, module in app_submodules("jobs"):
        jobs.extend(getattr(module, "JOBS", []))
    return jobs


def _recycle_connections() -> None:
    """Drop broken or expired database connections between jobs, as Django does between
    requests; never one inside an atomic block (the caller's transaction, e.g. a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def run_due(jobs: list[Job], now: float | None = None) -> int:
    """Run every job that is due; a failing job is logged and retried at its next turn."""
    now = time.monotonic() if now is None else now
    handled = 0
    for job in jobs:
        if job.next_at > now:
            continue
        _recycle_connections()
        try:
            handled += job.run() or 0
        except Exception:
            logger.exception("worker job %s failed", job.name)
        job.next_at = now + job.every
    return handled
