"""The live-path rows of issue #13's fault table: a slow reader, socket churn, reconnects
during bursts. Each reader is ``bench/live_reader.py``'s ``Reader``, which decides as
``live.js`` does (exactly once, in order, fetching gaps, resubscribing from its first gap).

- ``slow``: one client stops reading while large posts are queued to it (about 4.5 MB);
  the other readers of its process (and of the other process) keep their latency, and
  the slow socket is closed with 4008.
- ``churn``: readers connect, subscribe, read and leave in cycles for ``args.outage``
  seconds; Redis client connections, file descriptors and RSS of both socket processes
  before, right after, and after ``args.after`` seconds idle.
- ``burst``: writers post from several processes (gunicorn workers and the two socket
  processes' reply frames) in bursts while readers are dropped and reconnect; every
  reader's list must equal the database's.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time

import httpx
import psycopg

from bench.faults.layout import DATABASE, Layout
from bench.faults.rows import _load, row
from bench.live_reader import Reader
from bench.origin import same_origin
from bench.slow_socket import SlowSocket

BIG_BODY = ("Een lange bijdrage over de regeling en wat zij voor cliënten betekent. " * 300)[:19000]


def _numbers(layout: Layout, thread: int) -> list[int]:
    """The thread's post numbers a member reads (not hidden, not deleted, not held)."""
    with psycopg.connect(layout.postgres.url(DATABASE)) as connection:
        rows = connection.execute(
            "SELECT number FROM groups_post WHERE thread_id = %s AND NOT is_hidden "
            "AND NOT is_deleted AND NOT is_held ORDER BY number",
            (thread,),
        ).fetchall()
    return [r[0] for r in rows]


def _post_times(layout: Layout, load) -> dict[int, float]:
    """Number → monotonic time its API request was sent."""
    answered = {a.post_id: load.started + a.at for a in load.answers if a.post_id}
    with psycopg.connect(layout.postgres.url(DATABASE)) as connection:
        rows = connection.execute(
            "SELECT id, number FROM groups_post WHERE id = ANY(%s)", (list(answered),)
        ).fetchall()
    return {number: answered[pk] for pk, number in rows}


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def _cookie(layout: Layout) -> str:
    return f"sessionid={layout.seed['session']}"


async def _read(readers: list[Reader], seconds: float) -> None:
    stop = asyncio.Event()
    tasks = [asyncio.ensure_future(r.run(stop)) for r in readers]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks)
    for reader in readers:
        await reader.close()


def _big_posts(layout: Layout, count: int) -> None:
    headers = {"Authorization": f"Bearer {layout.seed['tokens'][-1]}"}
    url = layout.url(f"/api/threads/{layout.seed['thread']}/posts")
    with httpx.Client(timeout=30, headers=headers) as client:
        for n in range(count):
            client.post(url, json={"body": f"{n}: {BIG_BODY}"})


@row("slow")
def slow_reader(layout: Layout, args) -> dict:
    """One client stops reading while about 4.5 MB of posts are queued to it."""
    layout.start()
    thread = layout.seed["thread"]
    _big_posts(layout, 20)
    floor = max(_numbers(layout, thread), default=0)
    load = _load(layout, args, readers=())
    readers = {
        process: [Reader(layout.ws_url(process), _cookie(layout), thread, floor=floor)
                  for _ in range(args.readers)]
        for process in ("sockets1", "sockets2")
    }  # fmt: skip
    slow = SlowSocket(layout.ws_url("sockets1"), _cookie(layout), f"thread:{thread}")

    async def scenario():
        reading = asyncio.ensure_future(
            _read([r for group in readers.values() for r in group], args.warmup + args.outage)
        )
        await asyncio.sleep(args.warmup)
        # The slow client asks for the 20 long posts 12 times over and reads none of it.
        for _ in range(12):
            slow.send({"action": "fetch", "topic": f"thread:{thread}", "from": floor - 19,
                       "to": floor})  # fmt: skip
        await asyncio.sleep(args.outage - args.after)
        # The writers stop; the readers get ``args.after`` seconds to catch up.
        await asyncio.get_running_loop().run_in_executor(None, load.stop)
        await reading

    load.start()
    asyncio.run(scenario())
    load.stop()
    code = slow.close_code()
    slow.close()
    sent = _post_times(layout, load)
    figures = {"posts acknowledged (API)": len(sent)}
    expected = [n for n in _numbers(layout, thread) if n > floor]
    stall = load.started + args.warmup
    for process, group in readers.items():
        during = [n for n in sent if sent[n] > stall]
        latencies = [r.arrived[n] - sent[n] for r in group for n in during if n in r.arrived]
        figures[f"{process}: readers complete"] = (
            f"{sum(r.shown == expected for r in group)} / {len(group)}"
        )
        figures[f"{process}: latency during the stall p99 / max (s)"] = (
            f"{_percentile(latencies, 0.99):.3f} / {max(latencies, default=float('nan')):.3f}"
        )
    figures["slow socket closed with (when it reads again)"] = code
    figures["server log: sockets closed as too slow"] = layout.log_text().count("too slow (")
    return figures


def _process_figures(layout: Layout) -> str:
    parts = []
    for name in ("sockets1", "sockets2"):
        pid = layout.processes[name].pid
        fds = len(list(__import__("pathlib").Path(f"/proc/{pid}/fd").iterdir()))
        with open(f"/proc/{pid}/status") as status:
            rss = next(line for line in status if line.startswith("VmRSS")).split()[1]
        parts.append(f"{fds} fd {int(rss) / 1024:.0f} MB")
    return f"{layout.redis.info_clients()} Redis clients; " + "; ".join(parts)


@row("churn")
def churn(layout: Layout, args) -> dict:
    """Readers connect, subscribe and leave in cycles for ``args.outage`` seconds."""
    layout.start()
    thread = layout.seed["thread"]
    before = _process_figures(layout)
    load = _load(layout, args, readers=())
    cycles = 0
    failures: dict[str, int] = {}

    async def one_reader(deadline: float):
        nonlocal cycles
        while time.monotonic() < deadline:
            process = random.choice(("sockets1", "sockets2"))
            reader = Reader(layout.ws_url(process), _cookie(layout), thread, floor=0)
            try:
                await reader.connect()
                end = time.monotonic() + random.uniform(0.2, 1.5)
                while time.monotonic() < end:
                    raw = await asyncio.wait_for(reader.socket.recv(), timeout=2)
                    await reader.handle(json.loads(raw))
            except Exception as error:  # a refused or dropped socket is part of churn
                failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
            finally:
                await reader.close()
                cycles += 1

    async def scenario(seconds: float):
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(one_reader(deadline) for _ in range(args.readers * 2)))

    load.start()
    asyncio.run(scenario(args.warmup))  # pools and caches filled: the baseline to compare
    time.sleep(2)
    warm = _process_figures(layout)
    warm_cycles = cycles
    asyncio.run(scenario(args.outage))
    load.stop()
    right_after = _process_figures(layout)
    time.sleep(args.after)
    return {
        "reader connections (cycles) warm-up / churn": f"{warm_cycles} / {cycles - warm_cycles}",
        "cycles that failed": failures or 0,
        "at start: Redis clients; per socket process": before,
        "after warm-up": warm,
        "right after the churn": right_after,
        f"after {args.after:g} s idle": _process_figures(layout),
    }


@row("burst")
def burst_reconnect(layout: Layout, args) -> dict:
    """Bursts from several writer processes while readers drop and reconnect."""
    layout.start()
    thread = layout.seed["thread"]
    floor = max(_numbers(layout, thread), default=0)
    load = _load(layout, args, readers=())
    readers = [
        Reader(layout.ws_url(("sockets1", "sockets2")[n % 2]), _cookie(layout), thread,
               floor=floor)
        for n in range(args.readers * 2)
    ]  # fmt: skip
    drops = 0

    async def churn_readers(deadline: float):
        nonlocal drops
        while time.monotonic() < deadline:
            await asyncio.sleep(random.uniform(0.05, 0.4))
            reader = random.choice(readers)
            if reader.socket is not None:
                await reader.socket.close()  # the reader reconnects from its first gap
                drops += 1

    async def bursts(deadline: float):
        # Replies over the sockets, from both socket processes at once, besides the API;
        # each one waited for (reply_ok), so the readers' time to catch up starts after
        # the last post was committed.
        from websockets.asyncio.client import connect

        urls = [layout.ws_url("sockets1"), layout.ws_url("sockets2")]
        headers = {"Cookie": _cookie(layout)}
        sockets = [
            await connect(u, additional_headers=headers, origin=same_origin(u)) for u in urls
        ]
        sent, acks = 0, [0]

        async def count_acks(socket):  # reading also answers the server's pings
            async for raw in socket:
                acks[0] += json.loads(raw).get("type") in ("reply_ok", "error")

        counting = [asyncio.ensure_future(count_acks(socket)) for socket in sockets]
        try:
            while time.monotonic() < deadline:
                for n in range(10):
                    for socket in sockets:
                        await socket.send(json.dumps({
                            "action": "reply", "topic": f"thread:{thread}",
                            "body": f"Salvo {n} ({time.monotonic():.3f})",
                        }))  # fmt: skip
                        sent += 1
                await asyncio.sleep(1.0)
            waited = time.monotonic() + 120
            while acks[0] < sent and time.monotonic() < waited:
                await asyncio.sleep(0.2)
        finally:
            for socket in sockets:
                await socket.close()
            await asyncio.gather(*counting, return_exceptions=True)

    async def scenario():
        stop = asyncio.Event()
        tasks = [asyncio.ensure_future(r.run(stop)) for r in readers]
        deadline = time.monotonic() + args.warmup + args.outage
        await asyncio.gather(churn_readers(deadline), bursts(deadline))
        # The writers stop; the readers get ``args.after`` seconds to catch up.
        await asyncio.get_running_loop().run_in_executor(None, load.stop)
        await asyncio.sleep(args.after)
        stop.set()
        await asyncio.gather(*tasks)
        for reader in readers:
            await reader.close()

    load.start()
    asyncio.run(scenario())
    load.stop()
    expected = [n for n in _numbers(layout, thread) if n > floor]
    complete = sum(r.shown == expected for r in readers)
    missing = [len(set(expected) - set(r.shown)) for r in readers]
    twice = [len(r.shown) - len(set(r.shown)) for r in readers]
    inversions = [sum(a > b for a, b in zip(r.shown, r.shown[1:], strict=False)) for r in readers]
    return {
        "posts in the thread (new)": len(expected),
        "reader drops (forced reconnects)": drops,
        "readers complete (list = database)": f"{complete} / {len(readers)}",
        "posts missing per reader (max)": max(missing, default=0),
        "posts shown twice / out of order (total)": f"{sum(twice)} / {sum(inversions)}",
        "median reconnects per reader": statistics.median(len(r.closes) for r in readers),
    }
