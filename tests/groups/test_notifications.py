"""Notification e-mail: per event or as the daily digest, sent by the worker, never inline."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.models import EmailMode, Notification
from groups import actions, notifications
from groups.jobs import JOBS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(open_group):
    person = factories.MemberFactory(display_name="Chantal Visser")
    factories.add_to_group(person, open_group)
    return person


def test_worker_sends_one_mail_per_event_for_members_who_want_that(author, colleague, thread):
    author.email_mode = EmailMode.EACH
    author.save()
    actions.reply(member=colleague, thread=thread, body="Een reactie")
    assert mail.outbox == []
    assert notifications.send_event_mail() == 1
    assert mail.outbox[0].to == [author.email]
    assert "Chantal Visser reageerde in" in mail.outbox[0].subject
    assert "#post-2" in mail.outbox[0].body
    assert notifications.send_event_mail() == 0


def test_digest_groups_notifications_per_thread_and_skips_read_ones(
    author, colleague, thread, open_group
):
    other = factories.make_thread(group=open_group, author=author, title="Tweede onderwerp")
    actions.reply(member=colleague, thread=thread, body="Een")
    actions.reply(member=colleague, thread=other, body="Twee")
    actions.reply(member=colleague, thread=other, body="Drie")
    read = Notification.objects.filter(thread=thread).get()
    notifications.mark_read(member=author, ids=[read.pk])
    yesterday = timezone.now() - timedelta(days=1)
    Notification.objects.update(created_at=yesterday)
    morning = timezone.make_aware(
        datetime.combine(timezone.localdate(), datetime.min.time()).replace(hour=9)
    )
    assert notifications.send_digests(now=morning) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert "== Tweede onderwerp ==" in message.body
    assert message.body.count("reageerde in") == 2
    assert thread.title not in message.body
    assert notifications.send_digests(now=morning) == 0


def test_no_digest_before_the_digest_hour(author, colleague, thread):
    actions.reply(member=colleague, thread=thread, body="Vroeg")
    early = timezone.make_aware(
        datetime.combine(timezone.localdate(), datetime.min.time()).replace(hour=5)
    )
    assert notifications.send_digests(now=early) == 0


def test_members_without_mail_get_none(author, colleague, thread):
    author.email_mode = EmailMode.NONE
    author.save()
    actions.reply(member=colleague, thread=thread, body="Stil")
    assert notifications.send_event_mail() == 0
    assert mail.outbox == []


def test_jobs_are_registered_for_the_worker():
    assert {job.name for job in JOBS} >= {"notification_mail", "notification_digest"}


def test_reply_to_a_thread_moved_private_meanwhile_reaches_only_its_new_readers(
    author, colleague, thread, private_group
):
    """A reply resolves its audience before taking the thread's lock; when the thread was
    moved into a private group in between, it addresses the readers it has now."""
    from groups.models import Thread, ThreadFollow

    outsider = factories.MemberFactory(display_name="Olga Buiten")
    factories.add_to_group(outsider, thread.group)
    ThreadFollow.objects.create(thread=thread, member=outsider)
    factories.add_to_group(colleague, private_group)
    stale = Thread.objects.select_related("group").get(pk=thread.pk)
    Thread.objects.filter(pk=thread.pk).update(group=private_group)
    actions.reply(member=colleague, thread=stale, body="Vraag aan @Olga Buiten over de toeslag")
    assert not Notification.objects.filter(recipient=outsider).exists()
    # A follower who may read the private group hears of the next reply.
    factories.add_to_group(author, private_group)
    actions.reply(member=colleague, thread=stale, body="Nog een reactie")
    assert not Notification.objects.filter(recipient=outsider).exists()
    assert Notification.objects.filter(recipient=author, kind="reply").exists()
