"""The live socket ``/ws/``: one WebSocket per browser tab, multiplexing subscriptions.

Protocol (JSON text frames, at most 64 KB each).

Client → server, each an object with an ``action``; an optional ``ref`` is echoed back
in the answer so the client can match answers to requests:

- ``{"action": "subscribe", "topic": "thread:12", "last_number": 40}``: live posts of a
  thread. With ``last_number`` the server first sends, from the database, every post
  after that number the reader may see (in order), then live events. A client sends
  the highest number it has seen; it may receive a post twice (catch-up and live) and
  deduplicates by number.
- ``{"action": "subscribe", "topic": "group:3"}``: thread-list changes of a group.
- ``{"action": "subscribe", "topic": "me"}``: the member's notifications (a logged-in
  socket is subscribed to its access changes anyway).
- ``{"action": "unsubscribe", "topic": "thread:12"}``
- ``{"action": "reply", "topic": "thread:12", "body": "…", "quote": 3, "ref": "r1"}``:
  posts through ``groups.actions.reply``, the same write function as the reply form
  (``quote``, optional: the number of the quoted post).
- ``{"action": "ping"}``

Server → client, each an object with a ``type``:

- ``subscribed`` {topic, last_number?, readers?} — after the catch-up posts of a thread;
- ``post`` {topic, number, post_id, event, html} — the rendered post partial (insert or
  replace by number);
- ``post_removed`` {topic, number, reason} — a post hidden by a moderator or held for
  review, sent to readers who may not see it (moderators get a ``post`` with the partial);
  a deleted post arrives as a ``post`` with the partial's "deleted" placeholder;
- ``thread`` {topic, thread_id, event, locked, hidden} — lock/hide/rename… of a subscribed
  thread;
- ``thread_row`` {topic, thread_id, event, html} and ``thread_row_removed`` {topic,
  thread_id} — the group page's thread list;
- ``presence`` {topic, readers, others} — distinct members reading the thread along
  (``others``: besides the receiver);
- ``notification`` {topic: "me", event, …} — ``event`` is ``notification`` (kind, text,
  url) or ``notifications_read`` (count);
- ``unsubscribed`` {topic, reason, message} — access ended (left or removed from the
  group, thread hidden, …); the client stops showing live updates for it;
- ``reply_ok`` {ref, topic, number};
- ``error`` {code, message, ref?, topic?} — ``message`` is Dutch and meant for the reader;
  the socket stays usable;
- ``pong`` {ref?}.

Close codes: 4001 logged out (the session ended), 4003 not allowed (suspended), 4008
too slow (outbox overflow; reconnect and catch up), 1009 abusive oversized frames, 1013
try again later (the channel layer's Redis is down; reconnect with backoff and catch up).
The client reconnects after 4008, 1013 and network errors, not after 4001/4003.

Permissions. Anonymous sockets are accepted (the page works the same for everyone) but
may subscribe to nothing: every subscription and reply gets a ``login_required`` error.
A subscription is checked with the shared permission querysets before it is accepted;
a private group's thread answers exactly like an unknown id (``not_found``). Every pushed
event is filtered per socket from access state kept on the socket (readable, title-
visible and moderated group ids, bureau flag): no database query per delivery. An
``access.changed`` event (membership, role, suspension, log-out) reloads that state and
ends subscriptions that are no longer allowed.

Scale. Channels' ``AsyncConsumer.dispatch`` runs ``close_old_connections()`` in a worker
thread before every handler call; with thousands of pushed events a second those thread
hops dominated. This consumer has no channel-layer channel of its own: the process hub
(``groups.hub``) delivers events by calling ``deliver`` directly, and ``dispatch`` only
handles the client's own frames, whose database work goes through
``db_call`` (which closes stale connections itself, on the thread pool).
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from channels.db import DatabaseSyncToAsync
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.utils import await_many_dispatch
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from . import events
from .hub import LayerUnavailable, get_hub

logger = logging.getLogger(__name__)


_db_threads: ThreadPoolExecutor | None = None


def db_call(func):
    """Run ORM work in the live sockets' thread pool, closing stale connections around it.

    Channels' ``database_sync_to_async`` is thread-sensitive: every consumer of the
    process queues behind ONE thread. Socket work touches no thread-bound state, so it
    runs on a small pool of its own (each thread keeps its own connection), and a
    thousand sockets connecting, or replies being written, no longer wait for each other.

    Small, because more threads do not write faster: replies to one thread queue for its
    row lock anyway, and every extra thread competes with the event loop for the GIL
    and, while rendering, for the locks inside asgiref's context-local storage (py-spy
    under fan-out load). Fewer threads held the lock for less time (bench_fanout.py).
    """
    global _db_threads
    if _db_threads is None:
        _db_threads = ThreadPoolExecutor(
            max_workers=settings.LIVE_DB_THREADS, thread_name_prefix="live-db"
        )
    return DatabaseSyncToAsync(func, thread_sensitive=False, executor=_db_threads)


MAX_FRAME = 64 * 1024
# More oversized frames than this (or one absurdly large) and the socket is closed.
MAX_OVERSIZED = 3
OUTBOX_SIZE = 512
CATCH_UP_LIMIT = 200

CLOSE_LOGGED_OUT = 4001
CLOSE_FORBIDDEN = 4003
CLOSE_TOO_SLOW = 4008
CLOSE_TOO_BIG = 1009
# The channel layer (Redis) is down: live.js reconnects with backoff and catches up.
CLOSE_TRY_AGAIN = 1013


@dataclass
class Access:
    """What one socket may see; reloaded on ``access.changed``."""

    member_id: int | None = None
    bureau: bool = False
    readable: set[int] = field(default_factory=set)
    titles: set[int] = field(default_factory=set)
    moderated: set[int] = field(default_factory=set)

    @property
    def authenticated(self) -> bool:
        return self.member_id is not None

    def can_read(self, group_id: int, *, thread_hidden: bool = False) -> bool:
        if self.bureau:
            return True
        if group_id not in self.readable:
            return False
        return not thread_hidden or group_id in self.moderated

    def can_see_titles(self, group_id: int) -> bool:
        return self.bureau or group_id in self.titles

    def moderates(self, group_id: int) -> bool:
        return self.bureau or group_id in self.moderated


class Refused(Exception):
    """A client request that is answered with an ``error`` event."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# --- database work (run through db_call) ----------------------------------------------


def load_member(member_id):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=member_id, is_active=True).first()


def session_is_valid(session_key: str, member) -> bool:
    """The session still exists and still belongs to the member (not logged out, the
    password not changed)."""
    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.crypto import constant_time_compare
    from django.utils.module_loading import import_string

    if not session_key:
        return False
    from django.conf import settings

    store: SessionBase = import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key)
    if str(store.get(SESSION_KEY, "")) != str(member.pk):
        return False
    session_hash = store.get(HASH_SESSION_KEY, "")
    return bool(session_hash) and constant_time_compare(
        session_hash, member.get_session_auth_hash()
    )


def load_access(member) -> Access:
    from .models import ThinkGroup

    if member is None or not member.is_authenticated:
        return Access()
    groups = ThinkGroup.objects
    return Access(
        member_id=member.pk,
        bureau=member.is_bureau,
        readable=set(groups.readable_by(member).values_list("pk", flat=True)),
        titles=set(groups.titles_visible_to(member).values_list("pk", flat=True)),
        moderated=set(groups.moderated_by(member).values_list("pk", flat=True)),
    )


def refresh_state(member_id: int, session_key: str):
    """(member, access, problem) after an access change; problem is a close code."""
    member = load_member(member_id)
    if member is None or not session_is_valid(session_key, member):
        return None, Access(), CLOSE_LOGGED_OUT
    if member.is_suspended:
        return member, Access(), CLOSE_FORBIDDEN
    return member, load_access(member), None


def readable_thread(member, thread_id: int):
    from .models import Thread

    return (
        Thread.objects.readable_by(member)
        .filter(pk=thread_id)
        .values("pk", "group_id", "is_hidden", "last_number", "is_locked")
        .first()
    )


def catch_up(member, thread_id: int, after: int) -> tuple[list[dict], bool]:
    """Readable posts after ``after``, rendered, oldest first; and whether more exist."""
    from .models import Post

    posts = list(
        Post.objects.readable_by(member)
        .filter(thread_id=thread_id, number__gt=after)
        .select_related("author", "thread", "thread__group", "quoted_post")
        .order_by("number")[: CATCH_UP_LIMIT + 1]
    )
    more = len(posts) > CATCH_UP_LIMIT
    return [
        {"number": p.number, "post_id": p.pk, "html": events.render_post(p)}
        for p in posts[:CATCH_UP_LIMIT]
    ], more


def post_reply(
    member_id: int,
    thread_id: int,
    body: str,
    quote: int | None = None,
    confirm_privacy: bool = False,
) -> int:
    from django.contrib.auth import get_user_model

    from . import actions
    from .models import Post, Thread

    member = get_user_model().objects.get(pk=member_id)
    thread = Thread.objects.select_related("group").filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    quoted = None
    if quote is not None:
        # actions.reply checks that the quoted post is readable and in this thread.
        quoted = Post.objects.filter(thread=thread, number=quote).first()
    post = actions.reply(
        member=member,
        thread=thread,
        body=body,
        quoted_post=quoted,
        confirm_privacy=confirm_privacy,
    )
    return post.number


def _not_found() -> Refused:
    # The same answer for an unknown id and a private group: existence does not leak.
    return Refused("not_found", _("This discussion does not exist or you may not read it."))


def _login_required() -> Refused:
    return Refused("login_required", _("Log in to follow discussions live."))


def parse_topic(topic) -> tuple[str, int | None]:
    if topic == "me":
        return "me", None
    if isinstance(topic, str) and ":" in topic:
        kind, _sep, ident = topic.partition(":")
        if kind in ("thread", "group") and ident.isdecimal() and len(ident) < 19:
            return kind, int(ident)
    raise Refused("bad_topic", _("Unknown subscription."))


@dataclass
class Subscription:
    topic: str  # the client's name: thread:12, group:3, me
    kind: str
    ident: int | None
    group_id: int | None = None
    thread_hidden: bool = False


class LiveConsumer(AsyncJsonWebsocketConsumer):
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
        # Frames waiting to be written; the hub's one flusher writes them (see push).
        self.outbox: collections.deque[str] = collections.deque()
        self.oversized = 0
        self.closed = False
        self.hub = None
        self.member = None
        self.access = Access()
        self.notifications = False
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
        self.outbox.clear()

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
        return events.group_channel(subscription.ident)

    # --- outgoing -----------------------------------------------------------------

    async def _send_now(self, frame: str) -> None:
        await self.base_send({"type": "websocket.send", "text": frame})

    def push(self, frame: str) -> bool:
        """Queue a frame for the hub's flusher; a full outbox means a client (or a server)
        that does not keep up: the socket closes and the reader catches up on reconnect."""
        if self.closed or self.hub is None:
            return False
        if len(self.outbox) >= OUTBOX_SIZE:
            self.closed = True
            self.outbox.clear()
            logger.info("live socket %s too slow; closing it", self.socket_id)
            asyncio.ensure_future(self._close_slow())
            return False
        self.outbox.append(frame)
        self.hub.mark_pending(self)
        return True

    async def flush(self) -> None:
        """Write the queued frames (called by the hub's flusher, one socket at a time)."""
        outbox = self.outbox
        while outbox and not self.closed:
            try:
                await self._send_now(outbox.popleft())
            except OSError:
                # The client went away with frames still queued (uvicorn says so with
                # ClientDisconnected); its disconnect event cleans up. Nothing to log.
                self.closed = True
                outbox.clear()

    async def _close_slow(self):
        await self.close(code=CLOSE_TOO_SLOW)
        await self._cleanup()

    def send_event(self, payload: dict) -> bool:
        return self.push(json.dumps(payload))

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
            raise _login_required()
        topic = "me" if kind == "me" else f"{kind}:{ident}"
        if kind == "me":
            self.notifications = True
            self.subscriptions[topic] = Subscription(topic, kind, None)
            self.send_event({"type": "subscribed", "topic": topic, **extra})
            return
        if kind == "group":
            await self._subscribe_group(topic, ident, extra)
        else:
            last_number = content.get("last_number")
            if last_number is not None and (
                not isinstance(last_number, int) or isinstance(last_number, bool)
            ):
                raise Refused("bad_number", _("The post number must be a whole number."))
            await self._subscribe_thread(topic, ident, last_number, extra)

    async def _subscribe_group(self, topic, group_id, extra):
        from .models import ThinkGroup

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
            raise _not_found()
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
            posts, more = await db_call(catch_up)(self.member, thread_id, max(last_number, 0))
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
            raise _login_required()
        kind, ident = parse_topic(content.get("topic"))
        if kind != "thread":
            raise Refused("bad_topic", _("Replies go to a discussion."))
        body = content.get("body")
        if not isinstance(body, str):
            raise Refused("invalid", _("Write a message first."))
        quote = content.get("quote")
        if quote is not None and (not isinstance(quote, int) or isinstance(quote, bool)):
            raise Refused("bad_number", _("The post number must be a whole number."))
        from .actions import ActionError

        try:
            # "confirm_privacy": true after the privacy guard's warning (error code
            # privacy_check_required) was shown and the author confirmed.
            number = await db_call(post_reply)(
                self.member.pk, ident, body, quote, content.get("confirm_privacy") is True
            )
        except ActionError as error:
            raise Refused(error.code or "invalid", error.messages[0]) from None
        except Http404:
            raise _not_found() from None
        except PermissionDenied as denied:
            raise Refused(
                "forbidden", str(denied) or _("You may not post in this discussion.")
            ) from None
        self.send_event({"type": "reply_ok", "topic": f"thread:{ident}", "number": number, **extra})

    # --- events from the hub (synchronous: no awaiting per delivery) -------------------

    def deliver(self, layer_topic: str, message: dict, frames: dict) -> bool:
        kind = message.get("type")
        if kind == "post.event":
            return self._deliver_post(message, frames)
        if kind == "thread.event":
            return self._deliver_thread(layer_topic, message, frames)
        if kind == "presence":
            return self._deliver_presence(message, frames)
        if kind == "member.event":
            if not self.notifications:
                return False
            payload = {k: v for k, v in message.items() if k not in ("type", "topic")}
            return self.send_event({"type": "notification", "topic": "me", **payload})
        if kind == "access.changed":
            asyncio.ensure_future(
                self.access_changed(message.get("reason", ""), message.get("session_key", ""))
            )
            return False
        return False

    def _shared(self, frames: dict, key, build) -> str:
        frame = frames.get(key)
        if frame is None:
            frame = frames[key] = json.dumps(build())
        return frame

    def _deliver_post(self, message, frames) -> bool:
        group_id = message["group_id"]
        topic = f"thread:{message['thread_id']}"
        if topic not in self.subscriptions:
            return False
        if not self.access.can_read(group_id, thread_hidden=message["thread_hidden"]):
            return False
        moderator = self.access.moderates(group_id)
        reason = None
        if message["deleted"]:
            pass  # everyone sees the "deleted" placeholder, as on the page
        elif message["hidden"] and not moderator:
            reason = "hidden"
        elif message["held"] and not moderator and message["author_id"] != self.access.member_id:
            if message["event"] == "created":
                return False  # never announce a post held for review
            reason = "hidden"
        if reason is not None:
            return self.push(
                self._shared(
                    frames,
                    ("removed", reason),
                    lambda: {
                        "type": "post_removed",
                        "topic": topic,
                        "number": message["number"],
                        "reason": reason,
                    },
                )
            )
        return self.push(
            self._shared(
                frames,
                "post",
                lambda: {
                    "type": "post",
                    "topic": topic,
                    "event": message["event"],
                    "number": message["number"],
                    "post_id": message["post_id"],
                    "html": message["html"],
                },
            )
        )

    def _deliver_thread(self, layer_topic, message, frames) -> bool:
        group_id = message["group_id"]
        thread_id = message["thread_id"]
        if layer_topic.startswith("thread."):
            topic = f"thread:{thread_id}"
            subscription = self.subscriptions.get(topic)
            if subscription is None:
                return False
            subscription.group_id = group_id
            subscription.thread_hidden = message["hidden"]
            if not self.access.can_read(group_id, thread_hidden=message["hidden"]):
                asyncio.ensure_future(self._revoke(subscription, "access"))
                return False
            if message["event"] in ("replied", "created"):
                return False  # the post event says it all
            return self.push(
                self._shared(
                    frames,
                    "thread",
                    lambda: {
                        "type": "thread",
                        "topic": topic,
                        "thread_id": thread_id,
                        "event": message["event"],
                        "locked": message["locked"],
                        "hidden": message["hidden"],
                    },
                )
            )
        subscribed_group = int(layer_topic.partition(".")[2])
        topic = f"group:{subscribed_group}"
        if topic not in self.subscriptions or not self.access.can_see_titles(subscribed_group):
            return False
        visible = (
            group_id == subscribed_group
            and self.access.can_see_titles(group_id)
            and (not message["hidden"] or self.access.moderates(group_id))
        )
        if not visible:
            return self.push(
                self._shared(
                    frames,
                    ("row_removed", topic),
                    lambda: {"type": "thread_row_removed", "topic": topic, "thread_id": thread_id},
                )
            )
        return self.push(
            self._shared(
                frames,
                ("row", topic),
                lambda: {
                    "type": "thread_row",
                    "topic": topic,
                    "thread_id": thread_id,
                    "event": message["event"],
                    "html": message["html"],
                },
            )
        )

    def _deliver_presence(self, message, frames) -> bool:
        topic = f"thread:{message['thread_id']}"
        if topic not in self.subscriptions:
            return False
        readers = message["readers"]
        return self.push(
            self._shared(
                frames,
                "presence",
                lambda: {
                    "type": "presence",
                    "topic": topic,
                    "readers": readers,
                    "others": max(readers - 1, 0),
                },
            )
        )

    # --- access changes -----------------------------------------------------------

    def group_access_changed(self, group_id) -> None:
        if any(s.group_id == group_id for s in self.subscriptions.values()):
            asyncio.ensure_future(self.access_changed("group", ""))

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
