"""Hits are checked again against the rows as they are now (issue #12 item 18).

An Elasticsearch index lags behind the database until the worker has drained the outbox:
a post hidden, held, deleted or moved into a private group a moment ago may still match
there. These tests hand the shared result path (``SearchBackend.search`` → ``hydrate``)
the keys such a lagging index returns, and check that only what the member may read now
comes out. The Elasticsearch query itself is covered as data in
test_elasticsearch_bodies.py and against a real server in test_contract.py.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from groups.models import Visibility
from search.backends.base import RawHits
from search.backends.database import DatabaseBackend
from search.hydration import hydrate
from search.query import parse, synonym_map

from .conftest import build_world

pytestmark = pytest.mark.django_db


class LaggingIndex(DatabaseBackend):
    """An index that has not caught up: it still answers every post it ever indexed,
    whatever happened to them since."""

    def __init__(self, posts):
        super().__init__()
        self.keys = [("post", p.pk) for p in posts]

    def raw_search(self, query, member, **kwargs) -> RawHits:
        return RawHits(list(self.keys), len(self.keys), {})


def found(hits) -> set[int]:
    return {hit.object_id for hit in hits}


def test_hydrate_drops_hits_the_member_may_not_read_now():
    world = build_world()
    posts = world.posts
    keys = [("post", p.pk) for p in posts.values()]
    query = parse("schuld", synonym_map())
    readable = {"bijstandsuitkering", "uitkeringen", "schulden", "participatiewet", "hostile"}
    assert found(hydrate(keys, query, world.reader)) == {posts[k].pk for k in readable}
    assert found(hydrate(keys, query, world.insider)) == {posts[k].pk for k in readable} | {
        posts["private"].pk
    }
    # The author sees their own held post, as on the thread page; the bureau sees hidden
    # and held ones; nobody gets a deleted one.
    assert posts["held"].pk in found(hydrate(keys, query, world.author))
    bureau = found(hydrate(keys, query, world.bureau))
    assert {posts["hidden"].pk, posts["held"].pk, posts["private"].pk} <= bureau
    assert posts["deleted"].pk not in bureau
    assert found(hydrate(keys, query, AnonymousUser())) == set()


def test_a_thread_moved_into_a_private_group_drops_out_before_the_index_knows():
    world = build_world()
    lagging = LaggingIndex(world.posts.values())
    query = parse("schuld", synonym_map())
    before = lagging.search(query, world.reader)
    assert world.posts["schulden"].pk in found(before.hits)
    world.other_group.visibility = Visibility.PRIVATE
    world.other_group.save()
    after = lagging.search(query, world.reader)
    open_posts = {world.posts["bijstandsuitkering"].pk, world.posts["uitkeringen"].pk}
    assert found(after.hits) == open_posts
    assert after.total == 2


def test_a_post_hidden_or_deleted_a_moment_ago_is_not_returned():
    world = build_world()
    lagging = LaggingIndex(world.posts.values())
    query = parse("schuld", synonym_map())
    schulden = world.posts["schulden"]
    schulden.is_hidden = True
    schulden.save()
    world.posts["participatiewet"].is_deleted = True
    world.posts["participatiewet"].save()
    result = lagging.search(query, world.reader)
    assert not {schulden.pk, world.posts["participatiewet"].pk} & found(result.hits)
