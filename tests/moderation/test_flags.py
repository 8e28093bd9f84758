"""Flags: one per member per post, automatic hiding at the threshold, dismissal."""

import pytest
from django.core.exceptions import PermissionDenied

from community.models import Notification
from groups.actions import ActionError
from groups.models import Post
from groups.moderation import actions
from groups.moderation.models import ActionKind, Flag, ModerationAction, ModerationSettings
from tests import factories


@pytest.fixture
def reporters(group):
    people = [factories.MemberFactory(display_name=f"Melder {n}") for n in range(4)]
    for person in people:
        factories.add_to_group(person, group)
    return people


@pytest.mark.django_db
def test_post_is_hidden_only_when_the_threshold_of_distinct_reporters_is_reached(
    post, reporters, author
):
    for person in reporters[:2]:
        actions.flag_post(member=person, post=post, reason="inappropriate")
    post.refresh_from_db()
    assert not post.is_hidden
    actions.flag_post(member=reporters[2], post=post, reason="spam")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_by is None
    assert "3 leden" in post.hidden_reason
    entry = ModerationAction.objects.get(kind=ActionKind.AUTO_HIDE)
    assert entry.actor is None and entry.post == post
    assert Notification.objects.filter(recipient=author, text__contains="verborgen").exists()


@pytest.mark.django_db
def test_threshold_is_configurable_by_the_bureau(post, reporters, settings):
    settings.MODERATION_AUTO_HIDE_THRESHOLD = 5
    config = ModerationSettings.load()
    config.auto_hide_threshold = 1
    config.save()
    actions.flag_post(member=reporters[0], post=post, reason="spam")
    post.refresh_from_db()
    assert post.is_hidden


@pytest.mark.django_db
def test_a_member_flags_a_post_once(post, reader):
    actions.flag_post(member=reader, post=post, reason="personal_data")
    with pytest.raises(ActionError, match="al gemeld"):
        actions.flag_post(member=reader, post=post, reason="spam")
    assert Flag.objects.count() == 1


@pytest.mark.django_db
def test_flag_needs_a_known_reason_and_text_for_other(post, reader):
    with pytest.raises(ActionError, match="Kies een reden"):
        actions.flag_post(member=reader, post=post, reason="<script>")
    with pytest.raises(ActionError, match="Leg kort uit"):
        actions.flag_post(member=reader, post=post, reason="other", text="  ")
    flag = actions.flag_post(member=reader, post=post, reason="other", text="Klopt niet")
    assert flag.get_reason_display() == "anders"
    assert str(flag.post) == str(post)


@pytest.mark.django_db
def test_own_posts_and_unreadable_posts_cannot_be_flagged(post, author, private_post_setup):
    with pytest.raises(ActionError):
        actions.flag_post(member=author, post=post, reason="spam")
    private_post, outsider = private_post_setup
    with pytest.raises(PermissionDenied):
        actions.flag_post(member=outsider, post=private_post, reason="spam")
    assert not Flag.objects.exists()


@pytest.fixture
def private_post_setup(db):
    secret = factories.ThinkGroupFactory(name="Geheim", visibility="private")
    insider = factories.MemberFactory()
    factories.add_to_group(insider, secret)
    thread = factories.make_thread(group=secret, author=insider, title="Binnenskamers")
    return thread.posts.get(), factories.MemberFactory()


@pytest.mark.django_db
def test_dismissing_flags_brings_an_automatically_hidden_post_back(
    post, reporters, moderator, settings
):
    settings.MODERATION_AUTO_HIDE_THRESHOLD = 2
    for person in reporters[:2]:
        actions.flag_post(member=person, post=post, reason="spam")
    assert Post.objects.get(pk=post.pk).is_hidden
    assert actions.dismiss_flags(moderator=moderator, post=post, reason="Geen spam") == 2
    post.refresh_from_db()
    assert not post.is_hidden
    assert Flag.objects.open().count() == 0
    entry = ModerationAction.objects.get(kind=ActionKind.DISMISS)
    assert entry.before["open_flags"] == 2 and entry.before["is_hidden"] is True
    assert entry.after["is_hidden"] is False


@pytest.mark.django_db
def test_dismissing_does_not_unhide_a_post_a_moderator_hid(post, reader, moderator):
    actions.flag_post(member=reader, post=post, reason="spam")
    actions.hide_post(moderator=moderator, post=post, reason="Spam")
    actions.dismiss_flags(moderator=moderator, post=post)
    post.refresh_from_db()
    assert post.is_hidden
