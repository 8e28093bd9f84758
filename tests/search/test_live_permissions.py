"""Database backend: permission changes take effect before the index worker has run."""

from __future__ import annotations

import pytest

from groups.models import Visibility
from search.backends.database import DatabaseBackend
from search.indexing import rebuild, record_change
from search.query import parse
from tests import factories

from .conftest import build_world


@pytest.fixture
def world(db):
    built = build_world()
    rebuild(DatabaseBackend())
    return built


def found(world, text="schuld", member=None):
    result = DatabaseBackend().search(parse(text), member or world.reader)
    return {(h.kind, h.object_id) for h in result.hits}, result


def test_post_hidden_moments_ago_is_excluded_before_the_worker_runs(world):
    post = world.posts["schulden"]
    post.is_hidden = True
    post.save()
    record_change("post", [post.pk])  # what the moderation action does; not drained
    hits, result = found(world)
    assert ("post", post.pk) not in hits
    assert result.total == len(result.hits)
    assert sum(f.count for f in result.facets["group"]) == result.total


def test_deleted_post_is_excluded_before_the_worker_runs(world):
    post = world.posts["schulden"]
    post.is_deleted = True
    post.save()
    record_change("post", [post.pk], delete=True)
    assert ("post", post.pk) not in found(world)[0]


def test_thread_moved_into_a_private_group_is_excluded_without_reindex(world):
    thread = world.threads["schuld"]
    thread.group = world.private_group
    thread.save()
    hits, result = found(world)
    assert not any(kind == "post" for kind, _pk in hits)
    assert result.total == 0


def test_group_turned_private_is_excluded_without_reindex(world):
    world.other_group.visibility = Visibility.PRIVATE
    world.other_group.save()
    hits, result = found(world)
    assert hits == set() and result.total == 0 and result.facets["group"] == []


def test_new_group_member_sees_private_content_at_once(world):
    factories.add_to_group(world.reader, world.private_group)
    assert ("post", world.posts["private"].pk) in found(world)[0]
