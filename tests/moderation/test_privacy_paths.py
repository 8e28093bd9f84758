"""The privacy guard on every write path: the write functions, the forms, the API, the socket."""

import pytest
from django.urls import reverse

from core.privacy import PrivacyCheckRequired
from groups import actions as forum
from groups.models import Post, Thread
from groups.moderation.models import ModerationSettings

PERSONAL = "Cliënt belde, BSN 123.456.782, over de aflossing."


@pytest.mark.django_db
def test_reply_with_a_bsn_is_refused_until_confirmed(thread, reader):
    with pytest.raises(PrivacyCheckRequired, match=r"regel 1: een BSN \(123…782\)"):
        forum.reply(member=reader, thread=thread, body=PERSONAL)
    assert not Post.objects.filter(author=reader).exists()
    post = forum.reply(member=reader, thread=thread, body=PERSONAL, confirm_privacy=True)
    assert [f["kind"] for f in post.privacy_findings] == ["bsn"]
    assert not post.is_held


@pytest.mark.django_db
def test_start_thread_and_edit_are_checked_too(group, author):
    with pytest.raises(PrivacyCheckRequired):
        forum.start_thread(member=author, group=group, title="Een casus", body=PERSONAL)
    assert not Thread.objects.filter(title="Een casus").exists()
    thread = forum.start_thread(member=author, group=group, title="Een casus", body="Schoon.")
    first = thread.posts.get()
    with pytest.raises(PrivacyCheckRequired, match="IBAN"):
        forum.edit_post(member=author, post=first, body="Rekening NL91 ABNA 0417 1643 00")
    first.refresh_from_db()
    assert first.body == "Schoon."
    forum.edit_post(
        member=author, post=first, body="Rekening NL91 ABNA 0417 1643 00", confirm_privacy=True
    )
    first.refresh_from_db()
    assert first.privacy_findings[0]["masked"] == "NL91…00"


@pytest.mark.django_db
def test_in_hold_mode_a_confirmed_post_waits_for_review(thread, reader, author, moderator):
    config = ModerationSettings.load()
    config.privacy_guard_mode = "hold"
    config.save()
    post = forum.reply(member=reader, thread=thread, body=PERSONAL, confirm_privacy=True)
    assert post.is_held
    assert not Post.objects.readable_by(author).filter(pk=post.pk).exists()
    assert Post.objects.readable_by(reader).filter(pk=post.pk).exists()
    assert Post.objects.readable_by(moderator).filter(pk=post.pk).exists()


@pytest.mark.django_db
def test_reply_form_shows_the_warning_and_a_confirm_checkbox(client, thread, reader):
    client.force_login(reader)
    url = reverse("groups:reply", kwargs={"pk": thread.pk})
    response = client.post(url, {"body": PERSONAL})
    assert response.status_code == 400
    page = response.content.decode()
    assert "regel 1: een BSN (123…782)" in page
    assert 'type="checkbox" name="confirm_privacy"' in page
    assert not Post.objects.filter(author=reader).exists()
    response = client.post(url, {"body": PERSONAL, "confirm_privacy": "on"})
    assert response.status_code == 302
    assert Post.objects.get(author=reader).privacy_findings


@pytest.mark.django_db
def test_reply_form_without_findings_shows_no_checkbox(client, thread, reader):
    client.force_login(reader)
    response = client.post(reverse("groups:reply", kwargs={"pk": thread.pk}), {"body": ""})
    assert 'type="checkbox" name="confirm_privacy"' not in response.content.decode()


@pytest.mark.django_db
def test_api_refuses_with_a_code_and_accepts_with_confirmation(client, thread, reader):
    client.force_login(reader)
    url = f"/api/threads/{thread.pk}/posts"
    response = client.post(url, {"body": PERSONAL}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "privacy_check_required"
    assert "een BSN" in response.json()["detail"]
    response = client.post(
        url, {"body": PERSONAL, "confirm_privacy": True}, content_type="application/json"
    )
    assert response.status_code == 201


@pytest.mark.django_db
def test_new_thread_form_shows_the_dutch_confirmation_below_the_message(client, thread, reader):
    client.force_login(reader)
    url = reverse("groups:new_thread", kwargs={"slug": thread.group.slug})
    response = client.post(url, {"title": "Een vraag", "body": PERSONAL})
    page = response.content.decode()
    assert "Confirm privacy" not in page
    assert "Ik heb dit gecontroleerd" in page
    # The checkbox follows the title and the message, just above the button.
    assert (
        page.index('name="title"')
        < page.index('name="body"')
        < page.index('name="confirm_privacy"')
    )
