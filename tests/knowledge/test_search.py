"""Search knows knowledge: ``handreiking:``, ``versie:`` and ``is:geverifieerd`` filter the
hits, and a current verified answer ranks above other hits for the same words, on the
database backend (SQLite or PostgreSQL, whichever runs the suite) and on Elasticsearch."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from groups import actions as forum
from groups.knowledge import actions
from search.indexing import rebuild
from search.query import parse, synonym_map
from tests import factories
from tests.search.conftest import backend  # noqa: F401 - the fixture, one per engine

pytestmark = pytest.mark.django_db


def _posts(engine, text, member):
    result = engine.search(parse(text, synonym_map()), member)
    return [h.object_id for h in result.hits if h.kind == "post"], result


@pytest.fixture
def knowledge_world(backend, thread, guidance, group, author, moderator):  # noqa: F811
    older = factories.make_thread(
        group=group, author=author, title="Partnerinkomen oud", body="Partnerinkomen telt mee."
    )
    actions.link_thread(member=author, thread=older, page_id=guidance.pk, number=11)
    plain = factories.make_thread(
        group=group, author=author, title="Los onderwerp", body="Partnerinkomen bij de Bbz."
    )
    answer = forum.reply(member=moderator, thread=thread, body="Partnerinkomen telt niet mee.")
    actions.verify_post(moderator=moderator, post=answer)
    rebuild(backend)
    return {"thread": thread, "older": older, "plain": plain, "answer": answer}


def test_guidance_and_version_filters(backend, knowledge_world, reader):  # noqa: F811
    w = knowledge_world
    first = lambda t: t.posts.get(number=1).pk  # noqa: E731
    ids, _ = _posts(backend, "partnerinkomen handreiking:handreiking-tozo", reader)
    assert set(ids) == {w["answer"].pk, first(w["older"])}
    ids, _ = _posts(backend, "partnerinkomen versie:11", reader)
    assert ids == [first(w["older"])]
    ids, _ = _posts(backend, "partnerinkomen handreiking:handreiking-tozo versie:12", reader)
    assert ids == [w["answer"].pk]


def test_an_unknown_guidance_or_a_bad_version_says_so_in_dutch(backend, knowledge_world, reader):  # noqa: F811
    ids, result = _posts(backend, "partnerinkomen handreiking:bestaat-niet", reader)
    assert ids == [] and "Geen handreiking “bestaat-niet” gevonden." in result.warnings
    _ids, result = _posts(backend, "partnerinkomen versie:dertien", reader)
    assert any("geen versienummer" in w for w in result.warnings)


def test_is_verified_keeps_current_verified_answers_only(backend, knowledge_world, reader):  # noqa: F811
    ids, _ = _posts(backend, "partnerinkomen is:geverifieerd", reader)
    assert ids == [knowledge_world["answer"].pk]
    actions.expire_due(today=timezone.localdate() + datetime.timedelta(days=400))
    ids, _ = _posts(backend, "partnerinkomen is:geverifieerd", reader)
    assert ids == []


def test_a_verified_answer_ranks_above_other_hits(backend, knowledge_world, reader, moderator):  # noqa: F811
    w = knowledge_world
    ids, _ = _posts(backend, "partnerinkomen", reader)
    assert len(ids) == 3 and ids[0] == w["answer"].pk
    without = [i for i in ids if i != w["answer"].pk]
    # Verify the lowest-ranked other hit instead: now it comes first.
    actions.withdraw_verification(moderator=moderator, thread=w["thread"])
    post = forum_post(without[-1])
    actions.verify_post(moderator=moderator, post=post)
    ids, _ = _posts(backend, "partnerinkomen", reader)
    assert ids[0] == post.pk


def forum_post(pk):
    from groups.models import Post

    return Post.objects.select_related("thread__group").get(pk=pk)
