"""Moderation write functions: one per verb, used by the admin, the in-site queue and tests.

Each checks permission through the shared rules (the bureau everywhere, group moderators in
their own groups, members nothing), writes the audit log, notifies the affected author and
publishes live events and search outbox entries inside its transaction (sent on commit).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from community.text import clean_line, clean_text
from core.changes import record_change
from core.errors import ActionError
from core.privacy import scan
from groups import events
from groups.markdown import render_with_mentions
from groups.models import Post, PostRevision, ThinkGroup, Thread
from groups.notifications import notify
from groups.permissions import check_moderate_group
from groups.visibility import is_bureau, is_member

from .models import (
    ActionKind,
    Flag,
    FlagReason,
    GroupSuspension,
    ModerationAction,
    ModerationSettings,
)

REASON_MAX = 500
SUSPENSION_MAX_DAYS = 365
REDACTION_MARK_FALLBACK = "[…]"


# --- shared helpers ------------------------------------------------------------------------


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


# --- flags -----------------------------------------------------------------------------------


def flag_post(*, member: Member, post: Post, reason: str, text: str = "") -> Flag:
    """A member reports a post; enough distinct reporters hide it until a moderator looks."""
    if not is_member(member):
        raise PermissionDenied(_("Log in to report a message."))
    if not Post.objects.readable_by(member).filter(pk=post.pk).exists():
        raise PermissionDenied(_("You cannot report this message."))
    if post.author_id == member.pk:
        raise ActionError(_("You cannot report your own message."), "own_post")
    if reason not in FlagReason.values:
        raise ActionError(_("Choose a reason for your report."), "reason")
    text = clean_text(text or "")[:1000]
    if reason == FlagReason.OTHER and not text:
        raise ActionError(_("Explain briefly what is wrong with this message."), "text")
    with transaction.atomic():
        current = _locked_post(post)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(post=current, reporter=member, reason=reason, text=text)
        except IntegrityError:
            raise ActionError(
                _("You have already reported this message; a moderator will look at it."),
                "duplicate",
            ) from None
        threshold = ModerationSettings.threshold()
        reporters = Flag.objects.open().filter(post=current).values("reporter").distinct().count()
        if reporters == 1:
            # The group's moderators hear about the first open report of a post, not each one.
            _notify_group_moderators(current, member)
        if not current.is_hidden and reporters >= threshold:
            before = _post_state(current)
            reason_text = _("Hidden automatically after reports by %(count)d members.") % {
                "count": reporters
            }
            _hide(current, None, reason_text)
            _log_post(
                None,
                ActionKind.AUTO_HIDE,
                current,
                reason=reason_text,
                before=before,
                after=_post_state(current),
            )
            _notify_author(
                current,
                None,
                _("Your message in “%(title)s” was hidden until a moderator reviews it: %(reason)s")
                % {"title": current.thread.title, "reason": reason_text},
            )
    return flag


def dismiss_flags(*, moderator: Member, post: Post, reason: str = "") -> int:
    """The reports were unfounded: close them; a post hidden only by reports comes back."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = _locked_post(post)
        count = _resolve_flags(current, moderator, "dismissed")
        before = _post_state(current)
        if current.is_hidden and current.hidden_by_id is None:
            _unhide(current)
        _log_post(
            moderator,
            ActionKind.DISMISS,
            current,
            reason=reason,
            before={**before, "open_flags": count},
            after={**_post_state(current), "open_flags": 0},
        )
    return count


# --- posts -------------------------------------------------------------------------------


def hide_post(*, moderator: Member, post: Post, reason: str) -> Post:
    """Hide a post from readers; the author sees the reason."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=True)
    with transaction.atomic():
        current = _locked_post(post)
        if current.is_deleted:
            raise ActionError(_("This message has been deleted."), "deleted")
        before = _post_state(current)
        _hide(current, moderator, reason)
        _resolve_flags(current, moderator, "hidden")
        _log_post(
            moderator,
            ActionKind.HIDE,
            current,
            reason=reason,
            before=before,
            after=_post_state(current),
        )
        _notify_author(
            current,
            moderator,
            _("A moderator hid your message in “%(title)s”. Reason: %(reason)s")
            % {"title": current.thread.title, "reason": reason},
        )
    return current


def unhide_post(*, moderator: Member, post: Post, reason: str = "") -> Post:
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = _locked_post(post)
        if not current.is_hidden:
            raise ActionError(_("This message is not hidden."), "not_hidden")
        before = _post_state(current)
        _unhide(current)
        _log_post(
            moderator,
            ActionKind.UNHIDE,
            current,
            reason=reason,
            before=before,
            after=_post_state(current),
        )
        _notify_author(
            current,
            moderator,
            _("A moderator made your message in “%(title)s” visible again.")
            % {"title": current.thread.title},
        )
    return current


def release_post(*, moderator: Member, post: Post, reason: str = "") -> Post:
    """A post held by the privacy guard is fine: publish it."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = _locked_post(post)
        if not current.is_held:
            raise ActionError(_("This message is not waiting for review."), "not_held")
        before = _post_state(current)
        current.is_held = False
        current.save(update_fields=["is_held"])
        record_change("post", [current.pk])
        events.post_changed(current, "unhidden")
        _log_post(
            moderator,
            ActionKind.RELEASE,
            current,
            reason=reason,
            before=before,
            after=_post_state(current),
        )
        _notify_author(
            current,
            moderator,
            _("A moderator published your message in “%(title)s”.")
            % {"title": current.thread.title},
        )
    return current


def redact_post(*, moderator: Member, post: Post, passage: str, reason: str) -> Post:
    """Edit a passage out of a post. The original text stays only in the log (bureau only);
    earlier versions that contain it are hidden from the edit history."""
    _check_moderates(moderator, post.thread.group)
    reason = _reason(reason, required=True)
    passage = (passage or "").strip()
    if not passage:
        raise ActionError(_("Copy the passage to remove into the field."), "passage")
    with transaction.atomic():
        current = _locked_post(post)
        if current.is_deleted:
            raise ActionError(_("This message has been deleted."), "deleted")
        if passage not in current.body:
            raise ActionError(
                _("That passage does not occur in the message; copy it exactly."), "passage"
            )
        original = current.body
        mark = _("[removed by a moderator]") or REDACTION_MARK_FALLBACK
        current.body = original.replace(passage, mark)
        mentioned = [m.member for m in current.mentions.select_related("member")]
        current.body_html = render_with_mentions(current.body, mentioned)
        current.privacy_findings = [f.as_dict() for f in scan(current.body)]
        current.save(update_fields=["body", "body_html", "privacy_findings"])
        PostRevision.objects.filter(post=current, body__contains=passage).update(is_hidden=True)
        record_change("post", [current.pk])
        events.post_changed(current, "redacted")
        _resolve_flags(current, moderator, "redacted")
        _log_post(
            moderator,
            ActionKind.REDACT,
            current,
            reason=reason,
            before={"body": original},
            after={"body": current.body},
        )
        _notify_author(
            current,
            moderator,
            _("A moderator removed a passage from your message in “%(title)s”. Reason: %(reason)s")
            % {"title": current.thread.title, "reason": reason},
        )
    return current


# --- threads -------------------------------------------------------------------------------


def _thread_state(thread: Thread) -> dict:
    return {
        "is_locked": thread.is_locked,
        "is_pinned": thread.is_pinned,
        "group_id": thread.group_id,
        "group": thread.group.name,
    }


def _set_thread_flag(moderator, thread, *, field, value, kind, event, reason, message):
    _check_moderates(moderator, thread.group)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("group", "author")
            .get(pk=thread.pk)
        )
        if getattr(current, field) == value:
            return current
        before = _thread_state(current)
        setattr(current, field, value)
        current.save(update_fields=[field])
        record_change("thread", [current.pk])
        events.thread_changed(current, event)
        _log(
            moderator,
            kind,
            reason=reason,
            before=before,
            after=_thread_state(current),
            thread=current,
            group=current.group,
            member=current.author,
        )
        if current.author_id:
            text = message % {"title": current.title}
            if reason:
                text = _("%(text)s Reason: %(reason)s") % {"text": text, "reason": reason}
            notify(
                [current.author],
                kind=NotificationKind.MODERATION,
                text=text,
                url=current.get_absolute_url(),
                actor=moderator,
                group=current.group,
                thread=current,
            )
    thread.is_locked, thread.is_pinned = current.is_locked, current.is_pinned
    return current


def lock_thread(*, moderator: Member, thread: Thread, reason: str = "") -> Thread:
    return _set_thread_flag(
        moderator, thread, field="is_locked", value=True, kind=ActionKind.LOCK, event="locked",
        reason=reason, message=_("A moderator closed your thread “%(title)s”."),
    )  # fmt: skip


def unlock_thread(*, moderator: Member, thread: Thread, reason: str = "") -> Thread:
    return _set_thread_flag(
        moderator, thread, field="is_locked", value=False, kind=ActionKind.UNLOCK,
        event="unlocked", reason=reason,
        message=_("A moderator reopened your thread “%(title)s”."),
    )  # fmt: skip


def pin_thread(*, moderator: Member, thread: Thread, reason: str = "") -> Thread:
    return _set_thread_flag(
        moderator, thread, field="is_pinned", value=True, kind=ActionKind.PIN, event="pinned",
        reason=reason, message=_("A moderator pinned your thread “%(title)s”."),
    )  # fmt: skip


def unpin_thread(*, moderator: Member, thread: Thread, reason: str = "") -> Thread:
    return _set_thread_flag(
        moderator, thread, field="is_pinned", value=False, kind=ActionKind.UNPIN,
        event="unpinned", reason=reason,
        message=_("A moderator unpinned your thread “%(title)s”."),
    )  # fmt: skip


def _target_group(target) -> ThinkGroup:
    if isinstance(target, ThinkGroup):
        return target
    value = str(target or "").strip()
    group = None
    if value.isdigit():
        group = ThinkGroup.objects.filter(pk=int(value)).first()
    elif value:
        group = ThinkGroup.objects.filter(slug=value).first()
    if group is None:
        raise ActionError(
            _("There is no think group “%(target)s”; choose an existing group.")
            % {"target": value[:80]},
            "target",
        )
    return group


def move_thread(*, moderator: Member, thread: Thread, target, reason: str = "") -> Thread:
    """Move a thread (and its posts) to another group the moderator also moderates."""
    _check_moderates(moderator, thread.group)
    group = _target_group(target)
    if not ThinkGroup.objects.moderated_by(moderator).filter(pk=group.pk).exists():
        raise PermissionDenied(_("You can only move threads to groups you moderate."))
    if group.pk == thread.group_id:
        raise ActionError(_("The thread is already in this group."), "target")
    reason = _reason(reason, required=False)
    with transaction.atomic():
        current = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("group", "author")
            .get(pk=thread.pk)
        )
        old_group = current.group
        before = _thread_state(current)
        posts = current.posts.filter(is_deleted=False).count()
        current.group = group
        current.save(update_fields=["group"])
        ThinkGroup.objects.filter(pk=old_group.pk).update(
            thread_count=F("thread_count") - 1, post_count=F("post_count") - posts
        )
        ThinkGroup.objects.filter(pk=group.pk).update(
            thread_count=F("thread_count") + 1, post_count=F("post_count") + posts
        )
        record_change("thread", [current.pk])
        record_change("post", current.posts.values_list("pk", flat=True))
        events.thread_changed(current, "moved", old_group_id=old_group.pk)
        _log(
            moderator,
            ActionKind.MOVE,
            reason=reason,
            before=before,
            after=_thread_state(current),
            thread=current,
            group=group,
            member=current.author,
        )
        if current.author_id:
            notify(
                [current.author],
                kind=NotificationKind.MODERATION,
                text=_("A moderator moved your thread “%(title)s” to %(group)s.")
                % {"title": current.title, "group": group.name},
                url=current.get_absolute_url(),
                actor=moderator,
                group=group,
                thread=current,
            )
    thread.group = current.group
    return current


# --- members -------------------------------------------------------------------------------


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
