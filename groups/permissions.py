"""Permission checks as plain functions that raise PermissionDenied (or Http404 to hide)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from .models import GroupMembership, GroupRole, ThinkGroup, Thread, Visibility
from .visibility import can_read_thread, can_see_group, is_bureau, is_member


def is_group_moderator(member, group: ThinkGroup) -> bool:
    if is_bureau(member):
        return True
    if not is_member(member):
        return False
    return GroupMembership.objects.filter(
        group=group, member=member, role=GroupRole.MODERATOR
    ).exists()


@dataclass(frozen=True)
class Standing:
    """A member's place in one group, read in one query: everything the checks below ask
    of the database. ``role`` is the membership role (None: not a member)."""

    role: str | None = None
    suspended_here: bool = False


def group_standing(member, group_id: int) -> Standing:
    """One query: the member's role in the group and whether a group suspension is active."""
    from groups.moderation.models import GroupSuspension

    if not is_member(member):
        return Standing()
    row = (
        ThinkGroup.objects.filter(pk=group_id)
        .annotate(
            my_role=Subquery(
                GroupMembership.objects.filter(group=OuterRef("pk"), member=member).values("role")[
                    :1
                ]
            ),
            suspended_here=Exists(
                GroupSuspension.objects.active().filter(group=OuterRef("pk"), member=member)
            ),
        )
        .values_list("my_role", "suspended_here")
        .first()
    )
    return Standing(*row) if row else Standing()


# The checks below decide for ONE group or thread in Python, from a ``Standing``, with
# the Python mirrors of the querysets (``can_see_group``, ``can_read_thread``).


def check_group_listed(member, group: ThinkGroup, standing: Standing | None = None) -> None:
    """Private groups do not exist for outsiders: 404, not 403."""
    if standing is None and not is_bureau(member):
        standing = group_standing(member, group.pk)
    if not can_see_group(member, group, role=(standing or Standing()).role):
        raise Http404


def check_read_group(member, group: ThinkGroup) -> None:
    check_group_listed(member, group)
    if not ThinkGroup.objects.readable_by(member).filter(pk=group.pk).exists():
        raise PermissionDenied(_("Only members of this group can read its discussions."))


def check_read_thread(member, thread: Thread, standing: Standing | None = None) -> None:
    if is_bureau(member):
        return
    if standing is None:
        standing = group_standing(member, thread.group_id)
    check_group_listed(member, thread.group, standing)
    if not can_read_thread(member, thread, role=standing.role):
        if thread.group.visibility == Visibility.PRIVATE:
            raise Http404
        raise PermissionDenied(_("You may not read this thread."))


def check_post_in_group(member, group: ThinkGroup, standing: Standing | None = None) -> None:
    """Writing needs an active, unsuspended member who belongs to the group."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to take part in the discussion."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot post at the moment."))
    if is_bureau(member):
        return
    if standing is None:
        standing = group_standing(member, group.pk)
    if standing.suspended_here:
        raise PermissionDenied(
            _("You are suspended in this group; you cannot post here at the moment.")
        )
    if standing.role is None:
        raise PermissionDenied(_("Join this group to take part in the discussion."))


def check_post_in_thread(member, thread: Thread) -> Standing | None:
    """Replying or editing: the member may read the thread and write in its group. One
    query (none for the bureau). A private group's thread answers 404 to outsiders before
    anything else, as on its page: no message reveals that it exists."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to take part in the discussion."))
    standing = None if is_bureau(member) else group_standing(member, thread.group_id)
    if standing is not None:
        check_group_listed(member, thread.group, standing)
    check_post_in_group(member, thread.group, standing)
    check_read_thread(member, thread, standing)
    return standing


def check_moderate_group(member, group: ThinkGroup) -> None:
    if not is_group_moderator(member, group):
        raise PermissionDenied(_("Only moderators of this group can do that."))
