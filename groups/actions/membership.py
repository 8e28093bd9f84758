"""Write functions of membership: joining and leaving, requests, invitations, removals and
roles; every change of membership tells the member's live sockets to re-check access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line
from core.errors import ActionError

from .. import events
from ..models import (
    GroupMembership,
    GroupRole,
    Invitation,
    JoinRequest,
    RequestStatus,
    ThinkGroup,
    Visibility,
)
from ..notifications import notify
from ..permissions import (
    check_group_listed,
    check_moderate_group,
)
from ..visibility import is_bureau, is_member


def _add_membership(group: ThinkGroup, member: Member, *, reason: str) -> GroupMembership:
    membership, created = GroupMembership.objects.get_or_create(group=group, member=member)
    if created:
        ThinkGroup.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1)
        group.member_count += 1
        events.access_changed(member.pk, reason)
    return membership


def _drop_membership(group: ThinkGroup, member: Member, *, reason: str) -> bool:
    deleted, _counts = GroupMembership.objects.filter(group=group, member=member).delete()
    if deleted:
        ThinkGroup.objects.filter(pk=group.pk, member_count__gt=0).update(
            member_count=F("member_count") - 1
        )
        group.member_count = max(group.member_count - 1, 0)
        events.access_changed(member.pk, reason)
    return bool(deleted)


def _check_active(member: Member) -> None:
    if not is_member(member):
        raise PermissionDenied(_("Log in first."))
    if member.is_suspended:
        raise PermissionDenied(_("Your account is suspended; you cannot do this at the moment."))


def join_group(*, member: Member, group: ThinkGroup) -> GroupMembership:
    """Join an open group with one click (the bureau may join any group)."""
    _check_active(member)
    check_group_listed(member, group)
    if group.visibility != Visibility.OPEN and not is_bureau(member):
        if GroupMembership.objects.filter(group=group, member=member).exists():
            return GroupMembership.objects.get(group=group, member=member)
        raise ActionError(_("This group is closed: ask to join instead."), "closed")
    with transaction.atomic():
        return _add_membership(group, member, reason="joined")


def leave_group(*, member: Member, group: ThinkGroup) -> None:
    _check_active(member)
    with transaction.atomic():
        if not _drop_membership(group, member, reason="left"):
            raise ActionError(_("You are not a member of this group."), "not_member")


def request_to_join(*, member: Member, group: ThinkGroup, message: str = "") -> JoinRequest:
    """Ask the moderators of a closed group for membership."""
    _check_active(member)
    check_group_listed(member, group)
    if group.visibility == Visibility.OPEN:
        raise ActionError(_("This group is open: you can join it directly."), "open")
    if group.visibility == Visibility.PRIVATE:
        raise ActionError(_("This group admits members by invitation only."), "private")
    if GroupMembership.objects.filter(group=group, member=member).exists():
        raise ActionError(_("You are already a member of this group."), "member")
    message = clean_line(message)[:500]
    with transaction.atomic():
        existing = JoinRequest.objects.filter(
            group=group, member=member, status=RequestStatus.PENDING
        ).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(group=group, member=member, message=message)
        except IntegrityError:
            # A second click raced the first: the pending request exists now.
            return JoinRequest.objects.get(group=group, member=member, status=RequestStatus.PENDING)
        _notify_moderators_of_request(request)
        return request


def _notify_moderators_of_request(request: JoinRequest) -> None:
    """The group's moderators hear of a join request (bell, and e-mail as they chose)."""
    group = request.group
    moderators = Member.objects.filter(
        is_active=True,
        group_memberships__group=group,
        group_memberships__role=GroupRole.MODERATOR,
    )
    notify(
        moderators,
        kind=NotificationKind.JOIN_REQUEST,
        text=_("%(name)s asks to join %(group)s.")
        % {"name": request.member.display_name, "group": group.name},
        url=reverse("groups:manage", args=[group.slug]) + "#verzoeken",
        actor=request.member,
        group=group,
    )


def withdraw_join_request(*, member: Member, request: JoinRequest) -> JoinRequest:
    if request.member_id != member.pk:
        raise PermissionDenied(_("This is not your request."))
    with transaction.atomic():
        updated = JoinRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.WITHDRAWN, decided_at=timezone.now()
        )
        if not updated:
            raise ActionError(_("This request has already been decided."), "decided")
    request.status = RequestStatus.WITHDRAWN
    return request


def decide_join_request(*, moderator: Member, request: JoinRequest, approve: bool) -> JoinRequest:
    """Approve or refuse a join request; the requester is notified either way."""
    group = request.group
    _check_active(moderator)
    check_moderate_group(moderator, group)
    with transaction.atomic():
        current = JoinRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != RequestStatus.PENDING:
            raise ActionError(_("This request has already been decided."), "decided")
        current.status = RequestStatus.APPROVED if approve else RequestStatus.REFUSED
        current.decided_at = timezone.now()
        current.decided_by = moderator
        current.save(update_fields=["status", "decided_at", "decided_by"])
        requester = current.member
        if approve:
            _add_membership(group, requester, reason="joined")
            text = _("You are now a member of %(group)s.") % {"group": group.name}
        else:
            text = _("Your request to join %(group)s was not accepted.") % {"group": group.name}
        notify(
            [requester],
            kind=NotificationKind.JOIN_DECISION,
            text=text,
            url=group.get_absolute_url(),
            actor=moderator,
            group=group,
        )
    return current


def invite(*, inviter: Member, group: ThinkGroup, member: Member) -> Invitation:
    """Invite a colleague to a group (moderators; the only way into a private group)."""
    _check_active(inviter)
    check_moderate_group(inviter, group)
    if not is_member(member):
        raise ActionError(_("This person cannot be invited."), "inactive")
    if GroupMembership.objects.filter(group=group, member=member).exists():
        raise ActionError(_("%(name)s is already a member.") % {"name": member.display_name})
    with transaction.atomic():
        existing = Invitation.objects.filter(
            group=group, member=member, status=RequestStatus.PENDING
        ).first()
        if existing:
            return existing
        invitation = Invitation.objects.create(group=group, member=member, invited_by=inviter)
        notify(
            [member],
            kind=NotificationKind.INVITATION,
            text=_("%(name)s invites you to the think group %(group)s.")
            % {"name": inviter.display_name, "group": group.name},
            url=reverse("groups:invitations"),
            actor=inviter,
            group=group,
        )
    return invitation


def _own_pending_invitation(member: Member, invitation: Invitation) -> None:
    _check_active(member)
    if invitation.member_id != member.pk:
        # Someone else's invitation does not exist for this member.
        raise Http404
    if invitation.status != RequestStatus.PENDING:
        raise ActionError(_("This invitation is no longer open."), "decided")


def accept_invitation(*, member: Member, invitation: Invitation) -> GroupMembership:
    _own_pending_invitation(member, invitation)
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.APPROVED, decided_at=timezone.now()
        )
        if not updated:
            raise ActionError(_("This invitation is no longer open."), "decided")
        invitation.status = RequestStatus.APPROVED
        return _add_membership(invitation.group, member, reason="joined")


def decline_invitation(*, member: Member, invitation: Invitation) -> Invitation:
    _own_pending_invitation(member, invitation)
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk, status=RequestStatus.PENDING).update(
            status=RequestStatus.REFUSED, decided_at=timezone.now()
        )
    invitation.status = RequestStatus.REFUSED
    return invitation


def remove_member(*, moderator: Member, group: ThinkGroup, member: Member) -> None:
    """A moderator removes someone; their open subscriptions end (access_changed)."""
    _check_active(moderator)
    check_moderate_group(moderator, group)
    with transaction.atomic():
        if not _drop_membership(group, member, reason="removed"):
            raise ActionError(_("%(name)s is not a member.") % {"name": member.display_name})


def set_group_role(
    *, moderator: Member, group: ThinkGroup, member: Member, role: GroupRole | str
) -> GroupMembership:
    _check_active(moderator)
    check_moderate_group(moderator, group)
    if role not in GroupRole.values:
        raise ActionError(_("Unknown role."), "role")
    with transaction.atomic():
        membership = (
            GroupMembership.objects.select_for_update().filter(group=group, member=member).first()
        )
        if membership is None:
            raise ActionError(_("%(name)s is not a member.") % {"name": member.display_name})
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
            events.access_changed(member.pk, "role")
    return membership
