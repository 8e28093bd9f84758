"""Elasticsearch configured but not answering (a port nothing listens on): a Dutch 503 for
searches, posting unaffected, one line from the commands, entries kept for later."""

from __future__ import annotations

import logging

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from bench.faults.services import any_free_port
from search import backends
from search.indexing import drain, retry_now
from search.models import OutboxEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def search_down(settings):
    """The site set up for an Elasticsearch at an address where nothing answers."""
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{any_free_port()}"
    settings.SEARCH_BACKEND = "elasticsearch"
    backends._backends.clear()
    yield settings.ELASTICSEARCH_URL
    backends._backends.clear()


def test_search_page_is_a_dutch_503_for_members_and_visitors(search_down, member_client):
    for client in (member_client, Client()):
        response = client.get("/zoeken/", {"q": "bijstand"})
        assert response.status_code == 503
        text = response.content.decode()
        assert "Zoeken is even niet beschikbaar" in text
        assert 'value="bijstand"' in text  # the query is kept for a retry
        assert response["Retry-After"]
    assert Client().get("/zoeken/").status_code == 200  # the empty form needs no engine


def test_posting_goes_on_and_the_outbox_keeps_the_work(search_down, member, caplog):
    group = f.ThinkGroupFactory()
    f.add_to_group(member, group)
    thread = f.make_thread(group=group, author=member)
    waiting = OutboxEntry.objects.filter(processed_at__isnull=True).count()
    assert waiting >= 2  # the thread and its first post
    caplog.set_level(logging.WARNING)
    assert drain() == 0
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() == waiting
    entry = OutboxEntry.objects.filter(object_id=thread.pk, kind="thread").get()
    assert entry.attempts == 1 and "ConnectionError" in entry.last_error
    postponed = [r for r in caplog.records if "postponed" in r.getMessage()]
    assert len(postponed) == 1 and postponed[0].exc_info is None
    assert retry_now() == waiting  # after the outage: due again at once


def test_search_check_and_worker_say_so_in_one_line(search_down, member):
    with pytest.raises(CommandError) as check:
        call_command("search_check")
    with pytest.raises(CommandError) as worker:
        call_command("search_worker", "--once")
    for error in (check.value, worker.value):
        message = str(error)
        assert "\n" not in message
        assert message.startswith("Zoekmachine niet bereikbaar: Elasticsearch (127.0.0.1:")
        assert "wachtrij" in message


def test_health_reports_search_down_but_the_site_up(search_down, client):
    response = client.get("/gezond/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"]["ok"] is False
    assert "ConnectionError" in body["checks"]["search"]["error"]
