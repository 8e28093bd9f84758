"""The visibility table: every implementation of "who may see this" answers what the one
rule (``groups.visibility``) answers, for every group visibility × thread state × post
state × viewer role.

The world: an open, a closed and a private group; in each a visible and a hidden thread;
in each thread a visible, a hidden, a held, a deleted and a redacted post (with a hidden
and a visible earlier version). Viewers: anonymous, a deactivated member, an outsider, a
member of every group, the author of every post, a moderator of every group, a member
with a different role in each group, and the bureau.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from groups.live.database import load_access
from groups.models import GroupMembership, GroupRole, Post, PostRevision, ThinkGroup, Thread
from groups.querysets import readers_of_post, readers_of_thread
from groups.visibility import (
    PostState,
    can_read_post,
    can_read_thread,
    can_see_group,
    group_access,
    live_delivery,
    post_state,
    reads_post,
    reads_revision,
    reads_thread,
    role_of,
    sees_thread_title,
)
from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import permission_filter
from search.backends.permissions import permission_q
from search.documents import DOCUMENTS
from search.indexing import apply_changes
from search.models import SearchDocument
from search.sources import post_items, thread_items
from tests.factories import MemberFactory, ThinkGroupFactory, add_to_group

pytestmark = pytest.mark.django_db

VISIBILITIES = ("open", "closed", "private")
STATES = (
    PostState.VISIBLE,
    PostState.HIDDEN,
    PostState.HELD,
    PostState.DELETED,
    PostState.REDACTED,
)


def _create_post(thread, number, author, state):
    flags = {
        PostState.HIDDEN: {"is_hidden": True},
        PostState.HELD: {"is_held": True},
        PostState.DELETED: {"is_deleted": True},
    }.get(state, {})
    post = Post.objects.create(
        thread=thread,
        number=number,
        author=author,
        body=f"tekst {state}",
        body_html=f"<p>tekst {state}</p>",
        **flags,
    )
    post.state = state
    # Every post has an earlier version; the redacted one also a hidden one.
    PostRevision.objects.create(post=post, body="eerder", body_html="<p>eerder</p>")
    if state == PostState.REDACTED:
        PostRevision.objects.create(
            post=post, body="geschrapt", body_html="<p>geschrapt</p>", is_hidden=True
        )
    return post


@pytest.fixture
def world(bureau):
    groups = {v: ThinkGroupFactory(visibility=v) for v in VISIBILITIES}
    author = MemberFactory(display_name="Auteur")
    member = MemberFactory(display_name="Lid")
    moderator = MemberFactory(display_name="Moderator")
    inactive = MemberFactory(display_name="Gestopt")
    mixed = MemberFactory(display_name="Gemengd")
    for group in groups.values():
        for person in (author, member, inactive):
            add_to_group(person, group)
        add_to_group(moderator, group, role=GroupRole.MODERATOR)
    add_to_group(mixed, groups["open"], role=GroupRole.MODERATOR)
    add_to_group(mixed, groups["closed"])
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    threads, posts = [], []
    for group in groups.values():
        for hidden in (False, True):
            thread = Thread.objects.create(
                group=group, title=f"{group.visibility} {hidden}", author=author, is_hidden=hidden
            )
            threads.append(thread)
            for number, state in enumerate(STATES, start=1):
                posts.append(_create_post(thread, number, author, state))
            thread.last_number = len(STATES)
            thread.save(update_fields=["last_number"])
    viewers = {
        "anonymous": AnonymousUser(),
        "inactive": inactive,
        "outsider": MemberFactory(display_name="Buitenstaander"),
        "member": member,
        "author": author,
        "moderator": moderator,
        "mixed": mixed,
        "bureau": bureau,
    }
    threads = list(Thread.objects.filter(pk__in=[t.pk for t in threads]).select_related("group"))
    by_pk = {p.pk: p.state for p in posts}
    posts = list(Post.objects.filter(pk__in=by_pk).select_related("thread__group"))
    for post in posts:
        post.state = by_pk[post.pk]
    return groups, threads, posts, viewers


def _role(viewer, group):
    membership = GroupMembership.objects.filter(member_id=viewer.pk, group=group).first()
    group_role = membership.role if membership else None
    return role_of(viewer, group_role), group_role


def _access(viewer, group):
    return group_access(_role(viewer, group)[0], group.visibility)


def _own(viewer, post) -> bool:
    return post.author_id == getattr(viewer, "pk", None)


def _expected_post(viewer, post) -> bool:
    return reads_post(
        _access(viewer, post.thread.group),
        thread_hidden=post.thread.is_hidden,
        state=post.state,
        own=_own(viewer, post),
    )


def test_the_world_covers_every_state_and_role(world):
    groups, threads, posts, viewers = world
    assert {(p.thread.group.visibility, p.thread.is_hidden, p.state) for p in posts} == set(
        itertools.product(VISIBILITIES, (False, True), STATES)
    )
    roles = {_role(v, g)[0] for v in viewers.values() for g in groups.values()}
    assert roles == {"anonymous", "outsider", "member", "moderator", "bureau"}
    assert post_state(is_deleted=True, is_hidden=True, is_held=True) == PostState.DELETED
    assert post_state(is_deleted=False, is_hidden=True, is_held=True) == PostState.HIDDEN


@pytest.mark.parametrize(
    "name",
    ["anonymous", "inactive", "outsider", "member", "author", "moderator", "mixed", "bureau"],
)
def test_groups_threads_and_posts_match_the_rule(world, name):
    groups, threads, posts, viewers = world
    viewer = viewers[name]
    audience = load_access(viewer)
    ours = list(groups.values())

    def ids(queryset):
        return set(queryset.filter(pk__in=[o.pk for o in ours]).values_list("pk", flat=True))

    expected = {g.pk: _access(viewer, g) for g in ours}
    assert ids(ThinkGroup.objects.listed_for(viewer)) == {
        k for k, a in expected.items() if a.listed
    }
    assert ids(ThinkGroup.objects.titles_visible_to(viewer)) == {
        k for k, a in expected.items() if a.titles
    }
    assert ids(ThinkGroup.objects.readable_by(viewer)) == {
        k for k, a in expected.items() if a.reads
    }
    assert ids(ThinkGroup.objects.moderated_by(viewer)) == {
        k for k, a in expected.items() if a.moderates
    }
    for group in ours:
        assert (
            can_see_group(viewer, group, role=_role(viewer, group)[1]) == expected[group.pk].listed
        )
        live = audience.access(group.pk)
        assert (live.titles, live.reads, live.moderates) == (
            expected[group.pk].titles,
            expected[group.pk].reads,
            expected[group.pk].moderates,
        ), group.visibility

    readable_threads = {
        t.pk for t in threads if reads_thread(_access(viewer, t.group), thread_hidden=t.is_hidden)
    }
    titled_threads = {
        t.pk
        for t in threads
        if sees_thread_title(_access(viewer, t.group), thread_hidden=t.is_hidden)
    }
    ours_t = Thread.objects.filter(pk__in=[t.pk for t in threads])
    assert set(ours_t.readable_by(viewer).values_list("pk", flat=True)) == readable_threads
    assert set(ours_t.titles_visible_to(viewer).values_list("pk", flat=True)) == titled_threads
    readable_groups = ThinkGroup.objects.readable_by(viewer).values_list("pk", flat=True)
    moderated_groups = ThinkGroup.objects.moderated_by(viewer).values_list("pk", flat=True)
    assert (
        set(
            ours_t.readable_in(list(readable_groups), list(moderated_groups)).values_list(
                "pk", flat=True
            )
        )
        == readable_threads
    )
    for thread in threads:
        role = _role(viewer, thread.group)[1]
        assert can_read_thread(viewer, thread, role=role) == (thread.pk in readable_threads)
        assert audience.can_read(thread.group_id, thread_hidden=thread.is_hidden) == (
            thread.pk in readable_threads
        )
        assert audience.sees_thread_row(thread.group_id, thread_hidden=thread.is_hidden) == (
            thread.pk in titled_threads
        )

    readable_posts = {p.pk for p in posts if _expected_post(viewer, p)}
    ours_p = Post.objects.filter(pk__in=[p.pk for p in posts])
    assert set(ours_p.readable_by(viewer).values_list("pk", flat=True)) == readable_posts
    for post in posts:
        role = _role(viewer, post.thread.group)[1]
        assert can_read_post(viewer, post, role=role) == (post.pk in readable_posts), post.state
        for created in (True, False):
            message = {
                "event": "created" if created else "edited",
                "group_id": post.thread.group_id,
                "thread_hidden": post.thread.is_hidden,
                "deleted": post.is_deleted,
                "hidden": post.is_hidden,
                "held": post.is_held,
                "author_id": post.author_id,
            }
            assert audience.post_delivery(message) == live_delivery(
                _access(viewer, post.thread.group),
                thread_hidden=post.thread.is_hidden,
                state=post_state(
                    is_deleted=post.is_deleted, is_hidden=post.is_hidden, is_held=post.is_held
                ),
                own=_own(viewer, post),
                created=created,
            ), (post.state, created)

    expected_revisions = {
        r.pk
        for r in PostRevision.objects.filter(post__in=posts).select_related("post")
        for p in [next(p for p in posts if p.pk == r.post_id)]
        if reads_revision(
            _access(viewer, p.thread.group),
            thread_hidden=p.thread.is_hidden,
            state=p.state,
            own=_own(viewer, p),
            revision_hidden=r.is_hidden,
        )
    }
    revisions = PostRevision.objects.filter(post__in=posts).readable_by(viewer)
    assert set(revisions.values_list("pk", flat=True)) == expected_revisions
    # Not vacuous: the rule itself lets the bureau read more than a member, and so on.
    if name == "bureau":
        assert len(readable_posts) == 6 * 4  # all but the deleted ones
    if name == "anonymous":
        assert readable_posts == set()


def test_members_who_hear_of_threads_and_posts_are_their_readers(world):
    groups, threads, posts, viewers = world
    people = [v for v in viewers.values() if v.pk is not None]
    for thread in threads:
        expected = {
            p.pk
            for p in people
            if reads_thread(_access(p, thread.group), thread_hidden=thread.is_hidden)
        }
        found = set(
            readers_of_thread(thread)
            .filter(pk__in=[p.pk for p in people])
            .values_list("pk", flat=True)
        )
        assert found == expected, (thread.group.visibility, thread.is_hidden)
    for post in posts:
        expected = {p.pk for p in people if _expected_post(p, post)}
        found = set(
            readers_of_post(post).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
        )
        assert found == expected, (post.thread.group.visibility, post.thread.is_hidden, post.state)


def _index_everything(threads, posts):
    post_index, _deleted = post_items(Post.objects.filter(pk__in=[p.pk for p in posts]))
    thread_index = thread_items(Thread.objects.filter(pk__in=[t.pk for t in threads]))
    return post_index, thread_index


@pytest.mark.parametrize(
    "name",
    ["anonymous", "inactive", "outsider", "member", "author", "moderator", "mixed", "bureau"],
)
def test_database_search_filter_matches_the_rule(world, name):
    groups, threads, posts, viewers = world
    viewer = viewers[name]
    apply_changes(
        DatabaseBackend(),
        [("thread", t.pk) for t in threads] + [("post", p.pk) for p in posts],
    )
    found = set(
        SearchDocument.objects.filter(permission_q(viewer, ["post", "thread"])).values_list(
            "kind", "object_id"
        )
    )
    expected = {("post", p.pk) for p in posts if _expected_post(viewer, p)} | {
        ("thread", t.pk)
        for t in threads
        if reads_thread(_access(viewer, t.group), thread_hidden=t.is_hidden)
    }
    assert found == expected


def _matches(query: dict, doc: dict) -> bool:
    """Whether an Elasticsearch filter (the bool/term/terms subset the permission filter is
    written in) matches a document's source: the filter's logic, evaluated here so the
    table holds without an Elasticsearch server (the contract tests run it against one)."""
    ((kind, body),) = query.items()
    if kind == "match_none":
        return False
    if kind == "match_all":
        return True
    if kind == "term":
        ((field, value),) = body.items()
        value = value["value"] if isinstance(value, dict) else value
        return doc.get(field) == value
    if kind == "terms":
        ((field, values),) = body.items()
        return doc.get(field) in values
    assert kind == "bool", kind

    def listed(key):
        value = body.get(key, [])
        return value if isinstance(value, list) else [value]

    if not all(_matches(q, doc) for q in listed("must") + listed("filter")):
        return False
    if any(_matches(q, doc) for q in listed("must_not")):
        return False
    should = listed("should")
    minimum = body.get("minimum_should_match", 0 if listed("must") + listed("filter") else 1)
    return not should or sum(_matches(q, doc) for q in should) >= minimum


@pytest.mark.parametrize(
    "name",
    ["anonymous", "inactive", "outsider", "member", "author", "moderator", "mixed", "bureau"],
)
def test_elasticsearch_filter_matches_the_rule(world, name):
    groups, threads, posts, viewers = world
    viewer = viewers[name]
    query = permission_filter(viewer, ["post", "thread"]).to_dict()
    post_index, thread_index = _index_everything(threads, posts)
    found = {
        (item.kind, item.object_id)
        for item in post_index + thread_index
        if _matches(query, DOCUMENTS[str(item.kind)].prepare(item))
    }
    expected = {("post", p.pk) for p in posts if _expected_post(viewer, p)} | {
        ("thread", t.pk)
        for t in threads
        if reads_thread(_access(viewer, t.group), thread_hidden=t.is_hidden)
    }
    assert found == expected
