"""Bench: live fan-out of replies to many WebSocket readers across server processes.

Starts N socket server processes (default 2; uvicorn as the README deploys them, or
``--server daphne``) sharing Redis (channels_redis pub/sub) and
PostgreSQL, connects C logged-in members of one group (default 1,000, spread evenly
over the processes, driven by a few client processes), and has some of them post
replies over their socket (the normal write path: ``groups.actions.reply`` with its
rate limits, so one poster posts every 6 s) at R replies a second for D seconds.
Every client records, for each new post, the delay between the poster sending it
(a timestamp in the body) and its arrival. Afterwards each client catches up from the
database (subscribe with the last number it saw, as live.js does after a reconnect).

Reports per rate: delivery latency p50/p95/p99/max, deliveries lost before catch-up,
lost after catch-up (must be 0), and RSS and CPU of each server process.

    DATABASE_URL=postgres://…/samendenk_live REDIS_URL=redis://127.0.0.1:6379/4 \\
        .venv/bin/python bench/bench_fanout.py [--clients 1000] [--rates 20,50] [--duration 30]

Loopback only; every process it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.origin import same_origin  # noqa: E402
from bench.servers import ServerFailed, free_port, server_command, wait_for_port  # noqa: E402

GROUP_SLUG = "bench-fanout"
POST_EVERY = 6.0  # seconds between two posts of one poster (rate limit: 3 per 15 s)
STAMP = re.compile(rb"\[\[(\d+\.\d+)\]\]")
NUMBER = re.compile(rb'"number": (\d+)')
POST_FRAME = b'{"type": "post", '  # how the server's json.dumps starts a post frame
TICKS = os.sysconf("SC_CLK_TCK")


def server_env(database_url: str, redis_url: str, prefix: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CHANNEL_PREFIX": prefix,
        "CACHE_PREFIX": prefix,
        # Database connections: the deployed default, a small pool per process.
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def proc_stats(pid: int) -> tuple[float, float]:
    """(CPU seconds used so far, RSS in MB) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS
    rss = 0.0
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) / 1024
    return cpu, rss


# --- data -----------------------------------------------------------------------------


def prepare_members(count: int) -> tuple[int, list[str]]:
    """(group id, session cookies of ``count`` members of the bench group); idempotent."""
    import django

    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from groups.models import Domain, GroupMembership, ThinkGroup

    Member = get_user_model()
    domain = Domain.objects.order_by("position").first()
    group, _created = ThinkGroup.objects.get_or_create(
        slug=GROUP_SLUG,
        defaults={"name": "Bench: live", "domain": domain, "visibility": "open"},
    )
    existing = set(
        Member.objects.filter(email__startswith="bench-live-").values_list("email", flat=True)
    )
    new = [
        Member(email=f"bench-live-{n}@example.nl", display_name=f"Bench Lezer {n}")
        for n in range(count)
        if f"bench-live-{n}@example.nl" not in existing
    ]
    for member in new:
        member.set_unusable_password()
    Member.objects.bulk_create(new, batch_size=500)
    members = list(
        Member.objects.filter(
            email__in=[f"bench-live-{n}@example.nl" for n in range(count)]
        ).order_by("pk")
    )
    in_group = set(GroupMembership.objects.filter(group=group).values_list("member_id", flat=True))
    GroupMembership.objects.bulk_create(
        [GroupMembership(group=group, member=m) for m in members if m.pk not in in_group],
        batch_size=500,
    )
    ThinkGroup.objects.filter(pk=group.pk).update(member_count=group.memberships.count())
    cookies = []
    for member in members:
        session = SessionStore()
        session[SESSION_KEY] = str(member.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.save()
        cookies.append(f"sessionid={session.session_key}")
    return group.pk, cookies


def new_thread(group_id: int) -> int:
    """A fresh thread for a run, through the write path."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from groups import actions
    from groups.models import ThinkGroup

    # The bench's own thread (not a measured write): a rerun within the rate-limit window
    # must not fail. The replies the clients post stay rate-limited in the servers.
    settings.FORUM_RATE_LIMITS_ENABLED = False

    author = get_user_model().objects.get(email="bench-live-0@example.nl")
    group = ThinkGroup.objects.get(pk=group_id)
    thread = actions.start_thread(
        member=author,
        group=group,
        title=f"Bench live {time.strftime('%H:%M:%S')}",
        body="Wie leest er mee?",
    )
    return thread.pk


# --- client worker ------------------------------------------------------------------


async def run_client(client: dict, spec: dict, ready: asyncio.Event, results: dict) -> None:
    from bench.lean_ws import connect

    topic = f"thread:{spec['thread']}"
    live: dict[int, float] = {}
    sent: dict[str, float] = {}
    latencies: list[tuple[float, float]] = []  # (sent at, delay)
    ws = None
    for attempt in range(5):
        try:
            ws = await connect(
                client["url"],
                headers={"Cookie": client["cookie"], "Origin": same_origin(client["url"])},
            )
            break
        except Exception as error:  # noqa: BLE001 - retried like live.js, then counted
            results["connect_retries"] += 1
            last_error = repr(error)[:200]
            await asyncio.sleep(0.5 * 2**attempt * (0.5 + random.random() / 2))
    if ws is None:
        results["connect_failures"] += 1
        results["errors"].append(last_error)
        if results["connected"] + results["connect_failures"] == results["expected"]:
            ready.set()
        return
    try:
        await ws.send(json.dumps({"action": "subscribe", "topic": topic}))
        while json.loads(await ws.recv())["type"] != "subscribed":
            pass
        results["connected"] += 1
        if results["connected"] + results["connect_failures"] == results["expected"]:
            ready.set()
        await spec["go"].wait()
        start, end = spec["start"], spec["start"] + spec["duration"]

        def read(raw: bytes) -> None:
            if raw.startswith(POST_FRAME):
                # Most frames are posts: read the number and the stamp without decoding
                # the whole frame, so that the load generator stays light.
                stamp = STAMP.search(raw)
                if stamp:
                    sent_at = float(stamp.group(1))
                    latencies.append((sent_at, time.time() - sent_at))
                live[int(NUMBER.search(raw).group(1))] = 1
                return
            event = json.loads(raw)
            kind = event["type"]
            if kind == "post":
                live[event["number"]] = 1
            elif kind == "reply_ok":
                results["replies_ok"] += 1
                sent_at = sent.pop(event.get("ref"), None)
                if sent_at is not None:
                    results["acks"].append(time.time() - sent_at)
            elif kind == "error":
                code = event.get("code", "?")
                results["reply_errors"][code] = results["reply_errors"].get(code, 0) + 1

        async def post():
            slot, posters, rate = client["poster_slot"], spec["posters"], spec["rate"]
            k = 0
            while True:
                at = start + (k * posters + slot) / rate
                if at >= end:
                    return
                await asyncio.sleep(max(at - time.time(), 0))
                now = time.time()
                body = f"Bench-bericht [[{now:.6f}]] van lezer {client['index']}, nr {k}."
                ref = f"r{k}"
                sent[ref] = now
                await ws.send(
                    json.dumps({"action": "reply", "topic": topic, "body": body, "ref": ref})
                )
                k += 1

        ws.on_frame = read
        if client["poster_slot"] is not None:
            await post()
        await asyncio.sleep(max(end + spec["grace"] - time.time(), 0))
        ws.on_frame = None
        # Catch-up from the database, as live.js does after a reconnect.
        await ws.send(json.dumps({"action": "unsubscribe", "topic": topic}))
        last = None
        caught: set[int] = set()
        # First ask for what follows the highest number seen (live.js does the same);
        # then, while gaps remain, for what follows the number before the first gap.
        after = max(live, default=spec["first"] - 1)
        while True:
            await ws.send(json.dumps({"action": "subscribe", "topic": topic, "last_number": after}))
            got = []
            while True:
                # After an overload every reader catches up at once (live.js spreads
                # reconnects with backoff): give the servers time, then count a failure.
                event = json.loads(await ws.recv(timeout=300))
                if event["type"] == "post" and event.get("event") == "catch_up":
                    got.append(event["number"])
                elif event["type"] == "subscribed":
                    last = event["last_number"]
                    break
            caught.update(got)
            await ws.send(json.dumps({"action": "unsubscribe", "topic": topic}))
            missing = [n for n in range(spec["first"], last + 1) if n not in live]
            remaining = [n for n in missing if n not in caught]
            if not remaining or remaining[0] - 1 == after:
                break
            after = remaining[0] - 1
        results["lost_before"] += len(missing)
        results["lost_after"] += len(remaining)
        results["last"] = last
    except Exception as error:  # noqa: BLE001 - counted and reported
        results["errors"].append(repr(error)[:200])
        # A client that could not finish its catch-up proves nothing about losses.
        results["incomplete"] += 1
    finally:
        results["latencies"].extend(latencies)
        if ws is not None:
            await ws.close()


async def worker_main(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    results = {
        "expected": len(spec["clients"]),
        "connected": 0,
        "connect_failures": 0,
        "connect_retries": 0,
        "replies_ok": 0,
        "reply_errors": {},
        "lost_before": 0,
        "lost_after": 0,
        "incomplete": 0,
        "latencies": [],
        "acks": [],
        "errors": [],
        "last": None,
    }
    ready = asyncio.Event()
    spec["go"] = asyncio.Event()
    tasks = []
    for client in spec["clients"]:
        tasks.append(asyncio.ensure_future(run_client(client, spec, ready, results)))
        await asyncio.sleep(spec["connect_spacing"])
    await ready.wait()
    Path(spec["ready_file"]).write_text("ready")
    go_file = Path(spec["go_file"])
    while not go_file.exists():
        await asyncio.sleep(0.05)
    spec["start"] = float(go_file.read_text())
    spec["go"].set()
    await asyncio.gather(*tasks)
    Path(spec["out"]).write_text(json.dumps(results))


# --- orchestration ------------------------------------------------------------------


def one_run(args, rate: float, group_id: int, cookies, urls, servers, tmp: Path) -> dict:
    thread_id = new_thread(group_id)
    posters = min(len(cookies) - 1, int(rate * POST_EVERY + 0.999))
    clients = [
        {
            "index": i,
            "url": urls[i % len(urls)],
            "cookie": cookies[i],
            # Member 0 started the thread (its thread rate limit is spent, not its posts).
            "poster_slot": (i - 1) if 1 <= i <= posters else None,
        }
        for i in range(len(cookies))
    ]
    run_id = uuid.uuid4().hex[:6]
    workers = []
    for w in range(args.client_procs):
        spec = {
            "clients": clients[w :: args.client_procs],
            "thread": thread_id,
            "first": 2,
            "duration": args.duration,
            "grace": 5.0,
            "rate": rate,
            "posters": posters,
            "connect_spacing": args.connect_spacing,
            "ready_file": str(tmp / f"ready-{run_id}-{w}"),
            "go_file": str(tmp / f"go-{run_id}"),
            "out": str(tmp / f"out-{run_id}-{w}.json"),
        }
        path = tmp / f"spec-{run_id}-{w}.json"
        path.write_text(json.dumps(spec))
        workers.append(
            (spec, subprocess.Popen([sys.executable, __file__, "--worker", str(path)], cwd=ROOT))
        )
    connect_started = time.monotonic()
    while not all(Path(s["ready_file"]).exists() for s, _p in workers):
        if any(p.poll() is not None for _s, p in workers):
            raise SystemExit("a client worker died while connecting")
        time.sleep(0.2)
    connect_seconds = time.monotonic() - connect_started
    before = {pid: proc_stats(pid) for pid in servers}
    clients_before = sum(proc_stats(p.pid)[0] for _s, p in workers)
    machine_before = machine_busy()
    start = time.time() + 1.0
    Path(workers[0][0]["go_file"]).write_text(f"{start:.6f}")
    time.sleep(max(start + args.duration - time.time(), 0))
    after = {pid: proc_stats(pid) for pid in servers}
    clients_after = sum(proc_stats(p.pid)[0] for _s, p in workers)
    machine_after = machine_busy()
    window = args.duration
    for _spec, proc in workers:
        proc.wait(timeout=args.duration + 600)
    totals = {"latencies": [], "acks": [], "errors": [], "reply_errors": {}}
    keys = ("connected", "connect_failures", "connect_retries", "replies_ok")
    keys += ("lost_before", "lost_after", "incomplete")
    for key in keys:
        totals[key] = 0
    for spec, _proc in workers:
        data = json.loads(Path(spec["out"]).read_text())
        for key in keys:
            totals[key] += data[key]
        totals["latencies"].extend(data["latencies"])
        totals["acks"].extend(data["acks"])
        totals["errors"].extend(data["errors"])
        for code, n in data["reply_errors"].items():
            totals["reply_errors"][code] = totals["reply_errors"].get(code, 0) + n
        totals["last"] = data["last"]
    # The load generators share the machine: their CPU, and how busy the machine was.
    totals["clients_cpu"] = (clients_after - clients_before) / window * 100
    busy = machine_after[0] - machine_before[0]
    totals["machine_busy"] = busy / max(machine_after[1] - machine_before[1], 1) * 100
    totals["servers"] = {
        pid: ((after[pid][0] - before[pid][0]) / window * 100, after[pid][1]) for pid in servers
    }
    totals["rate"], totals["posters"], totals["connect_seconds"] = rate, posters, connect_seconds
    return totals


def report(args, runs) -> None:
    print()
    print(
        f"Live fan-out bench: {args.clients} clients over {args.servers} {args.server} processes "
        f"(channels_redis pub/sub + per-process hub), {args.duration:.0f} s per rate, "
        f"replies over the socket through groups.actions.reply"
    )
    header = (
        "| posts/s | posters | posts | deliveries | p50 ms | p95 ms | p99 ms | max ms "
        "| lost before catch-up | lost after catch-up | clients without catch-up "
        "| server CPU % | server RSS MB "
        "| client CPU % | machine busy % |"
    )
    print(header)
    print("|" + "---|" * 15)
    for r in runs:
        lat = sorted(delay * 1000 for _sent, delay in r["latencies"])
        q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [float("nan")] * 99
        posts = (r["last"] or 1) - 1
        cpu = " / ".join(f"{c:.0f}" for c, _rss in r["servers"].values())
        rss = " / ".join(f"{m:.0f}" for _c, m in r["servers"].values())
        print(
            f"| {r['rate']:.0f} | {r['posters']} | {posts} | {len(lat)} | {q[49]:.0f} | "
            f"{q[94]:.0f} | {q[98]:.0f} | {max(lat) if lat else float('nan'):.0f} | "
            f"{r['lost_before']} | {r['lost_after']} | {r['incomplete']} | {cpu} | {rss} | "
            f"{r['clients_cpu']:.0f} | {r['machine_busy']:.0f} ({os.cpu_count()} cores) |"
        )
    if args.timeline:
        for r in runs:
            print(f"rate {r['rate']:.0f}/s, per second of sending: deliveries, p99 ms, max ms")
            seconds: dict[int, list[float]] = {}
            start = min((sent for sent, _delay in r["latencies"]), default=0)
            for sent, delay in r["latencies"]:
                seconds.setdefault(int(sent - start), []).append(delay * 1000)
            for second, delays in sorted(seconds.items()):
                delays.sort()
                p99 = delays[min(len(delays) - 1, int(len(delays) * 0.99))]
                print(f"  {second:3d} s: {len(delays):6d} {p99:8.0f} {delays[-1]:8.0f}")
    for r in runs:
        acks = sorted(x * 1000 for x in r["acks"])
        if len(acks) > 1:
            q = statistics.quantiles(acks, n=100)
            print(
                f"rate {r['rate']:.0f}/s: write path (reply sent → reply_ok) p50 {q[49]:.0f} ms, "
                f"p99 {q[98]:.0f} ms, max {acks[-1]:.0f} ms"
            )
        print(
            f"rate {r['rate']:.0f}/s: connected {r['connected']}, connect failures "
            f"{r['connect_failures']} (retries {r['connect_retries']}), "
            f"connect phase {r['connect_seconds']:.1f} s, replies ok "
            f"{r['replies_ok']}, refused {r['reply_errors'] or 0}"
            + (f", client errors {r['errors'][:3]}" if r["errors"] else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--rates", default="20,50", help="posts a second, comma-separated")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per rate")
    parser.add_argument("--client-procs", type=int, default=2, help="client processes")
    parser.add_argument("--connect-spacing", type=float, default=0.06, help="s between connects")
    parser.add_argument("--server", choices=["uvicorn", "daphne"], default="uvicorn")
    parser.add_argument(
        "--timeline", action="store_true", help="also print p99 and max per second of sending"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        # uvloop (installed with uvicorn[standard]) reads a socket in a few µs where
        # asyncio's own loop takes 15–25 µs: every frame is one read here.
        import uvloop

        uvloop.run(worker_main(args.worker))
        return
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        raise SystemExit("set DATABASE_URL (PostgreSQL) and REDIS_URL: see the docstring")
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    env = server_env(database_url, redis_url, prefix)
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    group_id, cookies = prepare_members(args.clients)
    (ROOT / "var").mkdir(exist_ok=True)
    ports = [free_port() for _ in range(args.servers)]
    procs = []
    logs = []
    try:
        for n, port in enumerate(ports):
            log = (ROOT / "var" / f"bench-fanout-{args.server}-{n}.log").open("w")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    server_command(args.server, port),
                    cwd=ROOT,
                    # uvicorn serves the sockets only, as the README deploys it; Daphne
                    # serves everything, as `make run` has it.
                    env={**env, "SOCKETS_ONLY": str(args.server == "uvicorn").lower()},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port, proc in zip(ports, procs, strict=True):
            try:
                wait_for_port(port, proc, args.server)
            except ServerFailed as failed:
                raise SystemExit(f"{failed}; see var/bench-fanout-*.log") from None
        urls = [f"ws://127.0.0.1:{port}/ws/" for port in ports]
        runs = []
        with tempfile.TemporaryDirectory() as tmp:
            for rate in [float(r) for r in args.rates.split(",")]:
                runs.append(
                    one_run(args, rate, group_id, cookies, urls, [p.pid for p in procs], Path(tmp))
                )
        report(args, runs)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


if __name__ == "__main__":
    main()
