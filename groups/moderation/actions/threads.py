"""Moderation of threads: lock, pin, move to another group."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from community.models import Member, NotificationKind
from core.changes import record_change
from core.errors import ActionError
from groups import events
from groups.models import ThinkGroup, Thread
from groups.notices import thread_moved
from groups.notifications import notify

from ..models import (
    ActionKind,
)
from .common import (
    _check_moderates,
    _log,
    _reason,
)


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
        thread_moved.send(sender=Thread, thread=current, old_group_id=old_group.pk, actor=moderator)
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
