"""Bench: does a hostile post stall the other sockets of its server process? (issue 12)

Starts one socket server process (uvicorn as the README deploys it, or ``--server
daphne``), connects two logged-in members of one group and measures the round trip of
one socket's ``ping`` (every 20 ms) while the server is idle, and while the other socket
sends hostile 20,000-character replies back to back (each one refused by the privacy
guard, so each is scanned in full; the posting rate limit is switched off for the server
so that every post is scanned). A scanner that backtracks holds the interpreter lock for
seconds and the pings wait; a linear one keeps ping p99 near idle.

    DATABASE_URL=postgres://…/sd_x REDIS_URL=redis://127.0.0.1:6379/n \\
        .venv/bin/python bench/bench_hostile_post.py [--seconds 5] [--server uvicorn]

Loopback only; the server it starts is stopped at the end. Prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from bench import lean_ws  # noqa: E402
from bench.bench_fanout import new_thread, prepare_members, server_env  # noqa: E402
from bench.origin import same_origin  # noqa: E402
from bench.servers import free_port, server_command, stop, wait_for_port  # noqa: E402

N = 20_000
PAD = N - 40  # the whole post stays within the 20,000 characters a post may have
HOSTILE = [
    "mail a@b.nl 1234 AB" + " " * PAD + "x",
    "mail a@b.nl 1234 AB" + "\u00a0" * PAD + "x",
    ("mail a@b.nl NL12" + "A1B2" * 10 + " ") * (PAD // 61),
    "mail a@b.nl Kerkstraat 12" + " " * PAD + "x",
    "1234 AB 1 " * (PAD // 10),
]


async def pinger(socket, stop_at: float) -> list[float]:
    """Round trips of pings sent every 20 ms until ``stop_at``, in ms."""
    trips = []
    ref = 0
    while time.monotonic() < stop_at:
        ref += 1
        sent = time.monotonic()
        await socket.send(json.dumps({"action": "ping", "ref": ref}))
        while True:
            frame = json.loads(await socket.recv(timeout=120))
            if frame.get("type") == "pong" and frame.get("ref") == ref:
                break
        trips.append((time.monotonic() - sent) * 1000)
        await asyncio.sleep(0.02)
    return trips


async def poster(socket, thread_id: int, stop_at: float) -> list[float]:
    """Hostile replies back to back until ``stop_at``; the time each took to be refused."""
    answers, n = [], 0
    while time.monotonic() < stop_at:
        body = HOSTILE[n % len(HOSTILE)]
        n += 1
        sent = time.monotonic()
        await socket.send(
            json.dumps(
                {"action": "reply", "topic": f"thread:{thread_id}", "body": body, "ref": n},
                ensure_ascii=False,
            )
        )
        while True:
            frame = json.loads(await socket.recv(timeout=300))
            if frame.get("ref") == n:
                break
        answers.append((time.monotonic() - sent) * 1000)
    return answers


def row(label: str, values: list[float]) -> tuple:
    values = sorted(values)
    p99 = values[max(0, int(len(values) * 0.99) - 1)]
    return (
        label,
        len(values),
        round(statistics.median(values), 1),
        round(p99, 1),
        round(values[-1], 1),
    )


async def measure(url: str, cookies: list[str], thread_id: int, seconds: float) -> list[tuple]:
    headers = [{"Cookie": c, "Origin": same_origin(url)} for c in cookies]
    ping_socket = await lean_ws.connect(url, headers=headers[0])
    post_socket = await lean_ws.connect(url, headers=headers[1])
    idle = await pinger(ping_socket, time.monotonic() + seconds)
    stop_at = time.monotonic() + seconds
    during, answers = await asyncio.gather(
        pinger(ping_socket, stop_at), poster(post_socket, thread_id, stop_at)
    )
    await ping_socket.close()
    await post_socket.close()
    return [
        row("ping, idle", idle),
        row("ping, during hostile posts", during),
        row("hostile post refused after", answers),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--server", default="uvicorn", choices=["uvicorn", "daphne"])
    args = parser.parse_args()
    database_url = os.environ["DATABASE_URL"]
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    prefix = os.environ.get("CHANNEL_PREFIX", "bench-hostile")
    group_id, cookies = prepare_members(2)
    thread_id = new_thread(group_id)
    port = free_port()
    env = {**server_env(database_url, redis_url, prefix), "FORUM_RATE_LIMITS_ENABLED": "false"}
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                server_command(args.server, port), cwd=ROOT, env=env, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                wait_for_port(port, proc, args.server)
                rows = asyncio.run(
                    measure(f"ws://127.0.0.1:{port}/ws/", cookies, thread_id, args.seconds)
                )
            finally:
                stop(proc)
    header = ("socket " + args.server, "count", "p50 ms", "p99 ms", "max ms")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        print(
            "  ".join(
                str(v).rjust(w) if i else str(v).ljust(w)
                for i, (v, w) in enumerate(zip(line, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
