"""A socket process (SOCKETS_ONLY uvicorn) whose Redis is killed: new handshakes never
answer 500; the socket is closed with 1013 (try again later) instead of staying open
without live events, and once Redis is back a new socket subscribes and catches up."""

from __future__ import annotations

import json
import time

import pytest

from tests.groups.test_live_redis import daphne

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_sockets_open_and_catch_up_while_redis_is_down(
    own_redis, on_postgres, writer, tmp_path
):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    thread = writer.thread
    cookie = f"sessionid={writer.client.cookies['sessionid'].value}"
    with daphne(own_redis.url, "faults", tmp_path / "sockets.log", server="uvicorn",
                sockets_only=True) as url:  # fmt: skip
        own_redis.kill()
        for _ in range(3):  # the first finds out, the next ones skip Redis at once
            with connect(url, additional_headers={"Cookie": cookie}, open_timeout=10) as ws:
                # Opened (no 500), then closed with "try again later": no socket stays open
                # without live events, and live.js reconnects with backoff.
                with pytest.raises(ConnectionClosed) as closed:
                    ws.recv(timeout=10)
                assert closed.value.rcvd.code == 1013
        own_redis.start()
        time.sleep(1.2)  # the layer is tried again once a second
        with connect(url, additional_headers={"Cookie": cookie}, open_timeout=10) as ws:
            topic = f"thread:{thread.pk}"
            ws.send(json.dumps({"action": "subscribe", "topic": topic, "last_number": 0}))
            events = []
            while not events or events[-1]["type"] not in ("subscribed", "error"):
                events.append(json.loads(ws.recv(timeout=10)))
            assert events[-1]["type"] == "subscribed", events
            assert any(e["type"] == "post" and e["number"] == 1 for e in events), events
    log = (tmp_path / "sockets.log").read_text()
    assert " 500 " not in log and "Traceback" not in log
    assert log.count("Redis channel layer (subscribing) unavailable") == 1
