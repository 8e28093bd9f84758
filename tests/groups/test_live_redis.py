"""Two real Daphne processes sharing Redis: a post made through one reaches the other's readers."""

from __future__ import annotations

import json
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from bench.servers import ServerFailed, free_port, running, server_command
from tests import factories
from tests.browser.conftest import _database_url

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def daphne(redis_url: str, prefix: str, log_path: Path, server: str = "daphne", sockets_only=False):
    """A Daphne (or uvicorn) process on the test database with the Redis channel layer;
    ``sockets_only`` starts it as the README deploys socket processes (SOCKETS_ONLY)."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        # Redis pub/sub channels are not scoped by database number: a prefix per test
        # run keeps other runs' events out.
        "CHANNEL_PREFIX": prefix,
        "PYTHONUNBUFFERED": "1",
        "SOCKETS_ONLY": str(sockets_only).lower(),
    }
    env.pop("TEST_SQLITE_FILE", None)
    command = server_command(server, port)
    try:
        with running(command, port=port, env=env, log=log_path, name=server, timeout=30):
            yield f"ws://127.0.0.1:{port}/ws/"
    except ServerFailed as failed:
        pytest.fail(f"{failed}: {log_path.read_text()}")


def _session_cookie(member) -> str:
    client = Client()
    client.force_login(member)
    return f"sessionid={client.cookies['sessionid'].value}"


@contextmanager
def reader_and_writer_on_two_processes(redis_url, open_group, tmp_path, names, **server):
    """A reader on one server process and a writer on another, both members of
    ``open_group``, around a thread the writer started. Yields the thread, the reader,
    the reader's server URL and both sockets (``on_a``: the reader's, ``on_b``: the
    writer's)."""
    from websockets.sync.client import connect

    reader = factories.MemberFactory(display_name=names[0])
    writer = factories.MemberFactory(display_name=names[1])
    for person in (reader, writer):
        factories.add_to_group(person, open_group)
    thread = factories.make_thread(group=open_group, author=writer)
    prefix = f"samendenk-test-{uuid.uuid4().hex[:8]}"
    with (
        daphne(redis_url, prefix, tmp_path / "a.log", **server) as url_a,
        daphne(redis_url, prefix, tmp_path / "b.log", **server) as url_b,
        connect(url_a, additional_headers={"Cookie": _session_cookie(reader)}) as on_a,
        connect(url_b, additional_headers={"Cookie": _session_cookie(writer)}) as on_b,
    ):
        yield SimpleNamespace(thread=thread, reader=reader, url_a=url_a, on_a=on_a, on_b=on_b)


def _next(ws, wanted: str, timeout: float = 5, **fields) -> dict:
    """The next event of type ``wanted`` (with ``fields``), skipping others."""
    deadline = time.monotonic() + timeout
    while True:
        event = json.loads(ws.recv(timeout=max(deadline - time.monotonic(), 0.01)))
        if event["type"] == wanted and all(event.get(k) == v for k, v in fields.items()):
            return event


def test_a_reply_posted_through_one_process_reaches_a_reader_on_the_other(
    redis_url, on_postgres, open_group, tmp_path
):
    with reader_and_writer_on_two_processes(
        redis_url, open_group, tmp_path, ("Lezer op A", "Schrijver op B")
    ) as live:
        thread, on_a, on_b = live.thread, live.on_a, live.on_b
        topic = f"thread:{thread.pk}"
        on_a.send(json.dumps({"action": "subscribe", "topic": topic, "last_number": 1}))
        assert _next(on_a, "subscribed")["readers"] == 1
        on_b.send(json.dumps({"action": "subscribe", "topic": topic}))
        assert _next(on_b, "subscribed")["readers"] == 2
        # Presence is counted across processes.
        assert _next(on_a, "presence", readers=2)["others"] == 1

        started = time.monotonic()
        on_b.send(
            json.dumps(
                {"action": "reply", "topic": topic, "body": "Over Redis bezorgd.", "ref": "b1"}
            )
        )
        assert _next(on_b, "reply_ok")["number"] == 2
        delivered = _next(on_a, "post")
        assert time.monotonic() - started < 2
        assert (delivered["topic"], delivered["number"], delivered["event"]) == (
            topic,
            2,
            "created",
        )
        assert "Over Redis bezorgd." in delivered["html"]


def test_a_reply_from_a_wsgi_process_reaches_a_reader_on_a_uvicorn_socket(
    redis_url, on_postgres, open_group, tmp_path
):
    """The deployment of the README: pages under gunicorn (WSGI, no event loop), sockets
    under uvicorn. A reply written where no event loop runs (this test process, as a
    gunicorn worker) is published over Redis and reaches the socket's reader."""
    from django.conf import settings
    from websockets.sync.client import connect

    from groups import actions

    reader = factories.MemberFactory(display_name="Lezer op uvicorn")
    writer = factories.MemberFactory(display_name="Schrijver via formulier")
    for person in (reader, writer):
        factories.add_to_group(person, open_group)
    thread = factories.make_thread(group=open_group, author=writer)
    topic = f"thread:{thread.pk}"
    # This process publishes with its own configured prefix; the server shares it.
    prefix = settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]
    with (
        daphne(redis_url, prefix, tmp_path / "u.log", server="uvicorn") as url,
        connect(url, additional_headers={"Cookie": _session_cookie(reader)}) as ws,
    ):
        ws.send(json.dumps({"action": "subscribe", "topic": topic}))
        _next(ws, "subscribed")
        actions.reply(member=writer, thread=thread, body="Via het formulier geschreven.")
        delivered = _next(ws, "post")
        assert delivered["number"] == 2
        assert "Via het formulier geschreven." in delivered["html"]


def test_socket_only_processes_serve_the_whole_live_path(
    redis_url, on_postgres, open_group, tmp_path
):
    """Two uvicorn processes started as the README deploys them (SOCKETS_ONLY: no Wagtail
    admin, no CMS) carry a reply with a mention and a quote from one process to a reader
    on the other: the post, the thread row and the notification; catch-up works; and a
    page request to such a process gets a 404, not a page."""
    from urllib.error import HTTPError
    from urllib.request import urlopen

    with reader_and_writer_on_two_processes(
        redis_url,
        open_group,
        tmp_path,
        ("Lezer Lisa", "Schrijver Sam"),
        server="uvicorn",
        sockets_only=True,
    ) as live:
        thread, on_a, on_b = live.thread, live.on_a, live.on_b
        topic = f"thread:{thread.pk}"
        for subscription in (topic, f"group:{open_group.pk}", "me"):
            on_a.send(json.dumps({"action": "subscribe", "topic": subscription}))
            _next(on_a, "subscribed", topic=subscription)
        on_b.send(json.dumps({"action": "subscribe", "topic": topic}))
        _next(on_b, "subscribed")
        body = "Wat denk jij, @[Lezer Lisa]? Zie hierboven."
        on_b.send(json.dumps({"action": "reply", "topic": topic, "body": body, "quote": 1}))
        assert _next(on_b, "reply_ok")["number"] == 2

        post = _next(on_a, "post", topic=topic)
        assert post["number"] == 2
        assert "Zie hierboven." in post["html"]
        assert f"/leden/{live.reader.pk}/" in post["html"]  # the mention links to the profile
        row = _next(on_a, "thread_row", thread_id=thread.pk)
        assert thread.title in row["html"]
        assert "Schrijver Sam" in row["html"]
        notification = _next(on_a, "notification", topic="me")
        assert "Schrijver Sam" in json.dumps(notification)

        # Catch-up on the socket-only process renders from the database.
        on_a.send(json.dumps({"action": "unsubscribe", "topic": topic}))
        on_a.send(json.dumps({"action": "subscribe", "topic": topic, "last_number": 0}))
        caught_up = [_next(on_a, "post", topic=topic), _next(on_a, "post", topic=topic)]
        assert [event["number"] for event in caught_up] == [1, 2]

        http_url = live.url_a.replace("ws://", "http://").replace("/ws/", "/denkgroepen/")
        with pytest.raises(HTTPError) as refused:
            urlopen(http_url, timeout=5)  # noqa: S310 - loopback test server
        assert refused.value.code == 404
        assert "alleen de live verbinding" in refused.value.read().decode()
    for log in ("a.log", "b.log"):
        assert "Traceback" not in (tmp_path / log).read_text()
