"""The shared permission rules: who may know of, see titles of, and read which groups."""

import pytest
from django.contrib.auth.models import AnonymousUser

from groups.models import GroupRole, Post, ThinkGroup, Thread, Visibility
from tests.factories import MemberFactory, ThinkGroupFactory, add_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    groups = {v: ThinkGroupFactory(visibility=v) for v in Visibility.values}
    insider = MemberFactory()
    for group in groups.values():
        add_to_group(insider, group)
    threads, posts = {}, {}
    for v, group in groups.items():
        thread = Thread.objects.create(group=group, title=f"Onderwerp {v}", author=insider)
        threads[v] = thread
        posts[v] = Post.objects.create(
            thread=thread, number=1, author=insider, body="tekst", body_html="<p>tekst</p>"
        )
    return groups, threads, posts, insider


def slugs(qs):
    return {g.visibility for g in qs}


def test_anonymous_knows_open_and_closed_groups_but_reads_nothing(world):
    anon = AnonymousUser()
    assert slugs(ThinkGroup.objects.listed_for(anon)) == {"open", "closed"}
    assert not ThinkGroup.objects.titles_visible_to(anon).exists()
    assert not ThinkGroup.objects.readable_by(anon).exists()
    assert not Post.objects.readable_by(anon).exists()


def test_outsider_sees_closed_titles_but_reads_only_open_groups(world):
    groups, threads, posts, _ = world
    outsider = MemberFactory()
    assert slugs(ThinkGroup.objects.listed_for(outsider)) == {"open", "closed"}
    assert slugs(ThinkGroup.objects.titles_visible_to(outsider)) == {"open", "closed"}
    assert slugs(ThinkGroup.objects.readable_by(outsider)) == {"open"}
    assert set(Post.objects.readable_by(outsider)) == {posts["open"]}
    assert set(Thread.objects.titles_visible_to(outsider)) == {threads["open"], threads["closed"]}


def test_members_read_their_closed_and_private_groups(world):
    groups, threads, posts, insider = world
    assert slugs(ThinkGroup.objects.readable_by(insider)) == {"open", "closed", "private"}
    assert set(Post.objects.readable_by(insider)) == set(posts.values())


def test_bureau_reads_everything_including_hidden(world, bureau):
    groups, threads, posts, _ = world
    Post.objects.filter(pk=posts["private"].pk).update(is_hidden=True)
    assert slugs(ThinkGroup.objects.readable_by(bureau)) == {"open", "closed", "private"}
    assert posts["private"] in Post.objects.readable_by(bureau)


def test_hidden_held_and_deleted_posts(world):
    groups, threads, posts, insider = world
    reader = MemberFactory()
    add_to_group(reader, groups["open"])
    moderator = MemberFactory()
    add_to_group(moderator, groups["open"], role=GroupRole.MODERATOR)
    thread = threads["open"]
    hidden = Post.objects.create(
        thread=thread, number=2, author=insider, body="x", body_html="x", is_hidden=True
    )
    held = Post.objects.create(
        thread=thread, number=3, author=insider, body="x", body_html="x", is_held=True
    )
    deleted = Post.objects.create(
        thread=thread, number=4, author=insider, body="x", body_html="x", is_deleted=True
    )
    assert set(Post.objects.readable_by(reader).filter(thread=thread)) == {posts["open"]}
    # The author sees their own held post (waiting for review), not their hidden one.
    assert set(Post.objects.readable_by(insider).filter(thread=thread)) == {posts["open"], held}
    assert set(Post.objects.readable_by(moderator).filter(thread=thread)) == {
        posts["open"],
        hidden,
        held,
    }
    assert deleted not in Post.objects.readable_by(moderator)


def test_hidden_thread_only_for_moderators(world):
    groups, threads, posts, insider = world
    Thread.objects.filter(pk=threads["open"].pk).update(is_hidden=True)
    assert threads["open"] not in Thread.objects.readable_by(insider)
    assert posts["open"] not in Post.objects.readable_by(insider)
    add_to_group(insider, groups["open"], role=GroupRole.MODERATOR)
    assert threads["open"] in Thread.objects.readable_by(insider)


def test_inactive_member_reads_nothing(world):
    groups, threads, posts, insider = world
    insider.is_active = False
    insider.save()
    assert not ThinkGroup.objects.readable_by(insider).exists()
    assert slugs(ThinkGroup.objects.listed_for(insider)) == {"open", "closed"}


def test_readable_in_with_evaluated_groups_is_the_same_rule_as_readable_by(world):
    """Search takes the viewer's groups as lists (``readable_in``); it must answer exactly
    what ``readable_by`` answers, hidden threads included."""
    groups, threads, _posts, insider = world
    for thread in threads.values():
        Thread.objects.create(group=thread.group, title="Verborgen", author=insider, is_hidden=True)
    outsider = MemberFactory()
    moderator = MemberFactory()
    add_to_group(moderator, groups["closed"], role=GroupRole.MODERATOR)
    for viewer in (insider, outsider, moderator):
        readable = list(ThinkGroup.objects.readable_by(viewer).values_list("pk", flat=True))
        moderated = list(ThinkGroup.objects.moderated_by(viewer).values_list("pk", flat=True))
        assert set(Thread.objects.readable_in(readable, moderated)) == set(
            Thread.objects.readable_by(viewer)
        )
    # The moderator of the closed group reads its hidden thread, nobody else's.
    readable = list(ThinkGroup.objects.readable_by(moderator).values_list("pk", flat=True))
    moderated = list(ThinkGroup.objects.moderated_by(moderator).values_list("pk", flat=True))
    hidden = Thread.objects.readable_in(readable, moderated).filter(is_hidden=True)
    assert [t.group for t in hidden] == [groups["closed"]]


def test_can_read_thread_in_python_is_the_same_rule_as_readable_by(world, bureau):
    """The thread page loads the thread and the viewer's role plainly and decides with
    ``can_read_thread``; for every kind of viewer and thread it must answer exactly what
    ``Thread.objects.readable_by`` answers."""
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import GroupMembership
    from groups.visibility import can_read_thread

    groups, threads, _posts, insider = world
    for group in groups.values():
        Thread.objects.create(group=group, title="Verborgen", author=insider, is_hidden=True)
    outsider = MemberFactory()
    moderator = MemberFactory()
    add_to_group(moderator, groups["closed"], role=GroupRole.MODERATOR)
    add_to_group(moderator, groups["private"], role=GroupRole.MODERATOR)
    add_to_group(moderator, groups["open"])
    suspended = MemberFactory(suspended_until=timezone.now() + timedelta(days=3))
    add_to_group(suspended, groups["private"])
    inactive = MemberFactory(is_active=False)
    add_to_group(inactive, groups["open"], role=GroupRole.MODERATOR)
    inactive_bureau = MemberFactory(roles=["Bureau"], is_active=False)
    superuser = MemberFactory(is_superuser=True)
    viewers = [insider, outsider, moderator, suspended, inactive, inactive_bureau, bureau]
    viewers += [superuser, AnonymousUser()]
    all_threads = list(Thread.objects.select_related("group"))
    assert {(t.group.visibility, t.is_hidden) for t in all_threads} == {
        (v, hidden) for v in Visibility.values for hidden in (False, True)
    }
    for viewer in viewers:
        roles = dict(
            GroupMembership.objects.filter(member_id=viewer.pk).values_list("group_id", "role")
        )
        readable = set(Thread.objects.readable_by(viewer))
        assert readable == {
            t for t in all_threads if can_read_thread(viewer, t, role=roles.get(t.group_id))
        }, viewer
    # Not a vacuous agreement: each kind of viewer reads something different.
    assert len({frozenset(Thread.objects.readable_by(v)) for v in viewers}) >= 5
