"""The write functions: validation, permissions, counters, outbox, events, notifications."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.http import Http404

from community.models import Notification, NotificationKind
from groups import actions
from groups.models import (
    GroupMembership,
    GroupRole,
    JoinRequest,
    Post,
    PostMention,
    ReadState,
    RequestStatus,
    ThinkGroup,
    Thread,
    ThreadFollow,
)
from search.models import OutboxEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_start_thread_stores_thread_first_post_and_counters(author, open_group):
    thread = actions.start_thread(
        member=author, group=open_group, title="  Tozo en  terugvordering ", body="**Vraag**"
    )
    assert thread.title == "Tozo en terugvordering"
    post = thread.posts.get()
    assert post.number == 1 and post.body_html == "<p><strong>Vraag</strong></p>\n"
    open_group.refresh_from_db()
    assert (open_group.thread_count, open_group.post_count) == (1, 1)
    assert open_group.last_activity_at is not None
    assert ThreadFollow.objects.filter(thread=thread, member=author).exists()
    kinds = set(OutboxEntry.objects.values_list("kind", "object_id"))
    assert {("thread", thread.pk), ("post", post.pk)} <= kinds


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("Kort", "tekst", "minstens 5 tekens"),
        ("x" * 201, "tekst", "hoogstens 200 tekens"),
        ("Een goede titel", "   \u202e\u200f ", "Schrijf eerst een bericht"),
        ("Een goede titel", "a" * 20001, "hoogstens 20.000 tekens"),
    ],
)
def test_start_thread_refuses_bad_input_in_dutch_and_stores_nothing(
    author, open_group, title, body, message
):
    with pytest.raises(actions.ActionError) as excinfo:
        actions.start_thread(member=author, group=open_group, title=title, body=body)
    assert message in excinfo.value.message_text
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_bidi_and_control_characters_are_cleaned_from_posts(thread, author):
    post = actions.reply(member=author, thread=thread, body="Hallo\u202e\x00 wereld\r\n")
    assert post.body == "Hallo wereld"


def test_non_member_cannot_post_in_open_group(member, open_group, thread):
    with pytest.raises(PermissionDenied):
        actions.reply(member=member, thread=thread, body="Ik ben geen lid")
    assert thread.posts.count() == 1


def test_outsider_cannot_post_in_private_group(member, private_group, moderator):
    private_thread = factories.make_thread(group=private_group, author=moderator)
    with pytest.raises((PermissionDenied, Http404)):
        actions.reply(member=member, thread=private_thread, body="Hallo")


def test_reply_numbers_posts_per_thread_and_updates_thread(thread, author, open_group):
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    first = actions.reply(member=colleague, thread=thread, body="Eerste reactie")
    second = actions.reply(member=author, thread=thread, body="Tweede reactie")
    assert (first.number, second.number) == (2, 3)
    thread.refresh_from_db()
    assert (thread.last_number, thread.reply_count, thread.last_poster) == (3, 2, author)
    open_group.refresh_from_db()
    assert open_group.post_count == 3


def test_reply_to_locked_thread_is_refused(thread, author):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    thread.refresh_from_db()
    with pytest.raises(actions.ActionError, match="gesloten"):
        actions.reply(member=author, thread=thread, body="Toch nog iets")
    assert thread.posts.count() == 1


def test_moderator_may_reply_to_locked_thread(thread, moderator):
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    thread.refresh_from_db()
    post = actions.reply(member=moderator, thread=thread, body="Ter afsluiting")
    assert post.number == 2


def test_reply_to_hidden_thread_is_refused(thread, author):
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    thread.refresh_from_db()
    with pytest.raises((actions.ActionError, PermissionDenied)):
        actions.reply(member=author, thread=thread, body="Hallo")
    assert thread.posts.count() == 1


def test_suspended_member_cannot_post(thread, author):
    from datetime import timedelta

    from django.utils import timezone

    author.suspended_until = timezone.now() + timedelta(days=1)
    author.save()
    with pytest.raises(PermissionDenied, match="geschorst"):
        actions.reply(member=author, thread=thread, body="Hallo")


def test_quote_from_another_thread_is_refused(thread, author, open_group):
    other = factories.make_thread(group=open_group, author=author, title="Een ander onderwerp")
    with pytest.raises(actions.ActionError):
        actions.reply(member=author, thread=thread, body="Citaat", quoted_post=other.posts.get())


def test_rate_limit_refuses_fast_posting(settings, thread, author):
    settings.FORUM_RATE_LIMITS_ENABLED = True
    settings.FORUM_POST_INTERVAL, settings.FORUM_POST_BURST = 5, 2
    # The thread's first post counts as one.
    actions.reply(member=author, thread=thread, body="Twee")
    with pytest.raises(actions.RateLimited, match="Wacht 5 seconden"):
        actions.reply(member=author, thread=thread, body="Drie")
    assert thread.posts.count() == 2


def test_thread_rate_limit(settings, author, open_group):
    settings.FORUM_RATE_LIMITS_ENABLED = True
    settings.FORUM_THREAD_INTERVAL, settings.FORUM_THREAD_BURST = 30, 1
    settings.FORUM_POST_BURST = 10
    factories.make_thread(group=open_group, author=author)
    with pytest.raises(actions.RateLimited):
        factories.make_thread(group=open_group, author=author, title="Nog een onderwerp")
    assert Thread.objects.count() == 1


def test_followers_are_notified_of_replies_but_not_the_replier(thread, author, open_group):
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    actions.reply(member=colleague, thread=thread, body="Goed punt")
    note = Notification.objects.get()
    assert note.recipient == author and note.kind == NotificationKind.REPLY
    assert note.url.endswith("#post-2")


def test_mentions_notify_readers_only_and_render_links(open_group, author, private_group):
    reader = factories.MemberFactory(display_name="Chantal Visser")
    factories.add_to_group(reader, open_group)
    thread = factories.make_thread(group=open_group, author=author)
    factories.add_to_group(author, private_group)
    secret_thread = factories.make_thread(group=private_group, author=author, title="Geheim werk")
    post = actions.reply(member=author, thread=thread, body="Wat vind jij, @[chantal visser]?")
    assert list(PostMention.objects.filter(post=post).values_list("member", flat=True)) == [
        reader.pk
    ]
    assert f'href="/leden/{reader.pk}/"' in post.body_html
    assert Notification.objects.filter(recipient=reader, kind=NotificationKind.MENTION).exists()
    # Chantal is not in the private group: the mention there stays plain text.
    secret = actions.reply(member=author, thread=secret_thread, body="Hoi @[Chantal Visser]")
    assert not secret.mentions.exists()
    assert "href" not in secret.body_html
    assert Notification.objects.filter(recipient=reader).count() == 1


def test_more_than_ten_mentions_are_refused(thread, author):
    body = " ".join(f"@[Lid {n}]" for n in range(11))
    with pytest.raises(actions.ActionError, match="hoogstens 10"):
        actions.reply(member=author, thread=thread, body=body)


def test_new_thread_notifies_group_followers(open_group, author):
    follower = factories.MemberFactory()
    actions.follow_group(member=follower, group=open_group)
    thread = factories.make_thread(group=open_group, author=author)
    note = Notification.objects.get(recipient=follower)
    assert note.kind == NotificationKind.NEW_THREAD and note.thread == thread


def test_edit_keeps_revision_and_marks_post_edited(thread, author):
    post = thread.posts.get()
    actions.edit_post(member=author, post=post, body="Verbeterde tekst")
    post.refresh_from_db()
    assert post.body == "Verbeterde tekst" and post.edit_count == 1 and post.edited_at
    revision = post.revisions.get()
    assert revision.body == "Wie herkent dit?"


def test_editing_someone_elses_post_is_refused(thread, open_group):
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    with pytest.raises(PermissionDenied):
        actions.edit_post(member=colleague, post=thread.posts.get(), body="Gekaapt")


def test_delete_is_soft_and_updates_counters(thread, author, open_group):
    post = actions.reply(member=author, thread=thread, body="Per ongeluk")
    actions.delete_post(member=author, post=post)
    post.refresh_from_db()
    thread.refresh_from_db()
    open_group.refresh_from_db()
    assert post.is_deleted and post.body == "Per ongeluk"
    assert thread.reply_count == 0 and open_group.post_count == 1
    assert OutboxEntry.objects.filter(kind="post", object_id=post.pk, action="delete").exists()


def test_moderator_may_delete_others_posts_member_may_not(thread, moderator, open_group):
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        actions.delete_post(member=colleague, post=post)
    actions.delete_post(member=moderator, post=post)
    assert Post.objects.get(pk=post.pk).is_deleted


def test_join_and_leave_open_group(member, open_group):
    actions.join_group(member=member, group=open_group)
    open_group.refresh_from_db()
    assert open_group.member_count == 1
    actions.leave_group(member=member, group=open_group)
    open_group.refresh_from_db()
    assert open_group.member_count == 0


def test_closed_group_needs_a_request_that_a_moderator_decides(member, closed_group, moderator):
    with pytest.raises(actions.ActionError, match="besloten"):
        actions.join_group(member=member, group=closed_group)
    request = actions.request_to_join(member=member, group=closed_group, message="Graag")
    assert actions.request_to_join(member=member, group=closed_group) == request
    outsider = factories.MemberFactory()
    with pytest.raises(PermissionDenied):
        actions.decide_join_request(moderator=outsider, request=request, approve=True)
    actions.decide_join_request(moderator=moderator, request=request, approve=True)
    assert GroupMembership.objects.filter(group=closed_group, member=member).exists()
    note = Notification.objects.get(recipient=member)
    assert note.kind == NotificationKind.JOIN_DECISION and "lid" in note.text
    with pytest.raises(actions.ActionError):
        actions.decide_join_request(moderator=moderator, request=request, approve=False)


def test_refused_request_notifies_and_adds_nobody(member, closed_group, moderator):
    request = actions.request_to_join(member=member, group=closed_group)
    actions.decide_join_request(moderator=moderator, request=request, approve=False)
    assert JoinRequest.objects.get().status == RequestStatus.REFUSED
    assert not GroupMembership.objects.filter(group=closed_group, member=member).exists()
    assert Notification.objects.filter(recipient=member).exists()


def test_private_group_is_by_invitation_only(member, private_group, moderator):
    with pytest.raises(Http404):
        actions.join_group(member=member, group=private_group)
    with pytest.raises(Http404):
        actions.request_to_join(member=member, group=private_group)
    invitation = actions.invite(inviter=moderator, group=private_group, member=member)
    assert Notification.objects.filter(recipient=member, kind="invitation").exists()
    intruder = factories.MemberFactory()
    with pytest.raises(Http404):
        actions.accept_invitation(member=intruder, invitation=invitation)
    actions.accept_invitation(member=member, invitation=invitation)
    assert ThinkGroup.objects.readable_by(member).filter(pk=private_group.pk).exists()


def test_remove_member_and_set_role(member, open_group, moderator):
    actions.join_group(member=member, group=open_group)
    actions.set_group_role(
        moderator=moderator, group=open_group, member=member, role=GroupRole.MODERATOR
    )
    assert GroupMembership.objects.get(group=open_group, member=member).role == "moderator"
    actions.remove_member(moderator=moderator, group=open_group, member=member)
    assert not GroupMembership.objects.filter(group=open_group, member=member).exists()


def test_mark_read_never_goes_back(thread, author):
    actions.reply(member=author, thread=thread, body="Twee")
    actions.mark_read(member=author, thread=thread, number=1)
    assert ReadState.objects.get(member=author, thread=thread).last_read_number == 2
    colleague = factories.MemberFactory()
    actions.mark_read(member=colleague, thread=thread, number=99)
    assert ReadState.objects.get(member=colleague, thread=thread).last_read_number == 2


def test_follow_and_unfollow(thread, member):
    actions.follow_thread(member=member, thread=thread)
    assert ThreadFollow.objects.filter(member=member, thread=thread).exists()
    actions.unfollow_thread(member=member, thread=thread)
    assert not ThreadFollow.objects.filter(member=member, thread=thread).exists()


@pytest.fixture
def memory_layer(settings):
    """A real in-process channel layer (the Redis layer is the live engineer's to test)."""
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()
    yield get_channel_layer()
    channel_layers.backends.clear()


def test_events_are_published_after_commit(
    thread, author, memory_layer, django_capture_on_commit_callbacks
):
    layer = memory_layer
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"thread.{thread.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True):
        post = actions.reply(member=author, thread=thread, body="Live")
    received = [async_to_sync(layer.receive)(channel) for _ in range(2)]
    expected = {
        "type": "post.event",
        "event": "created",
        "thread_id": thread.pk,
        "post_id": post.pk,
        "number": 2,
    }
    assert any(expected.items() <= message.items() for message in received), received


def test_access_changed_reaches_the_members_channel(
    member, open_group, memory_layer, django_capture_on_commit_callbacks
):
    layer = memory_layer
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(f"member.{member.pk}", channel)
    with django_capture_on_commit_callbacks(execute=True):
        actions.join_group(member=member, group=open_group)
    message = async_to_sync(layer.receive)(channel)
    assert {"type": "access.changed", "reason": "joined"}.items() <= message.items()


def test_no_mail_is_sent_inside_the_request(thread, open_group):
    colleague = factories.MemberFactory()
    factories.add_to_group(colleague, open_group)
    actions.reply(member=colleague, thread=thread, body="Reactie")
    assert mail.outbox == []
