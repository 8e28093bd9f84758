"""A live socket's bounded outbox: a slow client never stalls the others.

Every socket queues its frames in an outbox of its own and writes them from a writer task
of its own, started when the first frame arrives and ended when the outbox is empty. The
hub's fan-out only appends (it never awaits a socket), so a client that stops reading
blocks nothing but its own writer: the server's send waits once the transport's buffer
is full (uvicorn: 64 KB), and the outbox fills behind it. The socket is closed with
``CLOSE_TOO_SLOW`` (4008; ``live.js`` reconnects and catches up from its first gap)
when its outbox holds more than ``LIVE_SEND_BUFFER`` bytes or ``OUTBOX_SIZE`` frames,
or when one write has waited longer than ``LIVE_SEND_TIMEOUT`` seconds (the hub checks
each second, ``check_send_deadline``).
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging

from django.conf import settings

from .protocol import CLOSE_TOO_SLOW, OUTBOX_SIZE

logger = logging.getLogger(__name__)


class OutboxMixin:
    def open_outbox(self) -> None:
        self.outbox: collections.deque[str] = collections.deque()
        self.outbox_bytes = 0
        self.writer: asyncio.Task | None = None
        self.sending_since: float | None = None

    async def _send_now(self, frame: str) -> None:
        await self.base_send({"type": "websocket.send", "text": frame})

    def push(self, frame: str) -> bool:
        """Queue a frame for this socket's writer; False when the socket is closed."""
        if self.closed or self.hub is None:
            return False
        if self.outbox_bytes + len(frame) > settings.LIVE_SEND_BUFFER or (
            len(self.outbox) >= OUTBOX_SIZE
        ):
            self.too_slow("outbox full")
            return False
        self.outbox.append(frame)
        self.outbox_bytes += len(frame)
        if self.writer is None:
            self.writer = asyncio.ensure_future(self._write())
        return True

    def send_event(self, payload: dict) -> bool:
        return self.push(json.dumps(payload))

    async def _write(self) -> None:
        outbox = self.outbox
        loop = asyncio.get_running_loop()
        try:
            while outbox and not self.closed:
                frame = outbox.popleft()
                self.outbox_bytes -= len(frame)
                self.sending_since = loop.time()
                try:
                    await self._send_now(frame)
                except OSError:
                    # The client went away with frames still queued (uvicorn says so with
                    # ClientDisconnected); its disconnect event cleans up. Nothing to log.
                    self.closed = True
                    outbox.clear()
                finally:
                    self.sending_since = None
        except Exception:
            logger.exception("live socket %s: writing failed", self.socket_id)
        finally:
            self.writer = None

    async def flush(self) -> None:
        """Wait (five seconds at most) until what is queued now has been written."""
        writer = self.writer
        if writer is not None and writer is not asyncio.current_task():
            await asyncio.wait([writer], timeout=5)

    def check_send_deadline(self, now: float) -> None:
        since = self.sending_since
        if since is not None and now - since > settings.LIVE_SEND_TIMEOUT:
            self.too_slow(f"one write waited {now - since:.0f} s")

    def too_slow(self, why: str) -> None:
        if self.closed:
            return
        self.closed = True
        self.outbox.clear()
        self.outbox_bytes = 0
        writer, self.writer = self.writer, None
        if writer is not None and writer is not asyncio.current_task():
            writer.cancel()
        logger.warning("live socket %s too slow (%s); closing it with 4008", self.socket_id, why)
        self.spawn(self._close_slow(), "closing a slow socket")

    async def _close_slow(self) -> None:
        try:
            # The close frame waits behind the unread data too: not forever.
            await asyncio.wait_for(self.close(code=CLOSE_TOO_SLOW), timeout=5)
        except TimeoutError:
            pass
        finally:
            await self._cleanup()

    def stop_writer(self) -> None:
        self.outbox.clear()
        self.outbox_bytes = 0
        writer, self.writer = self.writer, None
        if writer is not None and writer is not asyncio.current_task():
            writer.cancel()
