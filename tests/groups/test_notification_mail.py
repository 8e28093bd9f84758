"""Notifications outside the page: e-mail batched per thread, join requests reaching the
group's moderators, and a deleted member no longer named in anyone's notifications."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community.actions import delete_account
from community.models import EmailMode, Notification, NotificationKind
from groups import actions, notifications
from groups.models import GroupRole
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(open_group):
    people = [factories.MemberFactory(display_name=f"Collega {n}") for n in range(3)]
    for person in people:
        factories.add_to_group(person, open_group)
    return people


def test_a_busy_thread_sends_one_mail_per_ten_minutes_with_the_rest_folded_in(author, busy, thread):
    author.email_mode = EmailMode.EACH
    author.save()
    start = timezone.now()
    actions.reply(member=busy[0], thread=thread, body="De eerste reactie")
    assert notifications.send_event_mail(now=start) == 1
    for n in range(13):
        actions.reply(member=busy[n % 3], thread=thread, body=f"Nog een reactie {n}")
    # Within ten minutes of the first mail: nothing, however many rounds the worker runs.
    for minutes in (1, 3, 5, 9):
        assert notifications.send_event_mail(now=start + timedelta(minutes=minutes)) == 0
    assert len(mail.outbox) == 1
    assert notifications.send_event_mail(now=start + timedelta(minutes=11)) == 1
    assert len(mail.outbox) == 2
    folded = mail.outbox[1]
    assert "Collega 0 en 2 anderen reageerden in" in folded.body
    assert "#post-3" in folded.body  # the first reply not mailed yet
    assert not Notification.objects.filter(recipient=author, emailed_at__isnull=True).exists()


def test_other_threads_are_not_held_back_by_a_busy_one(author, busy, thread, open_group):
    author.email_mode = EmailMode.EACH
    author.save()
    other = factories.make_thread(group=open_group, author=author, title="Ander onderwerp")
    actions.reply(member=busy[0], thread=thread, body="Een")
    assert notifications.send_event_mail() == 1
    actions.reply(member=busy[1], thread=other, body="Twee")
    assert notifications.send_event_mail() == 1
    assert "Ander onderwerp" in mail.outbox[1].subject


def test_moderators_hear_of_a_join_request_by_bell_mail_and_a_badge(client, closed_group):
    moderator = factories.MemberFactory(display_name="Mara Moderator", email_mode=EmailMode.EACH)
    factories.add_to_group(moderator, closed_group, role=GroupRole.MODERATOR)
    plain = factories.MemberFactory(display_name="Gewoon Lid")
    factories.add_to_group(plain, closed_group)
    asker = factories.MemberFactory(display_name="Sanne Smit")
    actions.request_to_join(member=asker, group=closed_group, message="Graag!")
    note = Notification.objects.get(kind=NotificationKind.JOIN_REQUEST)
    assert note.recipient == moderator
    assert "Sanne Smit" in note.text and closed_group.name in note.text
    assert not Notification.objects.filter(recipient=plain).exists()
    assert notifications.send_event_mail() == 1
    assert mail.outbox[0].to == [moderator.email]
    client.force_login(moderator)
    page = client.get(closed_group.get_absolute_url()).content.decode()
    assert 'data-open-requests="1"' in page and "1 verzoek" in page
    client.force_login(plain)
    assert "data-open-requests" not in client.get(closed_group.get_absolute_url()).content.decode()


def test_after_deletion_the_name_is_gone_from_others_notifications_and_mail(
    client, author, busy, thread
):
    bram = factories.MemberFactory(display_name="Bram Jansen")
    factories.add_to_group(bram, thread.group)
    author.email_mode = EmailMode.EACH
    author.save()
    actions.reply(member=bram, thread=thread, body="Wat vind jij, @[Anouk de Vries]?")
    actions.reply(member=bram, thread=thread, body="Nog een")
    actions.reply(member=busy[0], thread=thread, body="En ik")
    assert Notification.objects.filter(recipient=author, text__contains="Bram Jansen").exists()
    delete_account(bram, PASSWORD)
    client.force_login(author)
    page = client.get(reverse("groups:notifications")).content.decode()
    dropdown = client.get(reverse("groups:notifications_latest")).json()["html"]
    notifications.send_event_mail()
    mailed = " ".join(m.subject + m.body for m in mail.outbox)
    for shown in (page, dropdown, mailed):
        assert "Bram Jansen" not in shown
        assert "voormalig lid" in shown
    assert not Notification.objects.filter(text__contains="Bram Jansen").exists()


def test_replying_makes_you_follow_the_thread(author, busy, thread):
    actions.reply(member=busy[0], thread=thread, body="Ik doe mee")
    actions.reply(member=author, thread=thread, body="Welkom")
    assert Notification.objects.filter(
        recipient=busy[0], kind=NotificationKind.REPLY, thread=thread
    ).exists()
