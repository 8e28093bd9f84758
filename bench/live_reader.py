"""A live reader in Python that decides exactly as ``live.js`` does (issue #13).

``Sequence`` is the delivery algorithm of one thread, line for line the same as
``groups/static/groups/live_sequence.js`` (a browser test feeds both the same events and
compares their decisions: ``tests/browser/test_live_sequence.py``):

- the reader has every number up to ``floor`` (shown, or known to be absent for it:
  hidden, held or deleted), and keeps posts that arrive above a gap in ``pending``;
- a post that fills the gap is applied, then the pending ones in number order: posts are
  applied in order, each once (a second copy of a post it has is ignored; an edit, a
  removal or a restore of a post it has is applied as an update);
- a gap (a post above ``floor + 1``, or the server's ``last_number`` in ``subscribed`` /
  ``heartbeat`` above ``floor``) asks the server for the missing numbers, one range of at
  most ``FETCH_LIMIT`` at a time (``{"action": "fetch", "topic", "from", "to"}``); the
  answer's posts fill it and its ``fetched`` frame names the numbers that are absent;
- on a reconnect the reader subscribes with ``last_number = floor``: from its first gap.

``Reader`` is a socket client for the benches and fault rows that uses it.
"""

from __future__ import annotations

import asyncio
import json
import time

from bench.origin import same_origin

FETCH_LIMIT = 200
# Events that bring a post the reader may already have: a second copy is a duplicate.
NEW_EVENTS = ("created", "catch_up")
ABSENT = {"type": "absent"}


class Sequence:
    def __init__(self, floor: int = 0):
        self.floor = floor
        self.known = floor
        self.pending: dict[int, dict] = {}
        self.asked: tuple[int, int] | None = None

    def post(self, number: int, item: dict) -> list:
        """A ``post`` or ``post_removed`` frame (or ABSENT) about ``number``."""
        out: list = []
        duplicate = item.get("type") == "post" and item.get("event") in NEW_EVENTS
        if number <= self.floor:
            if not duplicate:
                out.append(["update", number, _kind(item), item])
            return out
        if number in self.pending and duplicate:
            return out
        self.pending[number] = item
        self.known = max(self.known, number)
        self._drain(out)
        self._check(out)
        return out

    def announce(self, last_number: int) -> list:
        """The server's latest number of the thread (``subscribed``, ``heartbeat``)."""
        out: list = []
        self.known = max(self.known, last_number)
        self._check(out)
        return out

    def fetched(self, absent: list[int]) -> list:
        """The end of a fetch's answer: ``absent`` numbers the reader will never get."""
        out: list = []
        self.asked = None
        for number in absent:
            if number > self.floor and number not in self.pending:
                self.pending[number] = ABSENT
        self._drain(out)
        self._check(out)
        return out

    def reset(self) -> int:
        """The socket was lost: an unanswered fetch is forgotten; subscribe from here."""
        self.asked = None
        return self.floor

    def _drain(self, out: list) -> None:
        while self.floor + 1 in self.pending:
            self.floor += 1
            item = self.pending.pop(self.floor)
            out.append(["apply", self.floor, _kind(item), item])

    def _check(self, out: list) -> None:
        target = max([self.known, *self.pending])
        if target > self.floor and self.asked is None:
            first = self.floor + 1
            last = min(target, first + FETCH_LIMIT - 1)
            self.asked = (first, last)
            out.append(["fetch", first, last])


def _kind(item: dict) -> str:
    return "post" if item.get("type") == "post" else "absent"


class Reader:
    """One reader of one thread over ``/ws/`` (the ``websockets`` library): subscribes,
    follows ``Sequence``, reconnects from its first gap. ``shown`` lists the numbers it
    applied as posts, in the order it applied them."""

    def __init__(self, url: str, cookie: str, thread_id: int, *, floor: int = 0):
        self.url = url
        self.cookie = cookie
        self.topic = f"thread:{thread_id}"
        self.sequence = Sequence(floor)
        self.shown: list[int] = []
        self.socket = None
        self.closes: list[int | None] = []
        self.arrived: dict[int, float] = {}  # number → time.monotonic() when applied

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        self.socket = await connect(
            self.url,
            additional_headers={"Cookie": self.cookie},
            origin=same_origin(self.url),
        )
        floor = self.sequence.reset()
        await self._send({"action": "subscribe", "topic": self.topic, "last_number": floor})

    async def _send(self, message: dict) -> None:
        await self.socket.send(json.dumps(message))

    async def _act(self, actions: list) -> None:
        for action in actions:
            if action[0] == "fetch":
                await self._send(
                    {"action": "fetch", "topic": self.topic, "from": action[1], "to": action[2]}
                )
            elif action[0] == "apply" and action[2] == "post":
                self.shown.append(action[1])
                self.arrived[action[1]] = time.monotonic()

    async def handle(self, frame: dict) -> None:
        kind = frame.get("type")
        if frame.get("topic") not in (self.topic, None):
            return
        if kind in ("post", "post_removed"):
            await self._act(self.sequence.post(frame["number"], frame))
        elif kind == "subscribed":
            await self._act(self.sequence.announce(frame.get("last_number") or 0))
        elif kind == "heartbeat":
            last = frame.get("topics", {}).get(self.topic)
            if last is not None:
                await self._act(self.sequence.announce(last))
        elif kind == "fetched":
            await self._act(self.sequence.fetched(frame.get("absent", [])))

    async def run(self, stop: asyncio.Event, *, reconnect: bool = True) -> None:
        """Read until ``stop``; after a close, reconnect (with a short pause) and catch up."""
        from websockets.exceptions import ConnectionClosed

        while not stop.is_set():
            try:
                if self.socket is None:
                    await self.connect()
                raw = await asyncio.wait_for(self.socket.recv(), timeout=0.5)
                await self.handle(json.loads(raw))  # may send a fetch on a closed socket
            except TimeoutError:
                continue
            except (ConnectionClosed, OSError) as closed:
                rcvd = getattr(closed, "rcvd", None)
                self.closes.append(rcvd.code if rcvd else None)
                self.socket = None
                if not reconnect:
                    return
                await asyncio.sleep(0.2)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None
