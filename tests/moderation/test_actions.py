"""Moderation write functions: who may do what, what the log keeps, what the author hears."""

import pytest
from django.core.exceptions import PermissionDenied

from community.models import Notification, NotificationKind
from groups import actions as forum
from groups.actions import ActionError
from groups.models import Post, PostRevision, Thread
from groups.moderation import actions
from groups.moderation.models import ActionKind, Flag, GroupSuspension, ModerationAction
from tests import factories

# Each action with the keyword arguments it needs besides the actor; "target" is resolved
# from the fixtures in the test below.
ACTIONS = {
    "hide_post": lambda a, post, **_: actions.hide_post(
        moderator=a, post=post, reason="Te persoonlijk"
    ),
    "unhide_post": lambda a, post, **_: actions.unhide_post(moderator=a, post=post),
    "redact_post": lambda a, post, **_: actions.redact_post(
        moderator=a, post=post, passage="herberekening", reason="Herleidbaar"
    ),
    "dismiss_flags": lambda a, post, **_: actions.dismiss_flags(moderator=a, post=post),
    "lock_thread": lambda a, post, **_: actions.lock_thread(moderator=a, thread=post.thread),
    "unlock_thread": lambda a, post, **_: actions.unlock_thread(moderator=a, thread=post.thread),
    "pin_thread": lambda a, post, **_: actions.pin_thread(moderator=a, thread=post.thread),
    "unpin_thread": lambda a, post, **_: actions.unpin_thread(moderator=a, thread=post.thread),
    "move_thread": lambda a, post, other_group, **_: actions.move_thread(
        moderator=a, thread=post.thread, target=other_group
    ),
    "suspend_in_group": lambda a, post, victim, **_: actions.suspend_member(
        moderator=a, member=victim, days=7, reason="Herhaaldelijk ongepast", group=post.thread.group
    ),
    "warn_member": lambda a, post, victim, **_: actions.warn_member(
        moderator=a, member=victim, reason="Let op je toon", post=post
    ),
}  # fmt: skip


def _prepare(name, post):
    """Bring the post/thread into the state the action undoes."""
    if name == "unhide_post":
        Post.objects.filter(pk=post.pk).update(is_hidden=True, hidden_reason="eerder")
    if name == "unlock_thread":
        Thread.objects.filter(pk=post.thread_id).update(is_locked=True)
    if name == "unpin_thread":
        Thread.objects.filter(pk=post.thread_id).update(is_pinned=True)
    post.refresh_from_db()
    post.thread.refresh_from_db()


def _snapshot(post):
    post.refresh_from_db()
    thread = Thread.objects.get(pk=post.thread_id)
    return (
        post.body,
        post.is_hidden,
        thread.is_locked,
        thread.is_pinned,
        thread.group_id,
        GroupSuspension.objects.count(),
        Notification.objects.filter(kind=NotificationKind.MODERATION).count(),
        ModerationAction.objects.count(),
    )


@pytest.fixture
def victim(group):
    person = factories.MemberFactory(display_name="Eva Schrijver")
    factories.add_to_group(person, group)
    return person


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("who", ["reader", "other_moderator"])
@pytest.mark.django_db
def test_members_and_moderators_of_other_groups_are_refused_and_nothing_changes(
    request, name, who, post, other_group, victim
):
    _prepare(name, post)
    # The moderator of the other group may also move into it; they are refused on the
    # source group all the same.
    actor = request.getfixturevalue(who)
    before = _snapshot(post)
    with pytest.raises(PermissionDenied):
        ACTIONS[name](actor, post, other_group=other_group, victim=victim)
    assert _snapshot(post) == before


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("who", ["moderator", "bureau"])
@pytest.mark.django_db
def test_group_moderators_and_the_bureau_may_act_and_it_is_logged(
    request, name, who, post, other_group, victim, settings
):
    _prepare(name, post)
    actor = request.getfixturevalue(who)
    if name == "move_thread" and who == "moderator":
        # Moving needs the target group moderated too.
        factories.add_to_group(actor, other_group, role="moderator")
    before = _snapshot(post)
    ACTIONS[name](actor, post, other_group=other_group, victim=victim)
    assert _snapshot(post) != before
    entry = ModerationAction.objects.order_by("-id").first()
    assert entry.actor == actor


@pytest.mark.django_db
def test_platform_suspension_and_unscoped_warning_are_for_the_bureau_only(
    moderator, bureau, victim
):
    with pytest.raises(PermissionDenied):
        actions.suspend_member(moderator=moderator, member=victim, days=3, reason="Spam")
    with pytest.raises(PermissionDenied):
        actions.warn_member(moderator=moderator, member=victim, reason="Spam")
    assert victim.suspensions.count() == 0
    actions.suspend_member(moderator=bureau, member=victim, days=3, reason="Spam")
    victim.refresh_from_db()
    assert victim.is_suspended


@pytest.mark.django_db
def test_moving_to_a_group_the_moderator_does_not_moderate_is_refused(moderator, post, other_group):
    with pytest.raises(PermissionDenied):
        actions.move_thread(moderator=moderator, thread=post.thread, target=other_group)
    assert Thread.objects.get(pk=post.thread_id).group_id == post.thread.group_id


@pytest.mark.django_db
def test_hide_logs_before_and_after_and_tells_the_author_the_reason(moderator, post, author):
    actions.hide_post(moderator=moderator, post=post, reason="Noemt de naam van een cliënt")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_by == moderator
    entry = ModerationAction.objects.get(kind=ActionKind.HIDE)
    assert entry.reason == "Noemt de naam van een cliënt"
    assert entry.before["is_hidden"] is False and entry.after["is_hidden"] is True
    assert (entry.post, entry.thread, entry.member) == (post, post.thread, author)
    note = Notification.objects.get(recipient=author, kind=NotificationKind.MODERATION)
    assert "Noemt de naam van een cliënt" in note.text
    assert note.url == post.get_absolute_url()
    # Readers no longer see it; the group's moderator still does.
    reader = factories.MemberFactory()
    assert not Post.objects.readable_by(reader).filter(pk=post.pk).exists()
    assert Post.objects.readable_by(moderator).filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_hide_without_a_reason_is_refused(moderator, post):
    with pytest.raises(ActionError, match="reden"):
        actions.hide_post(moderator=moderator, post=post, reason="  ")
    post.refresh_from_db()
    assert not post.is_hidden


@pytest.mark.django_db
def test_redaction_keeps_the_original_only_in_the_log(moderator, author, thread):
    post = forum.reply(member=author, thread=thread, body="Meneer Pietersen uit de Dorpsstraat.")
    forum.edit_post(member=author, post=post, body="Meneer Pietersen uit de Dorpsstraat, 70 jaar.")
    actions.redact_post(moderator=moderator, post=post, passage="Pietersen", reason="Herleidbaar")
    post.refresh_from_db()
    assert "Pietersen" not in post.body and "Pietersen" not in post.body_html
    assert "[verwijderd door een moderator]" in post.body
    assert (
        PostRevision.objects.filter(post=post, is_hidden=False, body__contains="Pietersen").count()
        == 0
    )
    entry = ModerationAction.objects.get(kind=ActionKind.REDACT)
    assert "Pietersen" in entry.before["body"] and "Pietersen" not in entry.after["body"]
    assert Notification.objects.filter(recipient=author, text__contains="Herleidbaar").exists()


@pytest.mark.django_db
def test_redacting_a_passage_that_is_not_there_is_refused(moderator, post):
    body = post.body
    with pytest.raises(ActionError, match="komt niet voor"):
        actions.redact_post(moderator=moderator, post=post, passage="bestaat niet", reason="x")
    post.refresh_from_db()
    assert post.body == body and not ModerationAction.objects.exists()


@pytest.mark.django_db
def test_locked_thread_refuses_replies_of_members(moderator, thread, reader):
    actions.lock_thread(moderator=moderator, thread=thread, reason="Uitgepraat")
    with pytest.raises(ActionError, match="gesloten"):
        forum.reply(member=reader, thread=thread, body="Nog één ding")
    entry = ModerationAction.objects.get(kind=ActionKind.LOCK)
    assert entry.before["is_locked"] is False and entry.after["is_locked"] is True


@pytest.mark.django_db
def test_move_thread_updates_counters_and_logs_both_groups(bureau, post, group, other_group):
    thread = post.thread
    group.refresh_from_db()
    counts = (group.thread_count, group.post_count)
    actions.move_thread(
        moderator=bureau, thread=thread, target=other_group.slug, reason="Past beter"
    )
    group.refresh_from_db()
    other_group.refresh_from_db()
    assert Thread.objects.get(pk=thread.pk).group == other_group
    assert (group.thread_count, group.post_count) == (counts[0] - 1, counts[1] - 2)
    assert (other_group.thread_count, other_group.post_count) == (1, 2)
    entry = ModerationAction.objects.get(kind=ActionKind.MOVE)
    assert entry.before["group_id"] == group.pk and entry.after["group_id"] == other_group.pk


@pytest.mark.parametrize("target", ["bestaat-niet", "999999", "", "<script>"])
@pytest.mark.django_db
def test_move_to_a_non_existent_group_gets_a_dutch_message(bureau, thread, target):
    with pytest.raises(ActionError, match="Er is geen denkgroep"):
        actions.move_thread(moderator=bureau, thread=thread, target=target)
    assert Thread.objects.get(pk=thread.pk).group_id == thread.group_id


@pytest.mark.parametrize("days", [0, -3, "-1", "drie", None, 10000])
@pytest.mark.django_db
def test_suspension_with_a_bad_period_gets_a_dutch_message(bureau, victim, days):
    with pytest.raises(ActionError, match="dag"):
        actions.suspend_member(moderator=bureau, member=victim, days=days, reason="Spam")
    victim.refresh_from_db()
    assert victim.suspended_until is None and not GroupSuspension.objects.exists()


@pytest.mark.django_db
def test_group_suspension_stops_posting_in_that_group_only(moderator, victim, thread, other_group):
    actions.suspend_member(
        moderator=moderator, member=victim, days=2, reason="Ongepast", group=thread.group
    )
    with pytest.raises(PermissionDenied, match="geschorst"):
        forum.reply(member=victim, thread=thread, body="Mag ik nog iets zeggen?")
    factories.add_to_group(victim, other_group)
    other = factories.make_thread(group=other_group, author=victim, title="Elders gaat het wel")
    assert other.pk
    note = Notification.objects.get(recipient=victim, kind=NotificationKind.MODERATION)
    assert "Ongepast" in note.text and "2 dagen" in note.text


@pytest.mark.django_db
def test_platform_suspension_sets_suspended_until_and_stops_posting(bureau, victim, thread):
    suspension = actions.suspend_member(moderator=bureau, member=victim, days=5, reason="Spam")
    victim.refresh_from_db()
    assert victim.suspended_until == suspension.until
    with pytest.raises(PermissionDenied):
        forum.reply(member=victim, thread=thread, body="Hallo")
    entry = ModerationAction.objects.get(kind=ActionKind.SUSPEND)
    assert (
        entry.member == victim
        and entry.after["days"] == 5
        and entry.before["suspended_until"] is None
    )


@pytest.mark.django_db
def test_bureau_members_cannot_be_suspended(bureau, moderator, group):
    other_bureau = factories.MemberFactory(roles=["Bureau"])
    with pytest.raises(ActionError):
        actions.suspend_member(moderator=bureau, member=other_bureau, days=1, reason="x")
    with pytest.raises(ActionError):
        actions.suspend_member(
            moderator=moderator, member=moderator, days=1, reason="x", group=group
        )


@pytest.mark.django_db
def test_warning_is_a_private_notification_with_the_reason(moderator, victim, post):
    actions.warn_member(
        moderator=moderator, member=victim, reason="Blijf bij het onderwerp", post=post
    )
    note = Notification.objects.get(recipient=victim)
    assert note.kind == NotificationKind.MODERATION and "Blijf bij het onderwerp" in note.text
    assert not Notification.objects.exclude(recipient=victim).filter(kind="moderation").exists()
    assert ModerationAction.objects.get(kind=ActionKind.WARN).member == victim


@pytest.mark.django_db
def test_hiding_resolves_open_flags(moderator, post, reader):
    actions.flag_post(member=reader, post=post, reason="inappropriate")
    actions.hide_post(moderator=moderator, post=post, reason="Ongepast")
    flag = Flag.objects.get()
    assert flag.resolved_by == moderator and flag.resolution == "hidden"
