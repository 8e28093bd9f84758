"""Live events: what write functions publish after commit for connected readers.

Write functions (groups.actions, moderation) call these *inside* their transaction;
each schedules the publication with ``transaction.on_commit`` so nothing is broadcast
for a write that rolls back. Consumers check permission for every event they forward.

Channel-layer groups:
- ``thread.<id>``: new, edited, hidden or deleted posts of a thread; lock state;
- ``group.<id>``: new threads and thread-list changes of a think group;
- ``member.<id>``: a member's notifications and access changes (membership, role,
  suspension, log-out), which make their sockets re-evaluate their subscriptions.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def thread_channel(thread_id: int) -> str:
    return f"thread.{thread_id}"


def group_channel(group_id: int) -> str:
    return f"group.{group_id}"


def member_channel(member_id: int) -> str:
    return f"member.{member_id}"


def _send(channel_group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(channel_group, message)
    except Exception:
        # The database is the source of truth: readers catch up on reconnect.
        logger.exception("live event to %s failed: %s", channel_group, message.get("type"))


def publish_on_commit(channel_group: str, message: dict) -> None:
    transaction.on_commit(lambda: _send(channel_group, message))


def post_created(post) -> None:
    publish_on_commit(
        thread_channel(post.thread_id),
        {
            "type": "post.event",
            "event": "created",
            "thread_id": post.thread_id,
            "post_id": post.pk,
            "number": post.number,
        },
    )


def post_changed(post, change: str) -> None:
    """``change`` is one of edited, deleted, hidden, unhidden, redacted."""
    publish_on_commit(
        thread_channel(post.thread_id),
        {
            "type": "post.event",
            "event": change,
            "thread_id": post.thread_id,
            "post_id": post.pk,
            "number": post.number,
        },
    )


def thread_changed(thread, change: str, *, old_group_id: int | None = None) -> None:
    """``change`` is one of created, replied, locked, unlocked, pinned, unpinned, hidden,
    unhidden, moved, renamed."""
    message = {
        "type": "thread.event",
        "event": change,
        "thread_id": thread.pk,
        "group_id": thread.group_id,
    }
    publish_on_commit(group_channel(thread.group_id), message)
    publish_on_commit(thread_channel(thread.pk), message)
    if old_group_id and old_group_id != thread.group_id:
        publish_on_commit(group_channel(old_group_id), message)


def notify_member(member_id: int, payload: dict) -> None:
    publish_on_commit(member_channel(member_id), {"type": "member.event", **payload})


def access_changed(member_id: int, reason: str) -> None:
    """Membership, role, suspension or session changed: the member's sockets re-check."""
    publish_on_commit(member_channel(member_id), {"type": "access.changed", "reason": reason})
