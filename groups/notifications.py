"""Notifications: in-app rows written inside a transaction, e-mail sent later by the worker.

``notify`` is called by the write functions (groups.actions) inside their transaction;
the live bell learns about it through ``groups.events.notify_member`` after commit.
E-mail never leaves during a request: ``send_event_mail`` (members who want an e-mail per
event) and ``send_digests`` (the daily digest, grouped per thread) run in the worker.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from community.models import EmailMode, Member, Notification

logger = logging.getLogger(__name__)


def notify(
    recipients: Iterable[Member],
    *,
    kind: str,
    text: str,
    url: str = "",
    actor: Member | None = None,
    group=None,
    thread=None,
    post=None,
) -> list[Notification]:
    """Write one notification per recipient (never to the actor) and push it live."""
    from groups import events

    actor_id = actor.pk if actor else None
    rows = [
        Notification(
            recipient=recipient,
            kind=kind,
            actor=actor,
            group=group,
            thread=thread,
            post=post,
            text=text[:300],
            url=url[:500],
        )
        for recipient in {r.pk: r for r in recipients if r.pk != actor_id}.values()
    ]
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    for row in rows:
        events.notify_member(
            row.recipient_id,
            {"event": "notification", "kind": kind, "text": row.text, "url": row.url},
        )
    return rows


def unread_count(member) -> int:
    if not getattr(member, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def mark_read(*, member: Member, ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read (all of them when ``ids`` is None)."""
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    with transaction.atomic():
        count = unread.update(read_at=timezone.now())
        if count:
            from groups import events

            events.notify_member(member.pk, {"event": "notifications_read", "count": count})
    return count


def _absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _deliver(member: Member, subject: str, template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {"member": member, **context})
    send_mail(subject, body, None, [member.email])


# At most one e-mail per thread per member in this window; what arrives meanwhile is
# folded into the next one (one busy thread must not send an e-mail per reply).
MAIL_WINDOW = timedelta(minutes=10)


def _mail_batches(pending: list[Notification], now: datetime) -> list[list[Notification]]:
    """``pending`` per (member, thread), minus the threads mailed to that member within
    ``MAIL_WINDOW`` (they wait and fold in). A notification without thread goes alone."""
    batches: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for note in pending:
        batches[(note.recipient_id, note.thread_id or -note.pk)].append(note)
    thread_ids = {note.thread_id for note in pending if note.thread_id}
    recent = set(
        Notification.objects.filter(
            recipient_id__in={note.recipient_id for note in pending},
            thread_id__in=thread_ids,
            emailed_at__gte=now - MAIL_WINDOW,
        ).values_list("recipient_id", "thread_id")
    )
    return [notes for key, notes in batches.items() if key not in recent]


def _send_batch(notes: list[Notification]) -> None:
    from . import inbox

    member = notes[0].recipient
    with translation.override(settings.LANGUAGE_CODE):
        entries = inbox.group(sorted(notes, key=lambda n: (n.created_at, n.pk), reverse=True))
        subject = _("Samendenk: %(text)s") % {"text": entries[0].text}
        if len(entries) > 1:
            subject = _("Samendenk: %(count)s notifications in “%(title)s”") % {
                "count": len(notes),
                "title": notes[0].thread.title,
            }
    _deliver(
        member,
        subject[:150],
        "groups/email/notification.txt",
        {
            "notification": entries[0],
            "entries": entries,
            "link": _absolute(min(notes, key=lambda n: n.pk).url),
        },
    )


def send_event_mail(limit: int = 200, now: datetime | None = None) -> int:
    """E-mail per event for members who chose that (worker job): at most one per thread
    per member in ``MAIL_WINDOW``, with everything of that thread not yet mailed."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            recipient__email_mode=EmailMode.EACH,
            recipient__is_active=True,
        )
        .select_related("recipient", "actor", "thread")
        .order_by("id")[:limit]
    )
    sent = 0
    for notes in _mail_batches(pending, now):
        try:
            _send_batch(notes)
        except Exception:
            logger.exception(
                "notification mail %s failed; retried next round", [n.pk for n in notes]
            )
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
        sent += 1
    return sent


def digest_cutoff(now: datetime | None = None) -> datetime | None:
    """Today's digest moment (``FORUM_DIGEST_HOUR`` local time) once it has passed."""
    now = timezone.localtime(now or timezone.now())
    moment = timezone.make_aware(
        datetime.combine(now.date(), time(hour=settings.FORUM_DIGEST_HOUR)),
        now.tzinfo,
    )
    return moment if now >= moment else None


def send_digests(now: datetime | None = None, limit: int = 100) -> int:
    """The daily digest: everything unread from before today's digest moment, per thread."""
    cutoff = digest_cutoff(now)
    if cutoff is None:
        return 0
    pending = Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__lt=cutoff,
        recipient__email_mode=EmailMode.DIGEST,
        recipient__is_active=True,
    )
    recipient_ids = list(pending.values_list("recipient_id", flat=True).distinct()[:limit])
    sent = 0
    for member in Member.objects.filter(pk__in=recipient_ids):
        notes = list(
            pending.filter(recipient=member).select_related("thread").order_by("created_at")
        )
        unread = [n for n in notes if n.read_at is None]
        if unread:
            by_thread: dict[str, list[Notification]] = defaultdict(list)
            for note in unread:
                title = note.thread.title if note.thread else _("Other notifications")
                by_thread[title].append(note)
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Samendenk: your daily summary")
            try:
                _deliver(
                    member,
                    subject,
                    "groups/email/digest.txt",
                    {
                        "threads": [
                            {"title": title, "items": items, "link": _absolute(items[0].url)}
                            for title, items in by_thread.items()
                        ],
                        "site_url": settings.SITE_URL,
                    },
                )
            except Exception:
                logger.exception("digest for member %s failed; retried next round", member.pk)
                continue
            sent += 1
        # Read ones need no mail but count as handled, so they never show up later.
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
    return sent


def expire_old(days: int = 365) -> int:
    """Read notifications older than a year go (privacy: keep no more than needed)."""
    since = timezone.now() - timedelta(days=days)
    deleted, _counts = Notification.objects.filter(
        read_at__isnull=False, created_at__lt=since
    ).delete()
    return deleted
