"""A minimal WebSocket client for the fan-out bench's load generator (RFC 6455, text only).

The bench's readers receive 20,000–50,000 frames a second on the same two cores as the
servers they measure. The ``websockets`` library spends about 20 µs on each frame (its
state machine, a queue, a task switch per ``recv``), which made the load generator the
busiest program on the machine. This client parses frames straight from the socket's
buffer and hands each text frame to a callback, a few µs a frame, so the machine's time
goes to the servers under test. It answers pings (uvicorn closes sockets that don't), masks
what it sends, and refuses what it does not speak (binary and compressed frames).
"""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import Callable
from urllib.parse import urlsplit


class HandshakeError(Exception):
    pass


class LeanSocket(asyncio.Protocol):
    def __init__(self):
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.handshake: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()
        self.queue: asyncio.Queue[bytes] = asyncio.Queue()
        # When set, every text frame goes to this callback instead of the queue.
        self.on_frame: Callable[[bytes], None] | None = None
        self.fragments: list[bytes] = []

    # --- asyncio.Protocol --------------------------------------------------------------

    def connection_made(self, transport):
        self.transport = transport

    def connection_lost(self, exc):
        if not self.handshake.done():
            self.handshake.set_exception(exc or HandshakeError("connection closed"))
        if not self.closed.done():
            self.closed.set_result(exc)
        self.queue.put_nowait(b"")

    def data_received(self, data: bytes):
        buf = self.buffer
        buf += data
        if not self.handshake.done():
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end])
            del buf[: end + 4]
            if not head.startswith(b"HTTP/1.1 101"):
                self.handshake.set_exception(HandshakeError(head.split(b"\r\n", 1)[0].decode()))
                self.transport.close()
                return
            self.handshake.set_result(None)
        pos, size = 0, len(buf)
        while size - pos >= 2:
            b0, b1 = buf[pos], buf[pos + 1]
            length, start = b1 & 0x7F, pos + 2
            if length == 126:
                if size - start < 2:
                    break
                length, start = int.from_bytes(buf[start : start + 2], "big"), start + 2
            elif length == 127:
                if size - start < 8:
                    break
                length, start = int.from_bytes(buf[start : start + 8], "big"), start + 8
            if size - start < length:
                break
            payload = bytes(buf[start : start + length])
            pos = start + length
            self._frame(b0, payload)
        del buf[:pos]

    # --- frames ------------------------------------------------------------------------

    def _frame(self, b0: int, payload: bytes) -> None:
        opcode, fin = b0 & 0x0F, b0 & 0x80
        if b0 & 0x70:
            self.abort("compressed or extended frame")
        elif opcode in (0x1, 0x0):
            if not fin:
                self.fragments.append(payload)
                return
            if self.fragments:
                payload = b"".join([*self.fragments, payload])
                self.fragments = []
            if self.on_frame is not None:
                self.on_frame(payload)
            else:
                self.queue.put_nowait(payload)
        elif opcode == 0x9:  # ping → pong with the same payload
            self._send(0xA, payload)
        elif opcode == 0x8:  # close → answer and let the server close the connection
            self._send(0x8, payload[:2])
        elif opcode != 0xA:
            self.abort(f"opcode {opcode}")

    def _send(self, opcode: int, payload: bytes) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        n = len(payload)
        if n < 126:
            head = bytes([0x80 | opcode, 0x80 | n])
        elif n < 65536:
            head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
        mask = os.urandom(4)
        key = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
        masked = (int.from_bytes(payload, "big") ^ key).to_bytes(n, "big") if n else b""
        self.transport.write(head + mask + masked)

    def abort(self, reason: str) -> None:
        self.queue.put_nowait(b"")
        if self.transport is not None:
            self.transport.abort()
        if not self.closed.done():
            self.closed.set_result(reason)

    # --- the API the bench uses ----------------------------------------------------------

    async def send(self, text: str) -> None:
        self._send(0x1, text.encode())

    async def recv(self, timeout: float = 60) -> str:
        """The next text frame (when no ``on_frame`` callback takes them); a server that
        says nothing for ``timeout`` seconds is an error, not a bench that never ends."""
        payload = await asyncio.wait_for(self.queue.get(), timeout)
        if not payload and self.closed.done():
            raise ConnectionError(f"socket closed: {self.closed.result()}")
        return payload.decode()

    async def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self._send(0x8, (1000).to_bytes(2, "big"))
            try:
                await asyncio.wait_for(asyncio.shield(self.closed), 2)
            except TimeoutError:
                self.transport.close()


async def connect(url: str, *, headers: dict[str, str], timeout: float = 120) -> LeanSocket:
    """Open a WebSocket to ``url`` (ws://host:port/path) with extra request ``headers``."""
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()
    transport, protocol = await asyncio.wait_for(
        loop.create_connection(LeanSocket, parts.hostname, parts.port or 80), timeout
    )
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {parts.path or '/'} HTTP/1.1",
        f"Host: {parts.hostname}:{parts.port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    try:
        await asyncio.wait_for(protocol.handshake, timeout)
    except BaseException:
        transport.abort()
        raise
    return protocol
