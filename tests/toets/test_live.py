"""Live tallies over the socket (topic ``toets:<id>``): only for members who may open the
toets, each tally only to readers who may see it, one event per rating."""

from __future__ import annotations

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async

from groups.live.hub import stop_hub
from groups.toets.models import Rating
from groups.toets.rating import rate
from tests.groups.live_helpers import nothing_more, open_socket, receive, subscribe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

rate_async = database_sync_to_async(rate)


@pytest_asyncio.fixture(autouse=True)
async def _hub():
    yield
    await stop_hub()


async def test_outsider_cannot_follow_a_toets_live(toets, outsider):
    socket = await open_socket(outsider)
    try:
        events = await subscribe(socket, f"toets:{toets.pk}")
        assert events[-1]["type"] == "error" and events[-1]["code"] == "not_found"
    finally:
        await socket.disconnect()


async def test_tally_reaches_a_reader_only_after_their_own_rating(toets, invited, bureau):
    article = await database_sync_to_async(lambda: toets.articles.first())()
    reader, other = invited[0], invited[1]
    socket = await open_socket(reader)
    desk = await open_socket(bureau)
    try:
        assert (await subscribe(socket, f"toets:{toets.pk}"))[-1]["type"] == "subscribed"
        assert (await subscribe(desk, f"toets:{toets.pk}"))[-1]["type"] == "subscribed"
        await rate_async(member=other, article=article, value=Rating.NOT, reason="Te krap.")
        assert await nothing_more(socket)  # not rated yet: no tally for this reader
        event = await receive(desk)  # the bureau sees every tally
        assert event == {
            "type": "tally",
            "topic": f"toets:{toets.pk}",
            "article_id": article.pk,
            "tallies": {"uitvoerbaar": 0, "risico": 0, "niet": 1, "geen": 0},
        }
        await rate_async(member=reader, article=article, value=Rating.OK)
        event = await receive(socket)
        assert event["tallies"] == {"uitvoerbaar": 1, "risico": 0, "niet": 1, "geen": 0}
        await rate_async(member=other, article=article, value=Rating.RISK, reason="Met moeite.")
        event = await receive(socket)
        assert event["tallies"]["risico"] == 1 and event["tallies"]["niet"] == 0
        assert await nothing_more(socket)
        assert [(await receive(desk))["tallies"]["risico"] for _ in range(2)] == [0, 1]
        # The same rating again changes no tally: one event per changed tally, none here.
        await rate_async(member=other, article=article, value=Rating.RISK, reason="Met moeite.")
        assert await nothing_more(desk)
    finally:
        await socket.disconnect()
        await desk.disconnect()
