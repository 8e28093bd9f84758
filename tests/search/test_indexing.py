"""Index synchronisation: the outbox worker with retries, rebuild under writes, drift check."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from search.backends.database import DatabaseBackend
from search.indexing import check, drain, rebuild, record_change
from search.models import OutboxEntry, SearchDocument
from search.query import parse
from tests import factories

from .conftest import make_post, make_thread


class BrokenEngine(DatabaseBackend):
    """A search engine that is down: the failure path of the worker, not search itself."""

    name = "broken"

    def index(self, items):
        raise ConnectionError("search engine unreachable")


@pytest.fixture
def group(db):
    return factories.ThinkGroupFactory()


def test_worker_drains_the_outbox_into_the_index(group, member):
    thread = make_thread(group, "Kostendelersnorm")
    post = make_post(thread, "Hoe werkt de kostendelersnorm bij inwonende kinderen?")
    record_change("post", [post.pk])
    record_change("thread", [thread.pk])
    assert drain() == 2
    backend = DatabaseBackend()
    hits = backend.search(parse("kostendelersnorm kinderen"), member).hits
    assert [(h.kind, h.object_id) for h in hits] == [("post", post.pk)]
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() == 0


def test_a_reply_reaches_the_index_without_rewriting_the_threads_other_posts(group, member):
    """A reply changes nothing of its thread's own index entry; re-indexing the thread
    would rewrite every post of a long thread on every reply."""
    from groups import actions

    factories.add_to_group(member, group)
    thread = factories.make_thread(group=group, author=member, title="Draad met historie")
    make_post(thread, "Een ouder bericht")
    drain()
    post = actions.reply(member=member, thread=thread, body="Nieuwe kijk op de toeslag")
    assert list(
        OutboxEntry.objects.filter(processed_at__isnull=True).values_list("kind", "object_id")
    ) == [("post", post.pk)]
    assert drain() == 1
    assert DatabaseBackend().search(parse("toeslag"), member).total == 1


def test_failing_backend_keeps_entries_with_backoff_and_logs(group, caplog):
    post = make_post(make_thread(group, "Draad"), "Tekst")
    record_change("post", [post.pk])
    now = timezone.now()
    assert drain(BrokenEngine(), now=now) == 0
    entry = OutboxEntry.objects.get()
    assert entry.processed_at is None and entry.attempts == 1
    assert "ConnectionError: search engine unreachable" in entry.last_error
    assert entry.next_attempt_at == now + datetime.timedelta(seconds=2)
    assert "search index update failed" in caplog.text
    # Not due yet: nothing is tried; later it fails again with a longer wait.
    assert drain(BrokenEngine(), now=now + datetime.timedelta(seconds=1)) == 0
    assert OutboxEntry.objects.get().attempts == 1
    later = now + datetime.timedelta(seconds=3)
    drain(BrokenEngine(), now=later)
    entry.refresh_from_db()
    assert entry.attempts == 2 and entry.next_attempt_at == later + datetime.timedelta(seconds=4)
    # The engine is back: the entry is applied.
    assert drain(DatabaseBackend(), now=later + datetime.timedelta(seconds=5)) == 1
    assert SearchDocument.objects.filter(kind="post", object_id=post.pk).exists()


def test_bulk_hide_and_thread_move_reach_the_index(group, member):
    thread = make_thread(group, "Beslagvrije voet")
    posts = [make_post(thread, f"Beslagvrije voet bericht {n}") for n in range(50)]
    backend = DatabaseBackend()
    rebuild(backend)
    other = factories.ThinkGroupFactory(domain=factories.domain("zorg"))
    thread.group = other
    thread.save()
    for post in posts:
        post.is_hidden = True
    type(posts[0]).objects.bulk_update(posts, ["is_hidden"])
    record_change("thread", [thread.pk])
    record_change("post", [p.pk for p in posts])
    drain(backend)
    assert set(SearchDocument.objects.filter(kind="post").values_list("group_id", flat=True)) == {
        other.pk
    }
    assert backend.search(parse("beslagvrije"), member).total == 1  # the thread only


def test_rebuild_while_posts_are_written_loses_nothing(group):
    thread = make_thread(group, "Draad")
    first = [make_post(thread, f"Eerste reeks {n}") for n in range(30)]
    written = []

    def write_meanwhile():
        # A new post, an edit and a hide recorded by "write functions" mid-rebuild.
        if not written:
            written.append(make_post(thread, "Nieuw geschreven tijdens herbouw"))
            record_change("post", [written[0].pk])
            first[0].body = "Aangepast tijdens herbouw"
            first[0].save()
            record_change("post", [first[0].pk])

    backend = DatabaseBackend()
    rebuild(backend, batch_size=10, on_batch=write_meanwhile)
    indexed = backend.indexed_keys("post")
    assert indexed == {p.pk for p in first} | {written[0].pk}
    bureau = factories.MemberFactory(roles=["Bureau"])
    assert backend.search(parse("aangepast herbouw"), bureau).total == 1
    assert OutboxEntry.objects.filter(processed_at__isnull=True).count() == 0


def test_check_reports_drift_and_rebuild_command_repairs(group):
    thread = make_thread(group, "Draad")
    post = make_post(thread, "Tekst")
    report = check()
    assert report["post"]["missing"] == [post.pk]
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    # Dutch sentences name the kinds in Dutch, not "post:".
    assert "Berichten: 1 ontbreken in de index" in out.getvalue()
    assert "post:" not in out.getvalue()
    out = io.StringIO()
    call_command("search_rebuild", stdout=out)
    assert "Berichten: 1/1" in out.getvalue()
    call_command("search_check", stdout=io.StringIO())
    assert check()["post"] == {"missing": [], "stale": []}


def test_search_worker_once_command(group):
    post = make_post(make_thread(group, "Draad"), "Tekst")
    record_change("post", [post.pk])
    out = io.StringIO()
    call_command("search_worker", "--once", stdout=out)
    assert "Verwerkt: 1" in out.getvalue()
