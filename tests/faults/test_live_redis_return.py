"""A socket process whose Redis dies and returns while readers stay connected: the posts
published while it was down reached no subscription, yet every reader has them within
seconds of Redis returning, without a reload and without a new post to reveal the gap
(the hub's layer probe notices the lost subscription and sends each socket a heartbeat
with its threads' latest numbers; the reader fetches what it misses)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from bench.live_reader import Reader
from tests.groups.test_live_redis import daphne

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


async def _reply(socket, thread_id: int, body: str) -> int:
    await socket.send(json.dumps({"action": "reply", "topic": f"thread:{thread_id}", "body": body}))
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=15))
        if frame["type"] == "reply_ok":
            return frame["number"]
        assert frame["type"] != "error", frame


async def _until(check, limit: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if check():
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    return None


async def test_readers_miss_nothing_after_redis_returns(
    own_redis, on_postgres, writer, tmp_path, monkeypatch
):
    from websockets.asyncio.client import connect

    monkeypatch.setenv("FORUM_RATE_LIMITS_ENABLED", "false")
    monkeypatch.setenv("LIVE_PROBE", "0.5")
    monkeypatch.setenv("LIVE_HEARTBEAT", "600")  # only the probe can reveal the loss
    thread = writer.thread
    cookie = f"sessionid={writer.client.cookies['sessionid'].value}"
    log = tmp_path / "sockets.log"
    with daphne(own_redis.url, "faults", log, server="uvicorn", sockets_only=True) as url:
        reader = Reader(url, cookie, thread.pk, floor=1)
        stop = asyncio.Event()
        reading = asyncio.ensure_future(reader.run(stop))
        async with connect(url, additional_headers={"Cookie": cookie}) as socket:
            await _reply(socket, thread.pk, "Voor de storing, bericht twee.")
            assert await _until(lambda: reader.shown == [2], 10) is not None
            own_redis.kill()
            for n in range(3):
                await _reply(socket, thread.pk, f"Tijdens de storing, bericht {n}.")
            await asyncio.sleep(1)
            assert reader.shown == [2]  # nothing reached the reader while Redis was down
            own_redis.start()
            complete = await _until(lambda: reader.shown == [2, 3, 4, 5], 10)
        stop.set()
        await reading
        await reader.close()
    assert complete is not None, reader.shown
    assert reader.closes == []  # caught up on the open socket, no reconnect needed
    text = log.read_text()
    assert "the channel layer stopped delivering" in text
    assert "the channel layer delivers again" in text
