"""Live events: what write functions publish after commit for connected readers.

Write functions (groups.actions, moderation) call these *inside* their transaction;
each schedules the publication with ``transaction.on_commit`` so nothing is broadcast
for a write that rolls back. Consumers check permission for every event they forward.

Channel-layer groups:
- ``thread.<id>``: new, edited, hidden or deleted posts of a thread; lock state; readers
  reading along (presence);
- ``group.<id>``: new threads and thread-list changes of a think group;
- ``member.<id>``: a member's notifications and access changes (membership, role,
  suspension, log-out), which make their sockets re-evaluate their subscriptions;
- ``access``: changes that concern everyone reading a group (its visibility changed).

Post and thread events carry the rendered, viewer-neutral HTML (the post partial, the
thread-list row), rendered once in the process that made the change, right after commit,
together with the facts a socket needs to decide per reader whether to forward it
(group, hidden/held/deleted flags, author): no database query per delivery.
"""

from __future__ import annotations

import asyncio
import logging
import os

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string

from core.outage import Outage

logger = logging.getLogger(__name__)

ACCESS_CHANNEL = "access"

# Publishing while Redis is down: skipped at once (one try a second) and logged once per
# outage, instead of a connection attempt and a traceback for every event of every post.
# Readers catch up from the database when they reconnect.
publish_outage = Outage("Redis channel layer (publishing)")


def thread_channel(thread_id: int) -> str:
    return f"thread.{thread_id}"


def group_channel(group_id: int) -> str:
    return f"group.{group_id}"


def member_channel(member_id: int) -> str:
    return f"member.{member_id}"


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The server's event loop when called from one of its sync threads (a consumer's
    database call, a view under Daphne), else None."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and loop.is_running() else None


def _start_send(loop, layer, channel_group: str, message: dict) -> None:
    """Start the send as a task of ``loop`` (which must be running in this thread) and log
    its failure with the event's context."""

    def done(task: asyncio.Task) -> None:
        if task.cancelled():
            return
        if task.exception() is None:
            publish_outage.succeeded()
        else:
            _failed(task.exception(), channel_group, message.get("type"))

    loop.create_task(layer.group_send(channel_group, message)).add_done_callback(done)


def is_layer_outage(error: BaseException) -> bool:
    """Whether ``error`` means the channel layer's Redis is not answering."""
    return isinstance(error, ConnectionError | OSError | TimeoutError) or _is_redis_error(error)


def _failed(error: BaseException, channel_group: str, kind) -> None:
    if is_layer_outage(error):
        publish_outage.failed(error)
    else:
        logger.error("live event to %s failed: %s", channel_group, kind, exc_info=error)


def _is_redis_error(error: BaseException) -> bool:
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - without channels_redis
        return False
    return isinstance(error, RedisConnectionError | RedisTimeoutError)


def _send(channel_group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None or not publish_outage.available():
        return
    # The hub of each process routes by "topic": a message alone does not say which
    # channel-layer group it was sent to.
    message = {**message, "topic": channel_group}
    kind = message.get("type", "")
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    try:
        if loop is not None:
            # Called from code running inside an event loop: schedule, don't block it.
            _start_send(loop, layer, channel_group, message)
            return
        server_loop = _server_loop()
        if server_loop is not None:
            # A sync thread of the server (a reply over the socket, a form post): hand
            # the send to the server's loop and return, instead of blocking this thread
            # (which serves every database call of the process's sockets) until a busy
            # loop gets round to it. Sends keep their order: the loop runs them FIFO.
            server_loop.call_soon_threadsafe(
                _start_send, server_loop, layer, channel_group, message
            )
            return
        async_to_sync(layer.group_send)(channel_group, message)
        publish_outage.succeeded()
    except Exception as error:
        # The database is the source of truth: readers catch up on reconnect.
        _failed(error, channel_group, kind)


def publish_on_commit(channel_group: str, message: dict) -> None:
    transaction.on_commit(lambda: _send(channel_group, message))


# --- rendering (once per event, in the writing process) -------------------------------


def render_post(post) -> str:
    """The viewer-neutral post partial, exactly as the thread page renders it."""
    return render_to_string("groups/includes/post.html", {"post": post, "request": None})


def render_thread_row(thread) -> str:
    """The viewer-neutral thread-list row of the group page."""
    return render_to_string("groups/includes/thread_row.html", {"thread": thread, "request": None})


def post_payload(post, change: str) -> dict:
    """The channel-layer message for a post; ``html`` only where readers may see it."""
    from .models import Post

    if change != "created" or not _related_loaded(post, "author", "thread"):
        # Re-read what was committed (a moderator's change may have raced an edit). A
        # post just created by this transaction is exactly what the writer holds.
        post = (
            Post.objects.select_related("author", "thread", "thread__group", "quoted_post")
            .filter(pk=post.pk)
            .first()
        )
    if post is None:
        return {}
    message = {
        "type": "post.event",
        "event": change,
        "thread_id": post.thread_id,
        "group_id": post.thread.group_id,
        "thread_hidden": post.thread.is_hidden,
        "post_id": post.pk,
        "number": post.number,
        "author_id": post.author_id,
        "hidden": post.is_hidden,
        "held": post.is_held,
        "deleted": post.is_deleted,
        # The partial shows placeholders, never the text, of deleted, hidden and held
        # posts; consumers still decide per reader whether to send it.
        "html": render_post(post),
    }
    return message


def _related_loaded(obj, *names) -> bool:
    return all(obj._meta.get_field(name).is_cached(obj) for name in names)


def thread_payload(thread, change: str, old_group_id: int | None) -> dict:
    from .knowledge.panel import with_badges
    from .models import Thread

    thread = (
        with_badges(Thread.objects.select_related("group", "author", "last_poster"))
        .filter(pk=thread.pk)
        .first()
    )
    if thread is None:
        return {}
    return {
        "type": "thread.event",
        "event": change,
        "thread_id": thread.pk,
        "group_id": thread.group_id,
        "old_group_id": old_group_id,
        "hidden": thread.is_hidden,
        "locked": thread.is_locked,
        "last_number": thread.last_number,
        "html": render_thread_row(thread),
    }


def _publish_post(post, change: str) -> None:
    def publish():
        try:
            message = post_payload(post, change)
        except Exception:
            logger.exception("rendering live post event %s for %s failed", change, post.pk)
            return
        if message:
            _send(thread_channel(message["thread_id"]), message)

    transaction.on_commit(publish)


# --- the contract write functions call ---------------------------------------------


def post_created(post) -> None:
    _publish_post(post, "created")


def post_changed(post, change: str) -> None:
    """``change`` is one of edited, deleted, hidden, unhidden, redacted."""
    from .notices import post_changed as notice

    notice.send(sender=type(post), post=post, change=change)
    _publish_post(post, change)


def thread_changed(thread, change: str, *, old_group_id: int | None = None) -> None:
    """``change`` is one of created, replied, locked, unlocked, pinned, unpinned, hidden,
    unhidden, moved, renamed."""

    def publish():
        try:
            message = thread_payload(thread, change, old_group_id)
        except Exception:
            logger.exception("rendering live thread event %s for %s failed", change, thread.pk)
            return
        if not message:
            return
        _send(group_channel(message["group_id"]), message)
        if change not in ("created", "replied"):
            # Readers of the thread learn of a new post from its post event.
            _send(thread_channel(message["thread_id"]), message)
        if old_group_id and old_group_id != message["group_id"]:
            _send(group_channel(old_group_id), message)

    transaction.on_commit(publish)


def notify_member(member_id: int, payload: dict) -> None:
    publish_on_commit(member_channel(member_id), {"type": "member.event", **payload})


def access_changed(member_id: int, reason: str, *, session_key: str | None = None) -> None:
    """Membership, role, suspension or session changed: the member's sockets re-check.

    ``session_key`` names the session that ended (log-out): sockets opened with it close.
    """
    publish_on_commit(
        member_channel(member_id),
        {"type": "access.changed", "reason": reason, "session_key": session_key or ""},
    )


def group_access_changed(group_id: int) -> None:
    """A group's visibility changed: every socket reading it re-checks its access."""
    publish_on_commit(ACCESS_CHANNEL, {"type": "access.group", "group_id": group_id})


def on_user_logged_out(sender, request=None, user=None, **kwargs) -> None:
    """``user_logged_out`` receiver: end the live subscriptions of that session."""
    if user is None or not getattr(user, "pk", None):
        return
    session = getattr(request, "session", None)
    access_changed(user.pk, "logout", session_key=getattr(session, "session_key", None))


def on_account_changed(sender, member_id=None, reason="account", **kwargs) -> None:
    """A password changed, an account (de)activated: the member's sockets re-check their
    session and close (4001) where it no longer logs them in."""
    member = kwargs.get("user")
    member_id = member_id or getattr(member, "pk", None)
    if member_id:
        access_changed(member_id, reason)


def on_session_deleted(sender, instance=None, **kwargs) -> None:
    """A session row deleted (by the admin, a clean-up, a "log out everywhere"): the
    sockets opened with it close (4001), also while its cached copy would still answer."""
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.core.cache import caches

    try:
        member_id = instance.get_decoded().get(SESSION_KEY)
    except Exception:  # an undecodable session logs nobody in
        return
    if settings.SESSION_ENGINE.endswith("cached_db"):
        from django.contrib.sessions.backends.cached_db import KEY_PREFIX

        caches[settings.SESSION_CACHE_ALIAS].delete(KEY_PREFIX + instance.session_key)
    if member_id:
        access_changed(int(member_id), "logout", session_key=instance.session_key)


def connect_signals() -> None:
    from allauth.account import signals as allauth_signals
    from django.contrib.auth.signals import user_logged_out
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete

    from community.signals import account_changed

    user_logged_out.connect(on_user_logged_out, dispatch_uid="groups.events.logout")
    account_changed.connect(on_account_changed, dispatch_uid="groups.events.account")
    for signal in (
        allauth_signals.password_changed,
        allauth_signals.password_set,
        allauth_signals.password_reset,
    ):
        signal.connect(on_account_changed, dispatch_uid=f"groups.events.{id(signal)}")
    post_delete.connect(on_session_deleted, sender=Session, dispatch_uid="groups.events.session")
