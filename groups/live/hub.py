"""The per-process live hub: one channel-layer subscription per topic, fanned out locally.

Each server process (one event loop) has one ``Hub``. It owns ONE channel-layer channel
and adds it to a channel-layer group (``thread.12``, ``group.3``, ``member.7``) when the
first local socket needs that topic, and discards it when the last one leaves. With
``RedisPubSubChannelLayer`` that is one Redis pub/sub subscription per topic in use per
process, instead of one per socket; with the in-memory layer (``make run``, one process)
the same code runs unchanged.

Every event that arrives is handed synchronously to each local socket subscribed to the
topic (``socket.deliver``). The socket decides from its own access state whether and
what to forward; identical frames are JSON-encoded once per event and shared through
a per-event cache. Each socket writes from a bounded outbox with a writer of its own
(``groups.live.outbox``), so one slow client never stalls the hub or the other sockets:
when its outbox is full, or a write waits too long, it is closed with 4008 and catches
up from the database when it reconnects.

Presence (how many colleagues read a thread along) lives in a Redis sorted set per
thread when ``REDIS_URL`` is set (entries expire unless the owning process renews
them, so a crashed process does not leave ghosts), and in this process otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
import weakref
from collections import Counter, defaultdict

from channels.layers import get_channel_layer
from django.conf import settings

from core.outage import Outage

from .. import events
from . import watch

logger = logging.getLogger(__name__)

# Joining the channel layer while Redis is down: refused at once (one try a second) and
# logged once per outage. The socket that asked is closed with CLOSE_TRY_AGAIN; live.js
# reconnects with backoff and catches up from the database once Redis answers.
subscribe_outage = Outage("Redis channel layer (subscribing)")


class LayerUnavailable(Exception):
    """The channel layer could not be joined (Redis down)."""


PRESENCE_TTL = 45  # seconds an entry lives without a heartbeat
HEARTBEAT = 15  # seconds between heartbeats
PRESENCE_DEBOUNCE = 0.5  # seconds: presence changes are coalesced per thread


class LocalPresence:
    """Readers per thread inside this process (the one-process ``make run`` set-up)."""

    def __init__(self):
        self.readers: dict[int, Counter] = defaultdict(Counter)

    async def join(self, thread_id: int, member_id: int, socket_id: str) -> int:
        self.readers[thread_id][member_id] += 1
        return len(self.readers[thread_id])

    async def leave(self, thread_id: int, member_id: int, socket_id: str) -> int:
        readers = self.readers.get(thread_id)
        if readers is None:
            return 0
        readers[member_id] -= 1
        if readers[member_id] <= 0:
            del readers[member_id]
        if not readers:
            del self.readers[thread_id]
        return len(readers)

    async def count(self, thread_id: int) -> int:
        return len(self.readers.get(thread_id, ()))

    async def refresh(self, entries: dict[int, set[tuple[int, str]]]) -> dict[int, int]:
        return {thread_id: len(self.readers.get(thread_id, ())) for thread_id in entries}

    async def close(self):
        pass


class RedisPresence:
    """Readers per thread across processes: a sorted set per thread, scored by expiry."""

    def __init__(self, url: str, prefix: str):
        from redis import asyncio as aioredis

        # A bounded pool that waits for a free connection: a thousand readers arriving at
        # once must queue for a few connections, not fail with "too many connections".
        pool = aioredis.BlockingConnectionPool.from_url(url, max_connections=8, timeout=None)
        self.redis = aioredis.Redis(connection_pool=pool)
        self.prefix = prefix

    def _key(self, thread_id: int) -> str:
        return f"{self.prefix}:presence:thread:{thread_id}"

    async def _count(self, pipe_result) -> int:
        return len({entry.split(b":", 1)[0] for entry in pipe_result})

    async def _touch(self, thread_id: int, entries: dict[str, float]) -> int:
        key = self._key(thread_id)
        now = time.time()
        async with self.redis.pipeline(transaction=False) as pipe:
            if entries:
                pipe.zadd(key, entries)
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zrange(key, 0, -1)
            pipe.expire(key, PRESENCE_TTL)
            result = await pipe.execute()
        return await self._count(result[-2])

    async def join(self, thread_id: int, member_id: int, socket_id: str) -> int:
        return await self._touch(
            thread_id, {f"{member_id}:{socket_id}": time.time() + PRESENCE_TTL}
        )

    async def leave(self, thread_id: int, member_id: int, socket_id: str) -> int:
        await self.redis.zrem(self._key(thread_id), f"{member_id}:{socket_id}")
        return await self._touch(thread_id, {})

    async def count(self, thread_id: int) -> int:
        return await self._touch(thread_id, {})

    async def refresh(self, entries: dict[int, set[tuple[int, str]]]) -> dict[int, int]:
        expiry = time.time() + PRESENCE_TTL
        counts = {}
        for thread_id, readers in entries.items():
            counts[thread_id] = await self._touch(
                thread_id, {f"{member_id}:{socket_id}": expiry for member_id, socket_id in readers}
            )
        return counts

    async def close(self):
        await self.redis.aclose()


class Hub:
    """One per event loop (server process); see the module docstring."""

    def __init__(self):
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.topics: dict[str, set] = {}
        self.sockets: weakref.WeakSet = weakref.WeakSet()
        self.process_id = uuid.uuid4().hex[:12]
        redis_url = getattr(settings, "REDIS_URL", "")
        prefix = settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("prefix", "samendenk")
        self.presence = RedisPresence(redis_url, prefix) if redis_url else LocalPresence()
        # thread id → {(member id, socket id)} of the local sockets reading it.
        self.readers: dict[int, set[tuple[int, str]]] = defaultdict(set)
        self.reader_counts: dict[int, int] = {}
        self._presence_pending: set[int] = set()
        self._start_lock = asyncio.Lock()
        self._tasks: list[asyncio.Task] = []
        self.delivered = 0
        # The layer probe (groups.live.watch): the last probe sent, and whether it came back.
        self.probe_number = 0
        self.probe_back = asyncio.Event()
        self.layer_lost = False

    # --- lifecycle ------------------------------------------------------------------

    async def start(self) -> None:
        async with self._start_lock:
            if self.channel is not None:
                return
            channel = await self._joined(lambda: self.layer.new_channel(prefix="hub."))
            await self._joined(lambda: self.layer.group_add(events.ACCESS_CHANNEL, channel))
            self.channel = channel
            self._tasks = [
                asyncio.ensure_future(self._receive_loop()),
                asyncio.ensure_future(self._heartbeat_loop()),
                *(asyncio.ensure_future(loop(self)) for loop in watch.LOOPS),
            ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        if self.channel is not None:
            for topic in [*self.topics, events.ACCESS_CHANNEL]:
                try:
                    await self.layer.group_discard(topic, self.channel)
                except Exception:
                    logger.exception("hub: discarding %s failed", topic)
        self.topics.clear()
        self.channel = None
        await self.presence.close()

    # --- subscriptions --------------------------------------------------------------

    @staticmethod
    async def _joined(call):
        """``await call()`` (a subscription to the layer), or LayerUnavailable while Redis
        does not answer."""
        if not subscribe_outage.available():
            raise LayerUnavailable(subscribe_outage.cause)
        try:
            result = await call()
        except Exception as error:
            if not events.is_layer_outage(error):
                raise
            subscribe_outage.failed(error)
            raise LayerUnavailable(str(error)) from error
        subscribe_outage.succeeded()
        return result

    async def subscribe(self, topic: str, socket) -> None:
        await self.start()
        sockets = self.topics.get(topic)
        if sockets is None:
            sockets = self.topics[topic] = set()
            sockets.add(socket)
            try:
                await self._joined(lambda: self.layer.group_add(topic, self.channel))
            except LayerUnavailable:
                self.topics.pop(topic, None)
                raise
        else:
            sockets.add(socket)

    async def unsubscribe(self, topic: str, socket) -> None:
        sockets = self.topics.get(topic)
        if sockets is None:
            return
        sockets.discard(socket)
        if not sockets:
            del self.topics[topic]
            if self.channel is not None:
                try:
                    await self.layer.group_discard(topic, self.channel)
                except Exception as error:
                    if not events.is_layer_outage(error):
                        raise
                    subscribe_outage.failed(error)  # the group expires in Redis anyway

    # --- presence -------------------------------------------------------------------

    async def reader_joined(self, thread_id: int, member_id: int, socket_id: str) -> int:
        self.readers[thread_id].add((member_id, socket_id))
        count = await self.presence.join(thread_id, member_id, socket_id)
        self._schedule_presence(thread_id)
        return count

    async def reader_left(self, thread_id: int, member_id: int, socket_id: str) -> None:
        readers = self.readers.get(thread_id)
        if readers is not None:
            readers.discard((member_id, socket_id))
            if not readers:
                del self.readers[thread_id]
        try:
            await self.presence.leave(thread_id, member_id, socket_id)
        except Exception:
            logger.exception("hub: presence leave failed")
            return
        self._schedule_presence(thread_id)

    def _schedule_presence(self, thread_id: int) -> None:
        """Publish the count at most once per PRESENCE_DEBOUNCE per thread and process:
        a count per join would send every reader a frame for every other reader that
        arrives (quadratic when a thousand readers open a popular thread)."""
        if thread_id in self._presence_pending:
            return
        self._presence_pending.add(thread_id)
        asyncio.get_running_loop().call_later(
            PRESENCE_DEBOUNCE, lambda: asyncio.ensure_future(self._flush_presence(thread_id))
        )

    async def _flush_presence(self, thread_id: int) -> None:
        self._presence_pending.discard(thread_id)
        if self.channel is None:
            return  # stopped meanwhile
        try:
            count = await self.presence.count(thread_id)
            await self._publish_presence(thread_id, count)
        except Exception:
            logger.exception("hub: publishing presence failed")

    async def _publish_presence(self, thread_id: int, count: int) -> None:
        if self.reader_counts.get(thread_id) == count:
            return
        self.reader_counts[thread_id] = count
        topic = events.thread_channel(thread_id)
        await self.layer.group_send(
            topic, {"type": "presence", "thread_id": thread_id, "readers": count, "topic": topic}
        )

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT)
            try:
                counts = await self.presence.refresh(dict(self.readers))
                for thread_id, count in counts.items():
                    await self._publish_presence(thread_id, count)
                for thread_id in list(self.reader_counts):
                    if thread_id not in self.readers:
                        del self.reader_counts[thread_id]
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("hub: presence heartbeat failed")

    # --- fan-out --------------------------------------------------------------------

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("hub: receiving from the channel layer failed")
                await asyncio.sleep(1)
                continue
            try:
                self.dispatch(message)
            except Exception:
                logger.exception("hub: dispatching %s failed", message.get("type"))

    def dispatch(self, message: dict) -> None:
        if message.get("type") == "hub.probe":
            if message.get("n") == self.probe_number:
                self.probe_back.set()
            return
        topic = message.get("topic", "")
        if message.get("type") == "presence":
            self.reader_counts[message["thread_id"]] = message["readers"]
        if topic == events.ACCESS_CHANNEL:
            for socket in list(self.sockets):
                socket.group_access_changed(message.get("group_id"))
            return
        sockets = self.topics.get(topic)
        if not sockets:
            return
        # Frames that are the same for many sockets are encoded once per event.
        frames: dict = {}
        for socket in list(sockets):
            if socket.deliver(topic, message, frames):
                self.delivered += 1


_hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def get_hub() -> Hub:
    """The hub of the running event loop (one per server process)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    return hub


async def stop_hub() -> None:
    """Stop this loop's hub (tests call it before their event loop closes)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.pop(loop, None)
    if hub is not None:
        await hub.stop()
