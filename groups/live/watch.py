"""The hub's watch loops: what notices a lost subscription, a dead or slow socket and a
session that ended, for every socket of the process at once.

- ``probe_loop``: every LIVE_PROBE seconds a probe goes to the hub's own channel through
  the channel layer and must come back: that proves Redis still delivers to this
  process's subscriptions. When Redis drops the connection, channels_redis re-subscribes
  by itself a while after it returns, and events published meanwhile reached nobody
  here; so once a probe comes back after one did not, every socket gets a heartbeat.
- ``beat_loop``: every LIVE_HEARTBEAT seconds each socket gets a ``heartbeat`` with the
  latest number of each thread it follows (one query per process): a reader with less
  fetches the rest, and a reader that hears nothing for long knows its socket is dead.
- ``writer_loop``: each second, a socket whose current write has waited past
  LIVE_SEND_TIMEOUT (a client that stopped reading) is closed with 4008.
- ``session_loop``: every LIVE_SESSION_CHECK seconds the sessions of all sockets are
  checked in one go (expired, deleted, password changed, account deactivated); a socket
  whose session ended is closed with 4001. Events that end a session (log-out, password
  change, deactivation, suspension, deleted session rows) close sockets at once through
  ``access.changed``; this loop catches what has no event, such as expiry.
"""

from __future__ import annotations

import asyncio
import logging

from django.conf import settings

from .database import db_call, ended_sessions, latest_numbers

logger = logging.getLogger(__name__)


async def probe_loop(hub) -> None:
    interval = settings.LIVE_PROBE
    while True:
        await asyncio.sleep(interval)
        hub.probe_number += 1
        hub.probe_back.clear()
        try:
            await hub.layer.send(hub.channel, {"type": "hub.probe", "n": hub.probe_number})
            # Generous: a busy process must not take a slow answer for a lost subscription.
            await asyncio.wait_for(hub.probe_back.wait(), timeout=max(2 * interval, 3.0))
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if not hub.layer_lost:
                logger.warning(
                    "hub: the channel layer stopped delivering (%s); "
                    "live sockets catch up when it is back",
                    str(error) or type(error).__name__,
                )
            hub.layer_lost = True
            continue
        if hub.layer_lost:
            hub.layer_lost = False
            logger.warning(
                "hub: the channel layer delivers again; %d sockets told to catch up",
                len(hub.sockets),
            )
            await _beat_safely(hub)


async def beat_loop(hub) -> None:
    while True:
        await asyncio.sleep(settings.LIVE_HEARTBEAT)
        await _beat_safely(hub)


async def _beat_safely(hub) -> None:
    try:
        await beat(hub)
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("hub: sending the live heartbeat failed")


async def beat(hub) -> None:
    """Send every socket of the hub a ``heartbeat`` (see the module docstring)."""
    from .. import events

    prefix = events.thread_channel(0)[:-1]
    threads = [int(t[len(prefix) :]) for t in hub.topics if t.startswith(prefix)]
    latest = await db_call(latest_numbers)(threads) if threads else {}
    frames: dict = {}
    for socket in list(hub.sockets):
        socket.heartbeat(latest, frames)


async def writer_loop(hub) -> None:
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(1)
        now = loop.time()
        for socket in list(hub.sockets):
            try:
                socket.check_send_deadline(now)
            except Exception:
                logger.exception("hub: checking live socket %s failed", socket.socket_id)


async def session_loop(hub) -> None:
    while True:
        await asyncio.sleep(settings.LIVE_SESSION_CHECK)
        sockets = [s for s in list(hub.sockets) if s.access.authenticated and not s.closed]
        if not sockets:
            continue
        pairs = [(s.access.member_id, s.session_key) for s in sockets]
        try:
            ended = await db_call(ended_sessions)(pairs)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("hub: checking the sessions of %d live sockets failed", len(pairs))
            continue
        for socket in sockets:
            if socket.session_key in ended or socket.session_key == "":
                socket.spawn(socket.session_ended(), "closing a socket whose session ended")


LOOPS = (probe_loop, beat_loop, writer_loop, session_loop)
