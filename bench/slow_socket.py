"""A WebSocket client that subscribes and then stops reading: the slow reader of the fault
suite's ``slow`` row and of ``tests/faults/test_slow_reader.py``. A tiny receive buffer
makes the server's writes back up after a few kilobytes, as over a stalled mobile link."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
from urllib.parse import urlsplit


class SlowSocket:
    def __init__(self, url: str, cookie: str, topic: str):
        parts = urlsplit(url)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.connect((parts.hostname, parts.port))
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: http://{parts.netloc}\r\n"
            f"Cookie: {cookie}\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if not head.startswith(b"HTTP/1.1 101"):
            raise ConnectionError(head.split(b"\r\n", 1)[0].decode())
        self.send({"action": "subscribe", "topic": topic})

    def send(self, message: dict) -> None:
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        assert len(payload) < 126
        self.sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)

    def close_code(self, timeout: float = 10.0) -> int | None:
        """Read everything now (the reader wakes up): the close code the server sent, or
        None if the connection ended without a close frame."""
        self.sock.settimeout(timeout)
        data = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                data += chunk
                code = _close_code(data)
                if code is not None:
                    return code
        except (TimeoutError, OSError):
            pass
        return _close_code(data)

    def close(self) -> None:
        self.sock.close()


def _close_code(data: bytes) -> int | None:
    position = 0
    while position + 2 <= len(data):
        opcode, length = data[position] & 0x0F, data[position + 1] & 0x7F
        position += 2
        extra = {126: 2, 127: 8}.get(length, 0)
        if position + extra > len(data):
            return None
        if extra:
            size = "!H" if extra == 2 else "!Q"
            (length,) = struct.unpack(size, data[position : position + extra])
            position += extra
        if position + length > len(data):
            return None
        if opcode == 0x8 and length >= 2:
            return struct.unpack("!H", data[position : position + 2])[0]
        position += length
    return None
