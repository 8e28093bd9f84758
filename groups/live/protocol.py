"""The protocol of the live socket ``/ws/`` (one per browser tab, multiplexing subscriptions),
and its vocabulary: limits, close codes, topics, subscriptions and refusals.

Protocol (JSON text frames, at most 64 KB each).

Client → server, each an object with an ``action``; an optional ``ref`` is echoed back
in the answer so the client can match answers to requests:

- ``{"action": "subscribe", "topic": "thread:12", "last_number": 40}``: live posts of a
  thread. With ``last_number`` the server first sends, from the database, every post
  after that number the reader may see (in order), then live events. A client sends
  the number before its first gap (not the highest it saw: events from several
  processes may arrive out of order); it may receive a post twice (catch-up and live)
  and deduplicates by number (``live_sequence.js``).
- ``{"action": "fetch", "topic": "thread:12", "from": 7, "to": 9, "numbers": [3]}``:
  the posts of those numbers the reader may read (at most 200), then ``fetched``
  (``groups.live.catchup``).
- ``{"action": "subscribe", "topic": "group:3"}``: thread-list changes of a group.
- ``{"action": "subscribe", "topic": "me"}``: the member's notifications (a logged-in
  socket is subscribed to its access changes anyway).
- ``{"action": "subscribe", "topic": "toets:5"}``: live tallies of an uitvoeringstoets
  (``groups.live.toets``).
- ``{"action": "unsubscribe", "topic": "thread:12"}``
- ``{"action": "reply", "topic": "thread:12", "body": "…", "quote": 3, "ref": "r1"}``:
  posts through ``groups.actions.reply``, the same write function as the reply form
  (``quote``, optional: the number of the quoted post).
- ``{"action": "ping"}``

Server → client, each an object with a ``type``:

- ``subscribed`` {topic, last_number?, readers?} — after the catch-up posts of a thread;
- ``post`` {topic, number, post_id, event, html} — the rendered post partial (insert or
  replace by number);
- ``post_removed`` {topic, number, reason, html} — a post hidden by a moderator or held for
  review, sent to readers who may not see it, with the partial's placeholder (what a reload
  shows; moderators get a ``post`` with the partial);
  a deleted post arrives as a ``post`` with the partial's "deleted" placeholder;
- ``thread`` {topic, thread_id, event, locked, hidden} — lock/hide/rename… of a subscribed
  thread;
- ``thread_row`` {topic, thread_id, event, html} and ``thread_row_removed`` {topic,
  thread_id} — the group page's thread list;
- ``presence`` {topic, readers, others} — distinct members reading the thread along
  (``others``: besides the receiver);
- ``notification`` {topic: "me", event, …} — ``event`` is ``notification`` (kind, text,
  url) or ``notifications_read`` (count);
- ``unsubscribed`` {topic, reason, message} — access ended (left or removed from the
  group, thread hidden, …); the client stops showing live updates for it;
- ``tally`` {topic, article_id, tallies} — an article's new tallies, to readers who may see
  them (after their own rating, unless the toets shows them early); ``toets_closed`` {topic};
- ``reply_ok`` {ref, topic, number};
- ``error`` {code, message, ref?, topic?} — ``message`` is Dutch and meant for the reader;
  the socket stays usable;
- ``pong`` {ref?};
- ``fetched`` {topic, absent, last_number, ref?} — after a fetch's posts: ``absent`` are
  the asked numbers the reader will never get (hidden, held, deleted for them);
- ``heartbeat`` {topics: {"thread:12": 40, …}} — every ``LIVE_HEARTBEAT`` seconds, and
  when the channel layer delivers again after a loss: each followed thread's latest
  number (a client with less fetches the rest; silence means a dead socket).

Close codes: 4001 logged out (the session ended: log-out, expiry, deleted, password
changed elsewhere, deactivated), 4003 not allowed (suspended), 4008 too slow (outbox over
``LIVE_SEND_BUFFER`` or a write waiting ``LIVE_SEND_TIMEOUT``; reconnect and catch up),
4011 the server could not re-check the reader's access (reconnect: access is loaded
afresh), 4009 abusive oversized frames (an application code: servers refuse to send 1009
from an application),
1013 try again later (the channel layer's Redis is down; reconnect with backoff and catch
up). The client reconnects after 4008, 4011, 1013 and network errors, not after 4001/4003.

Permissions. Anonymous sockets are accepted (the page works the same for everyone) but
may subscribe to nothing: every subscription and reply gets a ``login_required`` error.
A subscription is checked with the shared permission querysets before it is accepted;
a private group's thread answers exactly like an unknown id (``not_found``). Every pushed
event is filtered per socket from access state kept on the socket (readable, title-
visible and moderated group ids, bureau flag): no database query per delivery. An
``access.changed`` event (membership, role, suspension, log-out) reloads that state and
ends subscriptions that are no longer allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_FRAME = 64 * 1024
# More oversized frames than this (or one absurdly large) and the socket is closed.
MAX_OVERSIZED = 3
OUTBOX_SIZE = 512
CATCH_UP_LIMIT = 200

CLOSE_LOGGED_OUT = 4001
CLOSE_FORBIDDEN = 4003
CLOSE_TOO_SLOW = 4008
CLOSE_SERVER_ERROR = 4011
# Oversized frames, repeated or absurd: 4xxx, because a WebSocket application may only
# close with 1000 or 3000-4999 (Daphne logs "invalid close code" for 1009 and sends 1011).
CLOSE_TOO_BIG = 4009
# The channel layer (Redis) is down: live.js reconnects with backoff and catches up.
CLOSE_TRY_AGAIN = 1013


class Refused(Exception):
    """A client request that is answered with an ``error`` event."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def not_found() -> Refused:
    # The same answer for an unknown id and a private group: existence does not leak.
    return Refused("not_found", _("This discussion does not exist or you may not read it."))


def login_required() -> Refused:
    return Refused("login_required", _("Log in to follow discussions live."))


def parse_topic(topic) -> tuple[str, int | None]:
    if topic == "me":
        return "me", None
    if isinstance(topic, str) and ":" in topic:
        kind, _sep, ident = topic.partition(":")
        if kind in ("thread", "group", "toets") and ident.isdecimal() and len(ident) < 19:
            return kind, int(ident)
    raise Refused("bad_topic", _("Unknown subscription."))


@dataclass
class Subscription:
    topic: str  # the client's name: thread:12, group:3, me
    kind: str
    ident: int | None
    group_id: int | None = None
    thread_hidden: bool = False
