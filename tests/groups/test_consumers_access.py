"""The live socket loses access within seconds, and catches up from the database."""

import asyncio
from datetime import timedelta

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from django.db import connection, transaction
from django.utils import timezone

from groups import actions, events
from groups.live.hub import stop_hub
from tests import factories
from tests.groups.live_helpers import (
    nothing_more,
    open_socket,
    receive,
    session_client,
    subscribe,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

reply = database_sync_to_async(actions.reply)


@pytest_asyncio.fixture(autouse=True)
async def _hub():
    yield
    await stop_hub()


@pytest.fixture
def private_thread(private_group):
    author = factories.MemberFactory(display_name="Auteur Ans")
    factories.add_to_group(author, private_group)
    return factories.make_thread(group=private_group, author=author)


@pytest.fixture
def insider(private_group):
    person = factories.MemberFactory(display_name="Ingewijde Ilse")
    factories.add_to_group(person, private_group)
    return person


async def _assert_revoked(socket, topic):
    event = await receive(socket, timeout=3)
    assert event == {
        "type": "unsubscribed",
        "topic": topic,
        "reason": "access",
        "message": "Je kunt deze discussie niet meer live volgen.",
    }


async def test_member_who_leaves_a_private_group_stops_receiving_its_posts(
    private_thread, private_group, insider
):
    socket = await open_socket(insider)
    topic = f"thread:{private_thread.pk}"
    try:
        await subscribe(socket, topic)
        await database_sync_to_async(actions.leave_group)(member=insider, group=private_group)
        await _assert_revoked(socket, topic)
        await reply(member=private_thread.author, thread=private_thread, body="Na het vertrek.")
        assert await nothing_more(socket)
        # Subscribing again is refused like any unknown thread.
        [error] = await subscribe(socket, topic)
        assert error["code"] == "not_found"
    finally:
        await socket.disconnect()


async def test_member_removed_by_a_moderator_loses_the_subscription(
    private_thread, private_group, insider, moderator
):
    socket = await open_socket(insider)
    topic = f"thread:{private_thread.pk}"
    try:
        await subscribe(socket, topic)
        await database_sync_to_async(actions.remove_member)(
            moderator=moderator, group=private_group, member=insider
        )
        await _assert_revoked(socket, topic)
    finally:
        await socket.disconnect()


def _suspend(member):
    with transaction.atomic():
        member.suspended_until = timezone.now() + timedelta(days=7)
        member.save(update_fields=["suspended_until"])
        events.access_changed(member.pk, "suspended")


async def test_suspended_member_loses_every_subscription_and_the_socket_closes(
    private_thread, insider
):
    socket = await open_socket(insider)
    topic = f"thread:{private_thread.pk}"
    try:
        await subscribe(socket, topic)
        await database_sync_to_async(_suspend)(insider)
        await _assert_revoked(socket, topic)
        assert await receive(socket) == {
            "type": "error",
            "code": "suspended",
            "message": "Je account is geschorst; live bijwerken is gestopt.",
        }
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": 4003}
    finally:
        await socket.disconnect()


async def test_suspended_member_cannot_open_a_live_socket(insider):
    await database_sync_to_async(_suspend)(insider)
    socket = await open_socket(insider)
    try:
        assert (await receive(socket))["code"] == "suspended"
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": 4003}
    finally:
        await socket.disconnect()


@pytest.mark.xfail(
    connection.vendor == "sqlite",
    reason="the tests' shared in-memory SQLite answers 'database table is locked' when the "
    "other device's access re-check runs beside the log-out (about one run in four); that "
    "socket then closes with 4011 and reconnects. PostgreSQL (CI) runs it strictly.",
    strict=False,
)
async def test_logging_out_closes_the_sockets_of_that_session_only(private_thread, insider):
    browser = await database_sync_to_async(session_client)(insider)
    other_device = await open_socket(insider)
    socket = await open_socket(client=browser)
    topic = f"thread:{private_thread.pk}"
    try:
        await subscribe(socket, topic)
        await subscribe(other_device, topic)
        await database_sync_to_async(browser.post)("/account/logout/")
        # The log-out and the deleted session row both end the socket; whichever is seen
        # first, the reader is told it is logged out and the socket closes.
        event = await receive(socket, timeout=3)
        if event["type"] == "unsubscribed":
            assert event["topic"] == topic and event["reason"] == "access"
            event = await receive(socket)
        assert event["code"] == "logged_out"
        assert await socket.receive_output(timeout=2) == {"type": "websocket.close", "code": 4001}
        # The member's other session keeps reading along.
        await reply(member=private_thread.author, thread=private_thread, body="Nog steeds live.")
        assert (await receive(other_device))["type"] == "post"
    finally:
        await socket.disconnect()
        await other_device.disconnect()


async def test_catch_up_after_a_dropped_connection_comes_from_the_database(private_thread, insider):
    topic = f"thread:{private_thread.pk}"
    socket = await open_socket(insider)
    await subscribe(socket, topic)
    await reply(member=private_thread.author, thread=private_thread, body="Bericht twee.")
    seen = (await receive(socket))["number"]
    assert seen == 2
    await socket.disconnect()
    # While the reader is away, three replies are posted.
    for n in (3, 4, 5):
        await reply(member=private_thread.author, thread=private_thread, body=f"Gemist {n}.")
    socket = await open_socket(insider)
    try:
        received = await subscribe(socket, topic, last_number=seen)
        posts = [e for e in received if e["type"] == "post"]
        assert [(p["number"], p["event"]) for p in posts] == [
            (3, "catch_up"),
            (4, "catch_up"),
            (5, "catch_up"),
        ]
        assert "Gemist 4." in posts[1]["html"]
        assert received[-1]["type"] == "subscribed"
        assert received[-1]["last_number"] == 5
        # Live events follow the catch-up.
        await reply(member=private_thread.author, thread=private_thread, body="Weer live.")
        assert (await receive(socket))["number"] == 6
    finally:
        await socket.disconnect()


async def test_catch_up_is_limited_and_says_to_reload(open_group, member):
    from groups.live import protocol as consumers

    author = await database_sync_to_async(factories.MemberFactory)()
    await database_sync_to_async(factories.add_to_group)(author, open_group)
    thread = await database_sync_to_async(factories.make_thread)(group=open_group, author=author)
    await database_sync_to_async(factories.make_posts)(
        thread=thread, author=author, count=consumers.CATCH_UP_LIMIT + 5
    )
    socket = await open_socket(member)
    try:
        received = await subscribe(socket, f"thread:{thread.pk}", last_number=0)
        assert len([e for e in received if e["type"] == "post"]) == consumers.CATCH_UP_LIMIT
        # The error about the gap arrives before "subscribed", which ends the exchange.
        gap = await asyncio.wait_for(_last_error(received, socket), 3)
        assert gap["code"] == "too_far_behind"
    finally:
        await socket.disconnect()


async def _last_error(received, socket):
    for event in received:
        if event["type"] == "error":
            return event
    return await receive(socket)


async def test_a_failed_access_re_check_is_logged_and_closes_the_socket(
    private_thread, insider, monkeypatch, caplog
):
    """Work a delivery starts beside it (the access re-check) is never fire-and-forget: its
    failure is logged with the socket and member, and the socket closes rather than keep
    the access it had (the client reconnects and loads it afresh)."""
    from django.db import OperationalError

    from groups.live import consumer

    def database_down(*args):
        raise OperationalError("the database is not reachable")

    socket = await open_socket(insider)
    topic = f"thread:{private_thread.pk}"
    try:
        await subscribe(socket, topic)
        monkeypatch.setattr(consumer, "refresh_state", database_down)
        with caplog.at_level("ERROR", logger="groups.live.consumer"):
            await database_sync_to_async(_suspend)(insider)
            assert await socket.receive_output(timeout=3) == {
                "type": "websocket.close",
                "code": 4011,
            }
        [record] = [r for r in caplog.records if "access re-check failed" in r.getMessage()]
        assert f"(member {insider.pk})" in record.getMessage()
        assert "not reachable" in str(record.exc_info[1])
    finally:
        await socket.disconnect()
