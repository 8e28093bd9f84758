"""Write functions of verified answers: verify, withdraw, end (edit, hide, delete, move),
expire (by date, by the worker) and remind before expiry."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from core.errors import ActionError
from groups.models import GroupMembership, GroupRole, Post, Thread
from groups.notifications import notify
from groups.permissions import is_group_moderator

from ..live import knowledge_changed
from ..models import GuidanceEdition, Verification, VerificationStatus
from .common import check_moderates, log

DEFAULT_VALIDITY_DAYS = 365
MAX_VALIDITY_DAYS = 5 * 366
REMIND_DAYS = 30


def verify_post(
    *,
    moderator: Member,
    post: Post,
    valid_until: datetime.date | None = None,
    until_page_id: int | None = None,
) -> Verification:
    """Mark ``post`` as the verified answer of its thread, valid until ``valid_until``
    (default twelve months) or, with ``until_page_id``, until the next version of that
    guidance document. A previous verified answer of the thread ends."""
    thread = post.thread
    check_moderates(moderator, thread)
    if post.is_deleted or post.is_hidden or post.is_held or thread.is_hidden:
        raise ActionError(
            _("Only a visible message can be verified; this one is hidden, held or deleted."),
            "post",
        )
    today = timezone.localdate()
    until_number = None
    if until_page_id:
        current = GuidanceEdition.objects.filter(page_id=until_page_id).first()
        if current is None:
            raise ActionError(_("There is no such guidance document."), "until_page")
        until_number, valid_until = current.number + 1, None
    else:
        valid_until = valid_until or today + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)
        if valid_until <= today:
            raise ActionError(_("The validity must end after today."), "valid_until")
        if valid_until > today + datetime.timedelta(days=MAX_VALIDITY_DAYS):
            raise ActionError(_("A verification is valid for at most five years."), "valid_until")
    with transaction.atomic():
        Thread.objects.select_for_update(of=("self",)).get(pk=thread.pk)
        current_post = Post.objects.filter(pk=post.pk).first()
        if current_post is None or current_post.is_hidden or current_post.is_deleted:
            raise ActionError(_("This message is no longer visible."), "post")
        _end(thread.pk, "replaced", moderator)
        verification = Verification.objects.create(
            thread=thread,
            post=post,
            verified_by=moderator,
            valid_until=valid_until,
            until_page_id=until_page_id if until_number else None,
            until_number=until_number,
        )
        log(moderator, thread.pk, "verified", post=post.pk, until=str(valid_until or ""))
        knowledge_changed([thread.pk])
    return verification


def _end(thread_id: int, reason: str, actor=None) -> bool:
    ended = Verification.objects.filter(
        thread_id=thread_id, status=VerificationStatus.ACTIVE
    ).update(status=VerificationStatus.ENDED, ended_at=timezone.now(), ended_reason=reason)
    if ended:
        log(actor, thread_id, "ended", reason=reason)
    return bool(ended)


def withdraw_verification(*, moderator: Member, thread: Thread) -> None:
    check_moderates(moderator, thread)
    with transaction.atomic():
        if not Verification.objects.filter(
            thread=thread, status__in=[VerificationStatus.ACTIVE, VerificationStatus.EXPIRED]
        ).exists():
            raise ActionError(_("This thread has no verified answer."), "thread")
        Verification.objects.filter(
            thread=thread, status__in=[VerificationStatus.ACTIVE, VerificationStatus.EXPIRED]
        ).update(status=VerificationStatus.ENDED, ended_at=timezone.now(), ended_reason="withdrawn")
        log(moderator, thread.pk, "withdrawn")
        knowledge_changed([thread.pk])


def post_changed(post: Post, change: str) -> None:
    """An edited, hidden, redacted or deleted post is no longer verified (inside the
    transaction of that change): a moderator must verify it again."""
    if change not in ("edited", "hidden", "deleted", "redacted"):
        return
    ended = Verification.objects.filter(
        post_id=post.pk, status__in=[VerificationStatus.ACTIVE, VerificationStatus.EXPIRED]
    )
    if ended.update(status=VerificationStatus.ENDED, ended_at=timezone.now(), ended_reason=change):
        log(None, post.thread_id, "ended", reason=change, post=post.pk)
        knowledge_changed([post.thread_id])


def thread_moved(thread: Thread, old_group_id: int, actor=None) -> None:
    """A moved thread keeps its verified answer only if the verifier moderates the new group."""
    active = Verification.objects.filter(
        thread_id=thread.pk, status=VerificationStatus.ACTIVE
    ).select_related("verified_by")
    for verification in active:
        verifier = verification.verified_by
        if (
            verifier is not None
            and verifier.is_active
            and is_group_moderator(verifier, thread.group)
        ):
            continue
        verification.status = VerificationStatus.ENDED
        verification.ended_at, verification.ended_reason = timezone.now(), "moved"
        verification.save(update_fields=["status", "ended_at", "ended_reason"])
        log(
            actor, thread.pk, "ended", reason="moved", old_group=old_group_id, group=thread.group_id
        )
        knowledge_changed([thread.pk])


def expire_due(today: datetime.date | None = None) -> int:
    """Worker: verified answers whose date passed turn "verlopen"."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = Verification.objects.select_for_update().filter(
            status=VerificationStatus.ACTIVE, valid_until__lt=today
        )
        ids = [(v.pk, v.thread_id) for v in due]
        Verification.objects.filter(pk__in=[pk for pk, _t in ids]).update(
            status=VerificationStatus.EXPIRED, ended_at=timezone.now(), ended_reason="date"
        )
        knowledge_changed([thread_id for _pk, thread_id in ids])
    return len(ids)


def remind_due(today: datetime.date | None = None) -> int:
    """Worker: a month before a verified answer expires, its verifier and the group's
    moderators are asked (once) to verify it again or withdraw it."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REMIND_DAYS)
    sent = 0
    with transaction.atomic():
        due = (
            Verification.objects.select_for_update(of=("self",))
            .filter(status=VerificationStatus.ACTIVE, reminded_at__isnull=True)
            .filter(valid_until__lte=horizon)
            .select_related("thread__group", "verified_by")
        )
        for verification in due:
            thread = verification.thread
            moderators = Member.objects.filter(
                Q(pk=verification.verified_by_id)
                | Q(
                    pk__in=GroupMembership.objects.filter(
                        group_id=thread.group_id, role=GroupRole.MODERATOR
                    ).values("member_id")
                ),
                is_active=True,
            )
            notify(
                moderators,
                kind=NotificationKind.KNOWLEDGE,
                text=_(
                    "The verified answer in “%(title)s” expires on %(date)s: verify it again "
                    "or withdraw it."
                )
                % {"title": thread.title, "date": verification.valid_until.strftime("%d-%m-%Y")},
                url=thread.get_absolute_url(),
                group=thread.group,
                thread=thread,
            )
            verification.reminded_at = timezone.now()
            verification.save(update_fields=["reminded_at"])
            sent += 1
    return sent
