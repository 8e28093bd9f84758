"""What every moderation verb shares: permission checks, reasons, the audit log, telling
the author, locking the post, and hiding or showing it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line
from core.changes import record_change
from core.errors import ActionError
from groups import events
from groups.models import Post, ThinkGroup
from groups.notifications import notify
from groups.permissions import check_moderate_group
from groups.visibility import is_bureau, is_member

from ..models import (
    Flag,
    ModerationAction,
)

REASON_MAX = 500


def _check_moderates(actor: Member, group: ThinkGroup) -> None:
    if not is_member(actor):
        raise PermissionDenied(_("Log in as a moderator to do that."))
    check_moderate_group(actor, group)


def _check_bureau(actor: Member) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(_("Only the bureau can do that."))


def _reason(reason: str, *, required: bool) -> str:
    reason = clean_line(reason or "")
    if required and not reason:
        raise ActionError(_("Give a reason; the member concerned will read it."), "reason")
    if len(reason) > REASON_MAX:
        raise ActionError(
            _("A reason may have at most %(max)d characters.") % {"max": REASON_MAX}, "reason"
        )
    return reason


def _log(actor: Member | None, kind: str, *, reason: str = "", before=None, after=None, **on):
    return ModerationAction.objects.create(
        actor=actor, kind=kind, reason=reason, before=before or {}, after=after or {}, **on
    )


def _log_post(actor: Member | None, kind: str, post: Post, *, reason: str = "", before, after):
    """Log an action on a post together with its thread, group and author."""
    return _log(
        actor,
        kind,
        reason=reason,
        before=before,
        after=after,
        post=post,
        thread=post.thread,
        group=post.thread.group,
        member=post.author,
    )


def _notify_author(post: Post, actor: Member | None, text: str) -> None:
    if post.author_id is None:
        return
    notify(
        [post.author],
        kind=NotificationKind.MODERATION,
        text=text,
        url=post.get_absolute_url(),
        actor=actor,
        group=post.thread.group,
        thread=post.thread,
        post=post,
    )


def _notify_group_moderators(post: Post, reporter: Member) -> None:
    from groups.models import GroupRole

    moderators = Member.objects.filter(
        group_memberships__group_id=post.thread.group_id,
        group_memberships__role=GroupRole.MODERATOR,
        is_active=True,
    ).exclude(pk__in=[reporter.pk, post.author_id or 0])
    notify(
        moderators,
        kind=NotificationKind.MODERATION,
        text=_("A message in “%(title)s” (%(group)s) was reported.")
        % {"title": post.thread.title, "group": post.thread.group.name},
        url=reverse("groups:moderation:review", kwargs={"pk": post.pk}),
        group=post.thread.group,
        thread=post.thread,
        post=post,
    )


def _locked_post(post: Post) -> Post:
    return (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__group", "author")
        .get(pk=post.pk)
    )


def _post_state(post: Post) -> dict:
    return {
        "is_hidden": post.is_hidden,
        "hidden_reason": post.hidden_reason,
        "is_held": post.is_held,
    }


def _resolve_flags(post: Post, actor: Member | None, resolution: str) -> int:
    return (
        Flag.objects.open()
        .filter(post=post)
        .update(resolved_at=timezone.now(), resolved_by=actor, resolution=resolution)
    )


def _hide(post: Post, actor: Member | None, reason: str) -> None:
    post.is_hidden = True
    post.hidden_reason = reason
    post.hidden_at = timezone.now()
    post.hidden_by = actor
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    record_change("post", [post.pk])
    events.post_changed(post, "hidden")


def _unhide(post: Post) -> None:
    post.is_hidden = False
    post.hidden_reason = ""
    post.hidden_at = None
    post.hidden_by = None
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    record_change("post", [post.pk])
    events.post_changed(post, "unhidden")
