"""Write functions of following threads and groups and of how far a member has read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member

from ..models import (
    GroupFollow,
    ReadState,
    ThinkGroup,
    Thread,
    ThreadFollow,
)
from ..permissions import (
    check_read_group,
    check_read_thread,
)
from ..visibility import is_member


def follow_thread(*, member: Member, thread: Thread) -> ThreadFollow:
    check_read_thread(member, thread)
    with transaction.atomic():
        follow, _created = ThreadFollow.objects.get_or_create(thread=thread, member=member)
    return follow


def unfollow_thread(*, member: Member, thread: Thread) -> None:
    with transaction.atomic():
        ThreadFollow.objects.filter(thread=thread, member=member).delete()


def follow_group(*, member: Member, group: ThinkGroup) -> GroupFollow:
    check_read_group(member, group)
    with transaction.atomic():
        follow, _created = GroupFollow.objects.get_or_create(group=group, member=member)
    return follow


def unfollow_group(*, member: Member, group: ThinkGroup) -> None:
    with transaction.atomic():
        GroupFollow.objects.filter(group=group, member=member).delete()


def advance_read_state(member: Member, thread: Thread, number: int) -> None:
    updated = ReadState.objects.filter(
        thread=thread, member=member, last_read_number__lt=number
    ).update(last_read_number=number, updated_at=timezone.now())
    if not updated:
        ReadState.objects.bulk_create(
            [ReadState(thread=thread, member=member, last_read_number=number)],
            ignore_conflicts=True,
        )


def mark_read(*, member: Member, thread: Thread, number: int) -> None:
    """Remember that the member has read the thread up to post ``number`` (never back)."""
    if not is_member(member):
        return
    if not Thread.objects.readable_by(member).filter(pk=thread.pk).exists():
        raise PermissionDenied(_("You may not read this thread."))
    number = max(0, min(int(number), thread.last_number))
    # No transaction needed: the conditional UPDATE and the conflict-ignoring INSERT are
    # each atomic, and together they only ever move the read state forward.
    advance_read_state(member, thread, number)
