"""Scheduled publishing by the worker, and the search outbox entries of articles."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from core.worker import run_due
from search.models import OutboxEntry
from tests import factories as f
from website.jobs import JOBS
from website.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_page_scheduled_a_second_ago_is_live_after_one_worker_round(client):
    article = f.make_article(title="Gepland bericht", live=False)
    revision = article.save_revision()
    article.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    revision = article.save_revision()
    revision.publish()  # with go_live_at in the future this schedules, it does not publish
    article.refresh_from_db()
    assert not article.live
    time.sleep(1.1)
    run_due(JOBS, now=time.monotonic() + 10_000)
    article.refresh_from_db()
    assert article.live
    assert "Gepland bericht" in client.get("/nieuws/").content.decode()


def test_publish_unpublish_and_delete_write_to_the_search_outbox():
    article = f.make_article(title="Zoekbaar")
    entries = OutboxEntry.objects.filter(kind="article", object_id=article.pk)
    assert entries.filter(action="upsert").exists()
    article.unpublish()
    assert entries.filter(action="delete").count() == 1
    ArticlePage.objects.get(pk=article.pk).delete()
    assert entries.filter(action="delete").count() == 2


def test_drafts_are_not_indexed():
    article = f.make_article(title="Concept", live=False)
    assert not OutboxEntry.objects.filter(kind="article", object_id=article.pk).exists()
