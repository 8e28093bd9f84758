"""The Dutch relevance set on the database backend (SQLite FTS5 or PostgreSQL, whichever the
suite runs on): every query finds every post it must find, compounds included."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from search import analysis, relevance
from search.backends.database import DatabaseBackend
from search.indexing import rebuild
from search.query import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.FORUM_RATE_LIMITS_ENABLED = False


def test_the_set_is_large_enough_and_every_query_has_relevant_posts():
    texts = list(enumerate(relevance.corpus_texts()))
    assert len(relevance.RELEVANCE_SET) >= 50
    empty = [q for q, pattern in relevance.RELEVANCE_SET if not relevance.relevant(pattern, texts)]
    assert empty == []


def test_compounds_split_into_listed_parts_with_inflected_tails():
    assert analysis.decompound("bewindvoerders") == ("bewind", "voerder")
    assert analysis.decompound("schuldeisers") == ("schuld", "eiser")
    assert analysis.decompound("beslagvrije") == ("beslag", "vrij")
    assert analysis.decompound("werkgevers") == ()


def test_every_query_finds_every_relevant_post():
    posts, bureau = relevance.build_corpus()
    backend = DatabaseBackend()
    rebuild(backend)
    judgements = relevance.judge(backend, bureau, posts)
    missed = [
        (j.query, sorted(posts[pk][:60] for pk in j.relevant - j.found))
        for j in judgements
        if j.recall < 1
    ]
    assert missed == []
    precision = sum(j.precision for j in judgements) / len(judgements)
    assert precision >= 0.9


def _help_examples(client) -> list[str]:
    """The example queries the search page's help shows (placeholders and filters that
    need other data left out)."""
    page = client.get(reverse("search:search")).content.decode()
    help_html = page.split("<details", 1)[1].split("</details>", 1)[0]
    examples = [html.unescape(code) for code in re.findall(r"<code>(.*?)</code>", help_html)]
    examples += re.findall(r"“([^”]+)”", help_html)
    examples += re.findall(r"\b(Pw|Wmo|Bbz|Wsnp|Tozo)\b", help_html)
    placeholders = (
        "slug",
        "name",
        "naam",
        ":20",
        "in:titel",
        "signaal:",
        "handreiking:",
        "versie:",
        "is:geverifieerd",
    )
    return [e for e in examples if not any(p in e for p in placeholders)]


def test_every_example_in_the_search_help_finds_discussions(client):
    _posts, bureau = relevance.build_corpus()
    rebuild(DatabaseBackend())
    examples = _help_examples(client)
    assert len(examples) >= 12
    backend = DatabaseBackend()
    empty = [e for e in examples if not backend.search(parse(e), bureau).total]
    assert empty == []
