"""Database backend beyond SEARCH_EXACT_LIMIT: the newest matches are ranked and counted,
the result says "more than N", and permissions still apply before anything is counted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from search.backends.base import FacetSelection, Sort
from search.backends.database import DatabaseBackend
from search.indexing import rebuild
from search.models import SearchDocument
from search.query import parse

from .conftest import build_world, days_ago, make_post, make_thread

LIMIT = 5


@pytest.fixture
def capped(settings):
    settings.SEARCH_EXACT_LIMIT = LIMIT


@pytest.fixture
def world(db):
    built = build_world()
    thread = make_thread(
        built.open_group, "Armoedeval in de praktijk", author=built.author, created_at=days_ago(30)
    )
    # Eight readable posts about "armoedeval", one a day, oldest first …
    built.posts["armoedeval"] = [
        make_post(thread, f"Armoedeval bij klant {n}", author=built.author,
                  created_at=days_ago(20 - n))
        for n in range(8)
    ]  # fmt: skip
    # … and newer ones the reader may not see: they must not take places in the count.
    secret = built.threads["private"]
    built.posts["armoedeval_hidden"] = [
        make_post(secret, f"Geheime armoedeval {n}", author=built.insider, created_at=days_ago(1))
        for n in range(3)
    ] + [
        make_post(thread, "Verborgen armoedeval", author=built.author, created_at=days_ago(1),
                  is_hidden=True),
        make_post(thread, "Verwijderde armoedeval", author=built.author, created_at=days_ago(1),
                  is_deleted=True),
    ]  # fmt: skip
    rebuild(DatabaseBackend())
    return built


def search(world, member=None, **kwargs):
    return DatabaseBackend().search(parse("armoedeval"), member or world.reader, **kwargs)


def test_more_matches_than_the_limit_are_reported_as_a_lower_bound(capped, world):
    result = search(world, sort=Sort.NEWEST, per_page=3)
    assert result.capped and result.total == LIMIT and result.num_pages == 2
    newest = sorted(world.posts["armoedeval"], key=lambda p: p.created_at, reverse=True)
    assert [h.object_id for h in result.hits] == [p.pk for p in newest[:3]]
    second = search(world, sort=Sort.NEWEST, per_page=3, page=2)
    assert [h.object_id for h in second.hits] == [p.pk for p in newest[3:LIMIT]]
    # Facets count the same five; relevance ranks those five.
    assert sum(f.count for f in result.facets["group"]) == LIMIT
    assert sum(f.count for f in result.facets["year"]) == LIMIT
    relevant = search(world, per_page=20)
    assert {h.object_id for h in relevant.hits} == {p.pk for p in newest[:LIMIT]}


def test_hidden_private_and_deleted_matches_never_fill_the_candidates(capped, world):
    result = search(world, per_page=20)
    hidden = {p.pk for p in world.posts["armoedeval_hidden"]}
    assert not {h.object_id for h in result.hits} & hidden
    assert world.private_group.name not in {f.label for f in result.facets["group"]}
    # Facet filters apply before the cap: a group without such posts has none, exactly.
    elsewhere = search(world, per_page=20, facets=FacetSelection(group=world.other_group.pk))
    assert not elsewhere.capped and elsewhere.total == 0 and elsewhere.hits == []


def test_exactly_the_limit_is_exact(settings, world):
    settings.SEARCH_EXACT_LIMIT = 9  # eight posts and the thread title
    result = search(world, per_page=20)
    assert not result.capped and result.total == 9 and len(result.hits) == 9
    insider = search(world, member=world.insider, per_page=20)
    assert insider.capped and insider.total == 9  # the private posts count for a member


def test_page_says_more_than_n_in_dutch(client, capped, world):
    client.force_login(world.reader)
    html = client.get(reverse("search:search"), {"q": "armoedeval"}).content.decode()
    assert f"Meer dan {LIMIT} resultaten" in html
    assert f"Je ziet de {LIMIT} nieuwste" in html
    assert f"Aantallen binnen de {LIMIT} nieuwste resultaten" in html
    assert "Geheime armoedeval" not in html


def test_page_without_cap_shows_the_exact_count(client, world):
    client.force_login(world.reader)
    html = client.get(reverse("search:search"), {"q": "armoedeval"}).content.decode()
    assert "9 resultaten" in html and "Meer dan" not in html and "nieuwste resultaten" not in html


def test_failed_rebuild_leaves_the_live_index_searchable(world):
    def fail():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        rebuild(DatabaseBackend(), batch_size=2, on_batch=fail)
    assert search(world, per_page=20).total == 9
    assert SearchDocument.objects.filter(kind="post").exists()
    tables = connection.introspection.table_names()
    assert "search_document_build" not in tables
    # A later rebuild works and the index follows the database again.
    rebuild(DatabaseBackend())
    assert search(world, per_page=20).total == 9
