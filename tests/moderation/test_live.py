"""Moderation actions reach open sockets: hidden posts vanish, locks close, suspensions stop."""

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from groups import actions as forum
from groups.live.hub import stop_hub
from groups.models import Post
from groups.moderation import actions
from tests.groups.live_helpers import open_socket, receive, send, subscribe

# No serialized_rollback: the fixtures recreate the seed rows (tests/moderation/conftest.py),
# so these tests also pass after a transactional test elsewhere flushed the database.
pytestmark = pytest.mark.django_db(transaction=True)

reply = database_sync_to_async(forum.reply)


@pytest_asyncio.fixture(autouse=True)
async def _hub():
    yield
    await stop_hub()


async def test_hidden_post_vanishes_from_a_readers_open_thread(thread, post, reader, moderator):
    socket = await open_socket(reader)
    try:
        await subscribe(socket, f"thread:{thread.pk}")
        await database_sync_to_async(actions.hide_post)(
            moderator=moderator, post=post, reason="Herleidbaar"
        )
        removed = await receive(socket)
        html = removed.pop("html")
        assert removed == {
            "type": "post_removed",
            "topic": f"thread:{thread.pk}",
            "number": post.number,
            "reason": "hidden",
        }
        # The placeholder the page shows after a reload, never the text.
        assert "door een moderator verborgen" in html
        assert post.body not in html
    finally:
        await socket.disconnect()


async def test_auto_hide_by_flags_is_pushed_too(thread, post, reader, settings):
    settings.MODERATION_AUTO_HIDE_THRESHOLD = 1
    socket = await open_socket(reader)
    try:
        await subscribe(socket, f"thread:{thread.pk}")
        await database_sync_to_async(actions.flag_post)(member=reader, post=post, reason="spam")
        assert (await receive(socket))["type"] == "post_removed"
    finally:
        await socket.disconnect()


async def test_locking_closes_the_reply_box_of_readers(thread, reader, moderator):
    socket = await open_socket(reader)
    try:
        await subscribe(socket, f"thread:{thread.pk}")
        await database_sync_to_async(actions.lock_thread)(moderator=moderator, thread=thread)
        event = await receive(socket)
        assert (event["type"], event["event"], event["locked"]) == ("thread", "locked", True)
        await send(socket, action="reply", topic=f"thread:{thread.pk}", body="Nog iets", ref="r")
        refused = await receive(socket)
        assert (refused["type"], refused["code"]) == ("error", "locked")
    finally:
        await socket.disconnect()


async def test_platform_suspension_closes_the_members_socket(thread, reader, bureau):
    socket = await open_socket(reader)
    try:
        await subscribe(socket, f"thread:{thread.pk}")
        await database_sync_to_async(actions.suspend_member)(
            moderator=bureau, member=reader, days=3, reason="Spam"
        )
        seen = []
        while True:
            output = await socket.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                break
            seen.append(output.get("text", ""))
        assert any('"suspended"' in text for text in seen)
    finally:
        await socket.disconnect()


async def test_group_suspension_refuses_replies_over_the_socket(thread, reader, moderator, group):
    socket = await open_socket(reader)
    try:
        await subscribe(socket, f"thread:{thread.pk}")
        await database_sync_to_async(actions.suspend_member)(
            moderator=moderator, member=reader, days=3, reason="Ongepast", group=group
        )
        await send(socket, action="reply", topic=f"thread:{thread.pk}", body="Hallo", ref="r")
        event = await receive(socket)
        while event["type"] != "error":
            event = await receive(socket)
        assert event["code"] == "forbidden" and "geschorst" in event["message"]
    finally:
        await socket.disconnect()


async def test_socket_reply_with_personal_data_needs_confirmation(thread, reader):
    socket = await open_socket(reader)
    body = "Haar nummer is 06-12345678."
    try:
        await subscribe(socket, f"thread:{thread.pk}")
        await send(socket, action="reply", topic=f"thread:{thread.pk}", body=body, ref="a")
        event = await receive(socket)
        assert event["code"] == "privacy_check_required"
        assert "regel 1: een telefoonnummer" in event["message"]
        assert not await database_sync_to_async(Post.objects.filter(author=reader).exists)()
        await send(
            socket,
            action="reply",
            topic=f"thread:{thread.pk}",
            body=body,
            confirm_privacy=True,
            ref="b",
        )
        kinds = {(await receive(socket))["type"], (await receive(socket))["type"]}
        assert "reply_ok" in kinds
        stored = await database_sync_to_async(Post.objects.get)(author=reader)
        assert stored.privacy_findings[0]["kind"] == "phone"
    finally:
        await socket.disconnect()


async def test_hide_event_arrives_on_the_real_channel_layer_group(thread, post, moderator):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(f"thread.{thread.pk}", channel)
    try:
        await database_sync_to_async(actions.hide_post)(
            moderator=moderator, post=post, reason="Herleidbaar"
        )
        message = await layer.receive(channel)
        assert (message["type"], message["event"], message["post_id"]) == (
            "post.event",
            "hidden",
            post.pk,
        )
        assert message["hidden"] is True
    finally:
        await layer.group_discard(f"thread.{thread.pk}", channel)
