"""Permission checks as plain functions that raise PermissionDenied (or Http404 to hide)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import GroupMembership, GroupRole, ThinkGroup, Thread, Visibility
from .querysets import is_bureau, is_member


def is_group_member(member, group: ThinkGroup) -> bool:
    if not is_member(member):
        return False
    return GroupMembership.objects.filter(group=group, member=member).exists()


def is_group_moderator(member, group: ThinkGroup) -> bool:
    if is_bureau(member):
        return True
    if not is_member(member):
        return False
    return GroupMembership.objects.filter(
        group=group, member=member, role=GroupRole.MODERATOR
    ).exists()


def check_group_listed(member, group: ThinkGroup) -> None:
    """Private groups do not exist for outsiders: 404, not 403."""
    if not ThinkGroup.objects.listed_for(member).filter(pk=group.pk).exists():
        raise Http404


def check_read_group(member, group: ThinkGroup) -> None:
    check_group_listed(member, group)
    if not ThinkGroup.objects.readable_by(member).filter(pk=group.pk).exists():
        raise PermissionDenied(_("Only members of this group can read its discussions."))


def check_read_thread(member, thread: Thread) -> None:
    check_group_listed(member, thread.group)
    if not Thread.objects.readable_by(member).filter(pk=thread.pk).exists():
        if thread.group.visibility == Visibility.PRIVATE and not is_bureau(member):
            raise Http404
        raise PermissionDenied(_("You may not read this thread."))


def check_post_in_group(member, group: ThinkGroup) -> None:
    """Writing needs an active, unsuspended member who belongs to the group."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to take part in the discussion."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot post at the moment."))
    if is_bureau(member):
        return
    from groups.moderation.rules import check_not_suspended_in_group

    check_not_suspended_in_group(member, group)
    if not is_group_member(member, group):
        raise PermissionDenied(_("Join this group to take part in the discussion."))


def check_moderate_group(member, group: ThinkGroup) -> None:
    if not is_group_moderator(member, group):
        raise PermissionDenied(_("Only moderators of this group can do that."))
