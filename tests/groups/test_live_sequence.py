"""Exactly-once, in-order delivery: the ``fetch`` catch-up by numbers, and the readers'
algorithm (``bench/live_reader.py``'s ``Sequence``, the same as ``live_sequence.js``)."""

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async

from bench.live_reader import Sequence
from groups import actions
from groups.live.hub import stop_hub
from tests import factories
from tests.groups.live_helpers import change_post, open_socket, receive, send, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

reply = database_sync_to_async(actions.reply)
hide = database_sync_to_async(change_post)


@pytest_asyncio.fixture(autouse=True)
async def _hub():
    yield
    await stop_hub()


@pytest.fixture
def reader(open_group):
    person = factories.MemberFactory(display_name="Lezer Lisa")
    factories.add_to_group(person, open_group)
    return person


async def _answer(socket) -> list[dict]:
    events = []
    while not events or events[-1]["type"] not in ("fetched", "error"):
        events.append(await receive(socket))
    return events


async def test_fetch_sends_the_asked_posts_and_names_the_absent_ones(thread, author, reader):
    posts = [await reply(member=author, thread=thread, body=f"Antwoord {n}") for n in range(4)]
    await hide(posts[1], "hidden", is_hidden=True)  # number 3
    socket = await open_socket(reader)
    try:
        topic = f"thread:{thread.pk}"
        await subscribe(socket, topic)
        await send(socket, action="fetch", topic=topic, **{"from": 2, "to": 9}, numbers=[1])
        events = await _answer(socket)
        assert [(e["type"], e.get("number")) for e in events] == [
            ("post", 1), ("post", 2), ("post", 4), ("post", 5), ("fetched", None)
        ]  # fmt: skip
        assert "Antwoord 1" not in "".join(e.get("html", "") for e in events)
        # 3 is hidden for this reader; 6–9 do not exist yet and are not called absent.
        assert events[-1]["absent"] == [3]
        assert events[-1]["last_number"] == 5
    finally:
        await socket.disconnect()


async def test_fetch_of_a_private_thread_or_too_much_is_refused(private_thread, reader):
    socket = await open_socket(reader)
    try:
        topic = f"thread:{private_thread.pk}"
        await send(socket, action="fetch", topic=topic, numbers=[1])
        assert (await receive(socket))["code"] == "not_found"
        await send(socket, action="fetch", topic="thread:1", **{"from": 1, "to": 500})
        assert (await receive(socket))["code"] in ("too_many", "not_found")
    finally:
        await socket.disconnect()


async def test_fetch_asks_for_at_most_200_numbers(thread, reader):
    socket = await open_socket(reader)
    try:
        topic = f"thread:{thread.pk}"
        await subscribe(socket, topic)
        await send(socket, action="fetch", topic=topic, **{"from": 1, "to": 500})
        assert (await receive(socket))["code"] == "too_many"
        await send(socket, action="fetch", topic=topic, numbers=["1"])
        assert (await receive(socket))["code"] == "bad_number"
    finally:
        await socket.disconnect()


def _post(number, event="created"):
    return {"type": "post", "number": number, "event": event}


def _run(sequence, steps):
    """Feed steps to a sequence, answering fetches as a server would (posts 1–10 exist,
    7 hidden); returns the numbers applied as posts, in order."""
    shown = []
    queue = list(steps)
    while queue:
        step = queue.pop(0)
        if step[0] == "post":
            actions_ = sequence.post(step[1], _post(step[1], *step[2:]))
        elif step[0] == "announce":
            actions_ = sequence.announce(step[1])
        else:
            actions_ = sequence.fetched(step[1])
        for action in actions_:
            if action[0] == "apply" and action[2] == "post":
                shown.append(action[1])
            elif action[0] == "fetch":
                asked = range(action[1], action[2] + 1)
                answer = [("post", n, "catch_up") for n in asked if n != 7 and n <= 10]
                queue[:0] = [*answer, ("fetched", [7] if 7 in asked else [])]
    return shown


def test_a_reader_applies_each_post_once_in_order_through_inversions_duplicates_and_gaps():
    steps = [("post", 3), ("post", 2), ("post", 2), ("post", 5), ("post", 4), ("post", 9),
             ("announce", 10), ("post", 8), ("post", 3)]  # fmt: skip
    assert _run(Sequence(1), steps) == [2, 3, 4, 5, 6, 8, 9, 10]


def test_a_reader_that_reconnects_asks_from_its_first_gap():
    sequence = Sequence(0)
    sequence.post(1, _post(1))
    assert sequence.post(4, _post(4))[-1] == ["fetch", 2, 4]
    # The socket drops before the answer: the subscription asks from after 1, not after 4.
    assert sequence.reset() == 1
