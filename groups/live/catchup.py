"""Catch-up by explicit numbers: the ``fetch`` action of the live socket.

A reader that finds a gap in a thread's numbers (``live.js`` and ``bench/live_reader.py``
track the set of numbers they have) asks for exactly what it misses:
``{"action": "fetch", "topic": "thread:12", "from": 7, "to": 9, "numbers": [3]}`` (a range,
explicit numbers, or both; at most ``CATCH_UP_LIMIT`` numbers). The answer is a ``post``
frame (event ``catch_up``) for every one of them the reader may read (``Post.objects.
readable_by``, the one visibility rule), then ``fetched`` {topic, absent, last_number}:
``absent`` are the asked numbers up to the thread's last that the reader will not get
(hidden, held, deleted for them), so the client stops asking for them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .database import db_call, fetch_posts
from .protocol import CATCH_UP_LIMIT, Refused, not_found, parse_topic


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def wanted_numbers(content: dict) -> list[int]:
    """The numbers a ``fetch`` asks for, checked: whole, positive, at most CATCH_UP_LIMIT."""
    numbers = content.get("numbers", [])
    first, last = content.get("from"), content.get("to")
    if not isinstance(numbers, list) or not all(_whole(n) for n in numbers):
        raise Refused("bad_number", _("The post number must be a whole number."))
    wanted = set(numbers)
    if first is not None or last is not None:
        if not (_whole(first) and _whole(last)) or last < first:
            raise Refused("bad_number", _("The post number must be a whole number."))
        if last - first >= CATCH_UP_LIMIT:
            raise Refused("too_many", _("Ask for at most 200 messages at once."))
        wanted.update(range(first, last + 1))
    if not wanted or len(wanted) > CATCH_UP_LIMIT:
        raise Refused("too_many", _("Ask for at most 200 messages at once."))
    return sorted(wanted)


class CatchUpMixin:
    async def fetch(self, content, extra):
        kind, ident = parse_topic(content.get("topic"))
        topic = f"{kind}:{ident}"
        if kind != "thread" or topic not in self.subscriptions:
            raise not_found()
        wanted = wanted_numbers(content)
        found = await db_call(fetch_posts)(self.member, ident, wanted)
        if found is None:
            raise not_found()
        posts, last_number = found
        for post in posts:
            self.send_event({"type": "post", "topic": topic, "event": "catch_up", **post})
        got = {post["number"] for post in posts}
        absent = [n for n in wanted if n <= last_number and n not in got]
        self.send_event(
            {
                "type": "fetched",
                "topic": topic,
                "absent": absent,
                "last_number": last_number,
                **extra,
            }
        )
