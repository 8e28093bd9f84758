"""The bureau's trend panel: themes with the most new signals per domain, and rising words
from the search backend (database backend on the suite's database; Elasticsearch as a body)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from groups.signals import actions
from groups.signals.models import Signal
from groups.signals.trends import theme_counts, trends
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import parse_significant_terms, significant_terms_body
from search.indexing import rebuild
from tests import factories
from tests.search.conftest import make_post, make_thread

from .conftest import mark

NOW_WORDS = "De wachtlijst voor jeugdzorg groeit; elke wachtlijst wordt langer."
BEFORE_WORDS = "Het overleg over de begroting en de planning ging goed."


def _posts(group, body, *, count, days_ago):
    thread = make_thread(group, "Praktijk", created_at=timezone.now())
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return [make_post(thread, body, created_at=when) for _ in range(count)]


def test_rising_words_come_from_the_recent_period(db, open_group):
    _posts(open_group, NOW_WORDS, count=5, days_ago=3)
    _posts(open_group, BEFORE_WORDS, count=5, days_ago=40)
    # Hidden posts never count.
    thread = make_thread(open_group, "Verborgen")
    for _ in range(6):
        make_post(thread, "geheimwoord geheimwoord", is_hidden=True)
    backend = DatabaseBackend()
    rebuild(backend=backend)
    now = timezone.now()
    terms = backend.significant_terms(
        domain_id=open_group.domain_id,
        start=now - datetime.timedelta(weeks=8),
        middle=now - datetime.timedelta(weeks=4),
        end=now,
    )
    words = [t.term for t in terms]
    assert words, "expected rising words"
    assert any(w.startswith("wachtlijst") for w in words)
    assert not any(w.startswith("begrot") for w in words)
    assert not any("geheim" in w for w in words)
    top = next(t for t in terms if t.term.startswith("wachtlijst"))
    assert top.current == 5 and top.previous == 0


def test_theme_counts_against_the_data(db, thread, open_group, theme, other_theme, bureau):
    posts = [factories.make_thread(group=open_group, author=bureau, title=f"Onderwerp {i}")
             for i in range(5)]  # fmt: skip
    signals = []
    for i, t in enumerate(posts):
        signal, _ = mark(bureau, t.posts.get(number=1), theme if i < 3 else other_theme)
        signals.append(signal)
    # One signal is 8 weeks old: in the 12-week count only.
    Signal.objects.filter(pk=signals[0].pk).update(
        created_at=timezone.now() - datetime.timedelta(weeks=8)
    )
    actions.reject_signal(actor=bureau, signal=signals[4], reason="Geen beleidssignaal.")
    counts = theme_counts(timezone.now())[open_group.domain_id]
    assert counts[0] == (theme.name, 2, 3)
    assert counts[1] == (other_theme.name, 1, 1)


def test_trends_page_survives_a_failing_search_backend(db, bureau, client, signal):
    def broken(**kwargs):
        raise ConnectionError("search engine down")

    result = trends(terms=broken)
    assert all(t.terms_failed for t in result)
    client.force_login(bureau)
    assert client.get(reverse("signal_desk:trends")).status_code == 200


def test_elasticsearch_body_asks_significant_text_against_the_previous_period():
    now = timezone.now()
    start, middle = now - datetime.timedelta(weeks=8), now - datetime.timedelta(weeks=4)
    body = significant_terms_body(domain_id=7, start=start, middle=middle, end=now, size=8)
    foreground = body["query"]["bool"]["filter"]
    assert {"term": {"domain_id": 7}} in foreground
    assert {"term": {"is_hidden": False}} in foreground
    assert {"range": {"created_at": {"gte": middle.isoformat(), "lt": now.isoformat()}}} in (
        foreground
    )
    agg = body["aggs"]["sample"]["aggs"]["rising"]["significant_text"]
    assert agg["field"] == "body" and agg["size"] == 8
    background = agg["background_filter"]["bool"]["filter"]
    assert {"range": {"created_at": {"gte": start.isoformat(), "lt": middle.isoformat()}}} in (
        background
    )
    assert {"term": {"domain_id": 7}} in background
    parsed = parse_significant_terms(
        {"aggregations": {"sample": {"rising": {"buckets": [
            {"key": "wachtlijst", "doc_count": 5, "bg_count": 1, "score": 3.21}
        ]}}}}
    )  # fmt: skip
    assert parsed[0].term == "wachtlijst" and parsed[0].current == 5 and parsed[0].previous == 1
