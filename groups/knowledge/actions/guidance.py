"""Write functions of guidance versions: keeping the forum's copy in step with the newsroom,
linking a thread to a version, checking it against a newer one, following a document."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from core.errors import ActionError
from groups.models import Thread, ThreadFollow
from groups.notifications import notify
from groups.permissions import is_group_moderator
from groups.visibility import is_member

from ..live import knowledge_changed
from ..models import (
    GuidanceEdition,
    GuidanceFollow,
    ThreadLink,
    Verification,
    VerificationStatus,
)
from .common import check_moderates, log


def sync_guidance(
    *,
    page_id: int,
    title: str,
    slug: str,
    url: str,
    versions: Iterable[tuple[int, datetime.date, str]],
) -> list[int]:
    """The newsroom published (or unpublished: no versions) a guidance document. Returns the
    ids of the threads whose panel changed. A version newer than any before is announced once:
    threads on older versions get the banner, their followers and the document's followers
    one notification each, and answers verified "until the next version" expire."""
    wanted = {int(number): (date, changes or "") for number, date, changes in versions}
    with transaction.atomic():
        existing = {e.number: e for e in GuidanceEdition.objects.filter(page_id=page_id)}
        before = max(existing, default=0)
        GuidanceEdition.objects.filter(page_id=page_id).exclude(number__in=wanted).delete()
        for number, (date, changes) in wanted.items():
            edition = existing.get(number) or GuidanceEdition(page_id=page_id, number=number)
            edition.title, edition.slug, edition.url = title[:255], slug[:255], url[:500]
            edition.date, edition.changes = date, changes[:500]
            edition.save()
        newest = max(wanted, default=0)
        touched = set(
            ThreadLink.objects.filter(page_id=page_id).values_list("thread_id", flat=True)
        )
        touched |= _expire_by_version(page_id, newest)
        if newest < before:
            touched |= _restore_by_version(page_id, newest)
        if newest > before:
            _announce(page_id, newest)
        knowledge_changed(touched)
    return sorted(touched)


def _expire_by_version(page_id: int, newest: int) -> set[int]:
    due = Verification.objects.filter(
        status=VerificationStatus.ACTIVE, until_page_id=page_id, until_number__lte=newest
    )
    ids = set(due.values_list("thread_id", flat=True))
    due.update(status=VerificationStatus.EXPIRED, ended_at=timezone.now(), ended_reason="version")
    return ids


def _restore_by_version(page_id: int, newest: int) -> set[int]:
    """The version that ended them was withdrawn: those answers are valid again (when no
    other answer of the thread has been verified meanwhile)."""
    restored = set()
    candidates = Verification.objects.filter(
        status=VerificationStatus.EXPIRED,
        ended_reason="version",
        until_page_id=page_id,
        until_number__gt=newest,
    )
    for verification in candidates:
        if not Verification.objects.filter(
            thread_id=verification.thread_id, status=VerificationStatus.ACTIVE
        ).exists():
            verification.status, verification.ended_at, verification.ended_reason = (
                VerificationStatus.ACTIVE,
                None,
                "",
            )
            verification.save(update_fields=["status", "ended_at", "ended_reason"])
            restored.add(verification.thread_id)
    return restored


def _announce(page_id: int, newest: int) -> int:
    """One notification per member: the followed threads (and for the document's followers,
    every thread they may read) still about an older version."""
    edition = GuidanceEdition.objects.select_for_update().get(page_id=page_id, number=newest)
    if edition.announced_at is not None:
        return 0
    edition.announced_at = timezone.now()
    edition.save(update_fields=["announced_at"])
    thread_ids = list(
        ThreadLink.objects.filter(page_id=page_id, number__lt=newest).values_list(
            "thread_id", flat=True
        )
    )
    per_member: dict[int, set[int]] = {}
    follows = ThreadFollow.objects.filter(thread_id__in=thread_ids)
    for member_id, thread_id in follows.values_list("member_id", "thread_id"):
        per_member.setdefault(member_id, set()).add(thread_id)
    document_followers = set(
        GuidanceFollow.objects.filter(page_id=page_id).values_list("member_id", flat=True)
    )
    for member_id in document_followers:
        per_member.setdefault(member_id, set()).update(thread_ids)
    sent = 0
    for member in Member.objects.filter(pk__in=list(per_member), is_active=True).order_by("pk"):
        # Only threads this member may read are named: a private group's title never leaks.
        readable = list(
            Thread.objects.readable_by(member)
            .filter(pk__in=per_member[member.pk])
            .order_by("title")
        )
        if not readable and member.pk not in document_followers:
            continue
        text = _("Version %(number)s of %(title)s is now in force.") % {
            "number": newest,
            "title": edition.title,
        }
        if readable:
            text += " " + _("Still about an older version: %(threads)s") % {
                "threads": ", ".join(f"“{thread.title}”" for thread in readable)
            }
        notify(
            [member],
            kind=NotificationKind.KNOWLEDGE,
            text=text,
            url=readable[0].get_absolute_url() if len(readable) == 1 else guidance_url(page_id),
            thread=readable[0] if len(readable) == 1 else None,
        )
        sent += 1
    return sent


def guidance_url(page_id: int) -> str:
    from django.urls import reverse

    return reverse("groups:knowledge:guidance", args=[page_id])


def _edition(page_id, number) -> GuidanceEdition:
    try:
        page_id, number = int(page_id), int(number)
    except (TypeError, ValueError):
        raise ActionError(
            _("Choose a guidance document and one of its versions."), "version"
        ) from None
    edition = GuidanceEdition.objects.filter(page_id=page_id, number=number).first()
    if edition is None:
        raise ActionError(
            _("Version %(number)s of this guidance document does not exist.") % {"number": number},
            "version",
        )
    return edition


def link_thread(*, member: Member, thread: Thread, page_id, number=None) -> ThreadLink:
    """Tie ``thread`` to a version of a guidance document (default: the version in force).
    The thread's author or a moderator of its group."""
    if number in (None, ""):
        current = GuidanceEdition.objects.filter(page_id=_int(page_id)).first()
        number = current.number if current else 0
    edition = _edition(page_id, number)
    _check_may_link(member, thread)
    with transaction.atomic():
        link, _created = ThreadLink.objects.update_or_create(
            thread=thread,
            defaults={
                "page_id": edition.page_id,
                "number": edition.number,
                "linked_by": member,
                "linked_at": timezone.now(),
                "checked_by": None,
                "checked_at": None,
            },
        )
        knowledge_changed([thread.pk])
    return link


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _check_may_link(member, thread: Thread) -> None:
    from django.core.exceptions import PermissionDenied

    if not is_member(member):
        raise PermissionDenied(_("Log in to do that."))
    if thread.author_id == member.pk or is_group_moderator(member, thread.group):
        return
    raise PermissionDenied(_("Only the author of the thread or a moderator can link it."))


def unlink_thread(*, member: Member, thread: Thread) -> None:
    _check_may_link(member, thread)
    with transaction.atomic():
        ThreadLink.objects.filter(thread=thread).delete()
        knowledge_changed([thread.pk])


def mark_checked(*, moderator: Member, thread: Thread) -> ThreadLink:
    """A moderator checked the thread against the version in force: "gecontroleerd voor
    versie 13". The banner goes."""
    check_moderates(moderator, thread)
    with transaction.atomic():
        link = ThreadLink.objects.select_for_update().filter(thread=thread).first()
        if link is None:
            raise ActionError(_("This thread is not linked to a guidance document."), "thread")
        current = GuidanceEdition.objects.filter(page_id=link.page_id).first()
        if current is None:
            raise ActionError(_("This guidance document has no published version."), "thread")
        before = link.number
        link.number, link.checked_by, link.checked_at = current.number, moderator, timezone.now()
        link.save(update_fields=["number", "checked_by", "checked_at"])
        log(moderator, thread.pk, "checked", before=before, after=current.number)
        knowledge_changed([thread.pk])
    return link


def follow_guidance(*, member: Member, page_id: int, follow: bool = True) -> bool:
    if not is_member(member):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Log in to do that."))
    if not GuidanceEdition.objects.filter(page_id=_int(page_id)).exists():
        raise ActionError(_("There is no such guidance document."), "page")
    if follow:
        GuidanceFollow.objects.get_or_create(page_id=int(page_id), member=member)
    else:
        GuidanceFollow.objects.filter(page_id=int(page_id), member=member).delete()
    return follow
