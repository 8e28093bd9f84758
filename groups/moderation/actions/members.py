"""Moderation of members: suspensions (from one group or the platform) and warnings."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from core.errors import ActionError
from groups import events
from groups.models import Post, ThinkGroup
from groups.notifications import notify
from groups.visibility import is_bureau

from ..models import (
    ActionKind,
    GroupSuspension,
    ModerationAction,
)
from .common import (
    _check_bureau,
    _check_moderates,
    _log,
    _reason,
)

SUSPENSION_MAX_DAYS = 365


def _days(days) -> int:
    try:
        value = int(str(days).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or value < 1:
        raise ActionError(_("A suspension lasts at least one whole day."), "days")
    if value > SUSPENSION_MAX_DAYS:
        raise ActionError(
            _("A suspension lasts at most %(max)d days.") % {"max": SUSPENSION_MAX_DAYS}, "days"
        )
    return value


def suspend_member(
    *,
    moderator: Member,
    member: Member,
    days,
    reason: str,
    group: ThinkGroup | None = None,
) -> GroupSuspension:
    """Suspend a member from one group (its moderators) or the whole platform (the bureau)."""
    if group is None:
        _check_bureau(moderator)
    else:
        _check_moderates(moderator, group)
    days = _days(days)
    reason = _reason(reason, required=True)
    if member.pk == moderator.pk:
        raise ActionError(_("You cannot suspend yourself."), "self")
    if is_bureau(member):
        raise ActionError(_("Members of the bureau cannot be suspended here."), "bureau")
    until = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        suspension = GroupSuspension.objects.create(
            member=member, group=group, until=until, reason=reason, created_by=moderator
        )
        before = {
            "suspended_until": member.suspended_until.isoformat()
            if member.suspended_until
            else None
        }
        if group is None and (member.suspended_until is None or member.suspended_until < until):
            Member.objects.filter(pk=member.pk).update(suspended_until=until)
            member.suspended_until = until
        events.access_changed(member.pk, "suspended")
        _log(
            moderator,
            ActionKind.SUSPEND,
            reason=reason,
            before=before,
            after={
                "until": until.isoformat(),
                "days": days,
                "group_id": group.pk if group else None,
            },
            member=member,
            group=group,
        )
        where = group.name if group else _("the whole platform")
        notify(
            [member],
            kind=NotificationKind.MODERATION,
            text=_("You have been suspended from %(where)s for %(days)d days. Reason: %(reason)s")
            % {"where": where, "days": days, "reason": reason},
            url=group.get_absolute_url() if group else "",
            actor=moderator,
            group=group,
        )
    return suspension


def warn_member(
    *,
    moderator: Member,
    member: Member,
    reason: str,
    group: ThinkGroup | None = None,
    post: Post | None = None,
) -> ModerationAction:
    """A private warning: a notification with the reason, logged."""
    if post is not None:
        group = post.thread.group
    if group is None:
        _check_bureau(moderator)
    else:
        _check_moderates(moderator, group)
    reason = _reason(reason, required=True)
    if member.pk == moderator.pk:
        raise ActionError(_("You cannot warn yourself."), "self")
    with transaction.atomic():
        action = _log(
            moderator,
            ActionKind.WARN,
            reason=reason,
            member=member,
            group=group,
            post=post,
            thread=post.thread if post else None,
        )
        notify(
            [member],
            kind=NotificationKind.MODERATION,
            text=_("A moderator warns you: %(reason)s") % {"reason": reason},
            url=post.get_absolute_url() if post else "",
            actor=moderator,
            group=group,
            thread=post.thread if post else None,
            post=post,
        )
    return action
