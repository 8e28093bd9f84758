"""Helpers of the live-socket tests: sockets with a real session, reading exact events."""

from __future__ import annotations

import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction
from django.test import Client

from groups import events
from website.asgi import application


def session_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


async def open_socket(
    member=None, *, client: Client | None = None, cookie: str | None = None
) -> WebsocketCommunicator:
    """A socket as a browser opens it: through the ASGI application with its session
    (or with the raw ``cookie`` header given)."""
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie is None and (member is not None or client is not None):
        if client is None:
            client = await database_sync_to_async(session_client)(member)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _code = await socket.connect()
    assert connected
    return socket


async def send(socket, **content) -> None:
    await socket.send_to(text_data=json.dumps(content))


# Frames that come on their own schedule: presence counts and the live heartbeat.
PERIODIC = ("presence", "heartbeat")


async def receive(socket, *, timeout: float = 3, skip=PERIODIC) -> dict:
    """The next event, skipping presence updates and heartbeats unless asked for."""
    while True:
        event = await socket.receive_json_from(timeout=timeout)
        if event["type"] not in skip:
            return event


async def nothing_more(socket, *, timeout: float = 0.3, skip=PERIODIC) -> bool:
    """True when no event (other than presence updates and heartbeats) arrives within
    ``timeout``."""
    while not await socket.receive_nothing(timeout=timeout):
        event = await socket.receive_json_from()
        if event["type"] not in skip:
            raise AssertionError(f"unexpected event {event}")
    return True


async def subscribe(socket, topic: str, **extra) -> list[dict]:
    """Subscribe; return every event up to and including ``subscribed`` (or an error)."""
    await send(socket, action="subscribe", topic=topic, **extra)
    received = []
    while True:
        event = await receive(socket)
        received.append(event)
        if event["type"] in ("subscribed", "error"):
            return received


def change_post(post, change: str, **fields) -> None:
    """What the moderation write functions do: update flags, publish after commit."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(post, name, value)
        post.save(update_fields=list(fields))
        events.post_changed(post, change)


def change_thread(thread, change: str, **fields) -> None:
    with transaction.atomic():
        for name, value in fields.items():
            setattr(thread, name, value)
        thread.save(update_fields=list(fields))
        events.thread_changed(thread, change)
