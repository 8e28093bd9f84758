"""The live socket ``/ws/``: one WebSocket per browser tab, multiplexing subscriptions (the
protocol is described in ``groups.live.protocol``).

Scale. Channels' ``AsyncConsumer.dispatch`` runs ``close_old_connections()`` in a worker
thread before every handler call; with thousands of pushed events a second those thread
hops dominated. This consumer has no channel-layer channel of its own: the process hub
(``groups.live.hub``) delivers events by calling ``deliver`` directly, and ``dispatch``
only handles the client's own frames, whose database work goes through ``db_call``
(which closes stale connections itself, on the thread pool).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import uuid

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.utils import await_many_dispatch
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.errors import ActionError

from .. import events
from ..toets.live import toets_channel
from ..visibility import Audience
from .catchup import CatchUpMixin
from .database import (
    SessionEnded,
    db_call,
    load_access,
    post_reply,
    readable_thread,
    refresh_state,
)
from .database import catch_up as load_catch_up
from .delivery import DeliveryMixin
from .hub import LayerUnavailable, get_hub
from .outbox import OutboxMixin
from .protocol import (
    CLOSE_FORBIDDEN,
    CLOSE_LOGGED_OUT,
    CLOSE_SERVER_ERROR,
    CLOSE_TOO_BIG,
    CLOSE_TRY_AGAIN,
    MAX_FRAME,
    MAX_OVERSIZED,
    Refused,
    Subscription,
    login_required,
    not_found,
    parse_topic,
)
from .toets import ToetsLiveMixin

logger = logging.getLogger(__name__)


class LiveConsumer(
    ToetsLiveMixin, CatchUpMixin, DeliveryMixin, OutboxMixin, AsyncJsonWebsocketConsumer
):
    """One socket; see the module docstring for the protocol."""

    # --- plumbing: no per-consumer channel, no per-message thread hop ----------------

    async def __call__(self, scope, receive, send):
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            await await_many_dispatch([receive], self.dispatch)
        except StopConsumer:
            pass
        finally:
            await self._cleanup()

    async def dispatch(self, message):
        handler = {
            "websocket.connect": self.websocket_connect,
            "websocket.receive": self.websocket_receive,
            "websocket.disconnect": self.websocket_disconnect,
        }.get(message["type"])
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        try:
            await handler(message)
        except LayerUnavailable:
            # No live events without the channel layer; a socket that stayed open would
            # miss them silently. Logged once per outage by the hub.
            await self.close(code=CLOSE_TRY_AGAIN)

    # --- connection ---------------------------------------------------------------

    async def connect(self):
        self.socket_id = uuid.uuid4().hex[:16]
        self.subscriptions: dict[str, Subscription] = {}
        # Frames waiting to be written by this socket's writer (groups.live.outbox).
        self.open_outbox()
        self.oversized = 0
        self.closed = False
        self.hub = None
        self.member = None
        self.access = Audience()
        self.notifications = False
        # Work started beside a delivery (spawn): kept until it ends, failures logged.
        self.tasks: set[asyncio.Task] = set()
        user = self.scope.get("user")
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None) or ""
        if user is not None and user.is_authenticated:
            # SocketAuthMiddleware has just loaded the member and checked the session.
            self.member = user
            problem = CLOSE_FORBIDDEN if user.is_suspended else None
            if problem is None:
                self.access = await db_call(load_access)(user)
            if problem == CLOSE_FORBIDDEN:
                await self.accept()
                await self._send_now(self._error_frame(*self._suspended()))
                await self.close(code=CLOSE_FORBIDDEN)
                self.closed = True
                return
        await self.accept()
        self.hub = get_hub()
        self.hub.sockets.add(self)
        if self.access.authenticated:
            await self.hub.subscribe(events.member_channel(self.access.member_id), self)

    async def websocket_disconnect(self, message):
        await self._cleanup()
        raise StopConsumer()

    async def _cleanup(self):
        if getattr(self, "hub", None) is None:
            return
        hub, self.hub = self.hub, None
        self.closed = True
        for subscription in list(self.subscriptions.values()):
            await self._end(hub, subscription)
        self.subscriptions.clear()
        if self.access.authenticated:
            await hub.unsubscribe(events.member_channel(self.access.member_id), self)
        hub.sockets.discard(self)
        self.stop_writer()

    async def _end(self, hub, subscription: Subscription) -> None:
        if subscription.kind == "me":
            self.notifications = False
            return
        await hub.unsubscribe(self._layer_topic(subscription), self)
        if subscription.kind == "thread":
            await hub.reader_left(subscription.ident, self.access.member_id, self.socket_id)

    @staticmethod
    def _layer_topic(subscription: Subscription) -> str:
        if subscription.kind == "thread":
            return events.thread_channel(subscription.ident)
        if subscription.kind == "toets":
            return toets_channel(subscription.ident)
        return events.group_channel(subscription.ident)

    # --- work beside a delivery ------------------------------------------------------

    def spawn(self, work, what: str) -> None:
        """Run the coroutine ``work`` beside the synchronous delivery that asked for it.
        The task is kept until it ends (the loop holds only a weak reference) and a
        failure is logged with the socket, the member and ``what`` it was, never lost.
        A failed access re-check closes the socket: an error in a check denies, it never
        keeps the old access (the client reconnects and loads its access afresh)."""
        task = asyncio.ensure_future(work)
        self.tasks.add(task)
        task.add_done_callback(functools.partial(self._spawned_done, what))

    def _spawned_done(self, what: str, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        logger.error(
            "live socket %s (member %s): %s failed",
            getattr(self, "socket_id", "?"),
            self.access.member_id,
            what,
            exc_info=task.exception(),
        )
        if what == "access re-check" and not self.closed:
            self.closed = True
            closing = asyncio.ensure_future(self._close_after_error())
            self.tasks.add(closing)
            closing.add_done_callback(self.tasks.discard)

    async def _close_after_error(self) -> None:
        try:
            await self.close(code=CLOSE_SERVER_ERROR)
        finally:
            await self._cleanup()

    # --- outgoing -----------------------------------------------------------------

    @staticmethod
    def _error_frame(code: str, message: str, **extra) -> str:
        return json.dumps({"type": "error", "code": code, "message": message, **extra})

    def _suspended(self) -> tuple[str, str]:
        return "suspended", _("Your account is suspended; live updates have stopped.")

    # --- incoming -----------------------------------------------------------------

    async def websocket_receive(self, message):
        if self.closed:
            return
        text = message.get("text")
        if text is None:
            self.send_event(
                {"type": "error", "code": "bad_frame", "message": _("Send text messages only.")}
            )
            return
        size = len(text) if text.isascii() else len(text.encode())
        if size > MAX_FRAME:
            self.oversized += 1
            self.send_event(
                {
                    "type": "error",
                    "code": "too_large",
                    "message": _("This message is too long (at most 64 KB)."),
                }
            )
            if self.oversized > MAX_OVERSIZED or size > 4 * MAX_FRAME:
                # Let the error out first, then close.
                await asyncio.sleep(0)
                await self.close(code=CLOSE_TOO_BIG)
                self.closed = True
            return
        try:
            content = json.loads(text)
        except (ValueError, RecursionError):
            content = None
        if not isinstance(content, dict):
            self.send_event(
                {
                    "type": "error",
                    "code": "bad_json",
                    "message": _("The message could not be read (invalid JSON)."),
                }
            )
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        ref = content.get("ref")
        if not isinstance(ref, str | int) or isinstance(ref, bool) or len(str(ref)) > 64:
            ref = None
        action = content.get("action")
        handler = {
            "subscribe": self.subscribe,
            "unsubscribe": self.unsubscribe,
            "reply": self.reply,
            "fetch": self.fetch,
            "ping": self.ping,
        }.get(action if isinstance(action, str) else "")
        extra = {"ref": ref} if ref is not None else {}
        if handler is None:
            self.send_event(
                {"type": "error", "code": "bad_action", "message": _("Unknown request."), **extra}
            )
            return
        try:
            await handler(content, extra)
        except Refused as refused:
            topic = content.get("topic")
            if isinstance(topic, str) and len(topic) < 40:
                extra["topic"] = topic
            self.push(self._error_frame(refused.code, refused.message, **extra))

    async def ping(self, content, extra):
        self.send_event({"type": "pong", **extra})

    async def subscribe(self, content, extra):
        kind, ident = parse_topic(content.get("topic"))
        if not self.access.authenticated:
            raise login_required()
        topic = "me" if kind == "me" else f"{kind}:{ident}"
        if kind == "me":
            self.notifications = True
            self.subscriptions[topic] = Subscription(topic, kind, None)
            self.send_event({"type": "subscribed", "topic": topic, **extra})
            return
        if kind == "group":
            await self._subscribe_group(topic, ident, extra)
        elif kind == "toets":
            await self._subscribe_toets(topic, ident, extra)
        else:
            last_number = content.get("last_number")
            if last_number is not None and (
                not isinstance(last_number, int) or isinstance(last_number, bool)
            ):
                raise Refused("bad_number", _("The post number must be a whole number."))
            await self._subscribe_thread(topic, ident, last_number, extra)

    async def _subscribe_group(self, topic, group_id, extra):
        from ..models import ThinkGroup

        def titles_visible():
            return ThinkGroup.objects.titles_visible_to(self.member).filter(pk=group_id).exists()

        if not await db_call(titles_visible)():
            raise Refused(
                "not_found", _("This group does not exist or you may not follow its discussions.")
            )
        self.access.titles.add(group_id)
        subscription = Subscription(topic, "group", group_id, group_id=group_id)
        if topic not in self.subscriptions:
            self.subscriptions[topic] = subscription
            await self.hub.subscribe(self._layer_topic(subscription), self)
        self.send_event({"type": "subscribed", "topic": topic, **extra})

    async def _subscribe_thread(self, topic, thread_id, last_number, extra):
        thread = await db_call(readable_thread)(self.member, thread_id)
        if thread is None:
            raise not_found()
        self.access.readable.add(thread["group_id"])
        subscription = Subscription(
            topic,
            "thread",
            thread_id,
            group_id=thread["group_id"],
            thread_hidden=thread["is_hidden"],
        )
        new = topic not in self.subscriptions
        self.subscriptions[topic] = subscription
        if new:
            # Subscribe before reading the database: a post committed in between then
            # arrives twice (the client dedupes by number) instead of never.
            await self.hub.subscribe(self._layer_topic(subscription), self)
        if last_number is not None:
            posts, more = await db_call(load_catch_up)(self.member, thread_id, max(last_number, 0))
            for post in posts:
                self.send_event({"type": "post", "topic": topic, "event": "catch_up", **post})
            if more:
                self.send_event(
                    {
                        "type": "error",
                        "code": "too_far_behind",
                        "topic": topic,
                        "message": _(
                            "Many new messages have arrived; reload the page to read them all."
                        ),
                    }
                )
        readers = None
        if new:
            readers = await self.hub.reader_joined(thread_id, self.member.pk, self.socket_id)
        frame = {
            "type": "subscribed",
            "topic": topic,
            "last_number": thread["last_number"],
            "locked": thread["is_locked"],
            **extra,
        }
        if readers is not None:
            frame["readers"] = readers
        self.send_event(frame)

    async def unsubscribe(self, content, extra):
        kind, ident = parse_topic(content.get("topic"))
        topic = "me" if kind == "me" else f"{kind}:{ident}"
        subscription = self.subscriptions.pop(topic, None)
        if subscription is not None and self.hub is not None:
            await self._end(self.hub, subscription)
        self.send_event({"type": "unsubscribed", "topic": topic, "reason": "request", **extra})

    async def reply(self, content, extra):
        if not self.access.authenticated:
            raise login_required()
        kind, ident = parse_topic(content.get("topic"))
        if kind != "thread":
            raise Refused("bad_topic", _("Replies go to a discussion."))
        body = content.get("body")
        if not isinstance(body, str):
            raise Refused("invalid", _("Write a message first."))
        quote = content.get("quote")
        if quote is not None and (not isinstance(quote, int) or isinstance(quote, bool)):
            raise Refused("bad_number", _("The post number must be a whole number."))
        try:
            # "confirm_privacy": true after the privacy guard's warning (error code
            # privacy_check_required) was shown and the author confirmed.
            number = await db_call(post_reply)(
                self.member.pk,
                ident,
                body,
                quote,
                content.get("confirm_privacy") is True,
                self.session_key,
            )
        except SessionEnded:
            # Logged out, expired, deleted, password changed or deactivated: nothing is
            # posted, and the socket closes as at any other end of the session.
            await self.session_ended()
            return
        except ActionError as error:
            raise Refused(error.code or "invalid", error.messages[0]) from None
        except Http404:
            raise not_found() from None
        except PermissionDenied as denied:
            raise Refused(
                "forbidden", str(denied) or _("You may not post in this discussion.")
            ) from None
        self.send_event({"type": "reply_ok", "topic": f"thread:{ident}", "number": number, **extra})

    # --- access changes -----------------------------------------------------------

    def group_access_changed(self, group_id) -> None:
        if any(s.group_id == group_id for s in self.subscriptions.values()):
            self.spawn(self.access_changed("group", ""), "access re-check")

    async def session_ended(self) -> None:
        await self._shut(CLOSE_LOGGED_OUT, "logged_out", _("You have logged out."))

    async def access_changed(self, reason: str, session_key: str) -> None:
        if self.closed or not self.access.authenticated:
            return
        if reason == "logout" and session_key and session_key == self.session_key:
            await self._shut(CLOSE_LOGGED_OUT, "logged_out", _("You have logged out."))
            return
        member, access, problem = await db_call(refresh_state)(
            self.access.member_id, self.session_key
        )
        if problem == CLOSE_LOGGED_OUT:
            await self._shut(CLOSE_LOGGED_OUT, "logged_out", _("You have logged out."))
            return
        if problem == CLOSE_FORBIDDEN:
            await self._shut(CLOSE_FORBIDDEN, *self._suspended())
            return
        self.member, self.access = member, access
        for subscription in list(self.subscriptions.values()):
            if subscription.kind == "thread":
                allowed = access.can_read(
                    subscription.group_id, thread_hidden=subscription.thread_hidden
                )
            elif subscription.kind == "group":
                allowed = access.can_see_titles(subscription.group_id)
            elif subscription.kind == "toets":
                allowed = await self._toets_allowed(subscription.ident)
            else:
                allowed = True
            if not allowed:
                await self._revoke(subscription, "access")

    async def _revoke(self, subscription: Subscription, reason: str) -> None:
        if self.subscriptions.pop(subscription.topic, None) is None:
            return
        if self.hub is not None:
            await self._end(self.hub, subscription)
        self.send_event(
            {
                "type": "unsubscribed",
                "topic": subscription.topic,
                "reason": reason,
                "message": _("You can no longer follow this discussion live."),
            }
        )

    async def _shut(self, code: int, error: str, message: str) -> None:
        """End every subscription, tell the reader why, close the socket."""
        if self.closed:
            return
        for subscription in list(self.subscriptions.values()):
            await self._revoke(subscription, "access")
        # Flush what is queued, then the reason, then close.
        await self.flush()
        self.closed = True
        await self._send_now(self._error_frame(error, message))
        await self.close(code=code)
        await self._cleanup()
