"""A client that stops reading while large posts are queued to it does not stall the other
readers of its socket process: they keep getting each post at once, and the slow socket
is closed with 4008 (live.js then reconnects and catches up from its first gap)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bench.live_reader import Reader
from bench.slow_socket import SlowSocket
from tests.faults.test_live_redis_return import _reply, _until
from tests.groups.test_live_redis import daphne

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BIG = ("Dit is een lange bijdrage over de regeling en wat zij voor cliënten betekent. " * 250)[
    :19000
]
POSTS = 10


async def test_a_reader_that_stops_reading_stalls_nobody_and_is_closed_with_4008(
    own_redis, on_postgres, writer, tmp_path, monkeypatch
):
    from websockets.asyncio.client import connect

    monkeypatch.setenv("FORUM_RATE_LIMITS_ENABLED", "false")
    monkeypatch.setenv("LIVE_SEND_BUFFER", "200000")
    monkeypatch.setenv("LIVE_SEND_TIMEOUT", "3")
    thread = writer.thread
    cookie = f"sessionid={writer.client.cookies['sessionid'].value}"
    log = tmp_path / "s.log"
    with daphne(own_redis.url, "faults", log, server="uvicorn",
                sockets_only=True) as url:  # fmt: skip
        reader = Reader(url, cookie, thread.pk, floor=1)
        stop = asyncio.Event()
        reading = asyncio.ensure_future(reader.run(stop))
        sent = {}
        async with connect(url, additional_headers={"Cookie": cookie}) as socket:
            for n in range(20):
                await _reply(socket, thread.pk, f"{n}: {BIG}")
            slow = SlowSocket(url, cookie, f"thread:{thread.pk}")
            # The slow reader asks for about 4.5 MB and reads none of it: more than the
            # kernel's socket buffers take in, so the server's writes to it wait.
            for _ in range(12):
                slow.send({"action": "fetch", "topic": f"thread:{thread.pk}", "from": 1, "to": 21})
            for n in range(POSTS):
                number = await _reply(socket, thread.pk, f"Kort bericht {n}.")
                sent[number] = time.monotonic()  # committed and published
                await asyncio.sleep(0.2)
            complete = await _until(lambda: all(n in reader.arrived for n in sent), 10)
        stop.set()
        await reading
        await reader.close()
        code = slow.close_code()
        slow.close()
        text = log.read_text()
    assert complete is not None, f"the other reader got {len(reader.shown)} posts"
    assert reader.shown == list(range(2, max(sent) + 1))
    slowest = max(reader.arrived[n] - sent[n] for n in sent)
    assert slowest < 3.0, slowest  # a stalled process waits for the slow socket: forever
    assert code == 4008, text[-2000:]
    assert "too slow" in text
