"""The background worker: discovers each app's jobs; a failing job never stops the others."""

import logging

import pytest

from core.worker import Job, discover_jobs, run_due


def test_worker_discovers_scheduled_publishing():
    assert "publish_scheduled" in {job.name for job in discover_jobs()}


@pytest.mark.django_db  # the worker closes stale database connections between jobs
def test_failing_job_is_logged_and_others_still_run(caplog):
    ran = []

    def broken():
        raise RuntimeError("search engine down")

    jobs = [Job("broken", broken, every=10), Job("fine", lambda: ran.append(1) or 1, every=10)]
    with caplog.at_level(logging.ERROR, logger="samendenk.worker"):
        handled = run_due(jobs, now=100.0)
    assert handled == 1
    assert ran == [1]
    assert "broken" in caplog.text and "search engine down" in caplog.text
    # Neither job is due again until its interval has passed.
    assert run_due(jobs, now=105.0) == 0
    assert run_due(jobs, now=110.0) == 1
