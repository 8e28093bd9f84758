"""Bench: the thread page (first page of a 200-post thread) against a minimal-Django floor.

Starts, on loopback:
- the site under ONE server process (production settings): gunicorn (WSGI, one sync
  worker) as the README deploys the pages, or --server uvicorn / daphne (ASGI);
- the floor: a minimal Django view that renders the same 20 posts with one query and a
  trivial template, under wsgiref (one synchronous worker, no middleware);
and drives each at the same concurrency with a small asyncio HTTP client (a new
connection per request for both: wsgiref speaks no keep-alive). Prints req/s and p50/p99.

    .venv/bin/python bench/bench_thread_page.py [--duration 10] [--concurrency 16]
        [--server gunicorn|uvicorn|daphne]

Database: DATABASE_URL (PostgreSQL recommended), else var/bench.sqlite3. The bench data
(a group, a 200-post thread, a member) is created once and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    ServerFailed,
    free_port,
    server_command,
    wait_for_port,
)

GROUP_SLUG = "bench-draadpagina"
POSTS = 200


def bench_env(database_url: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        # Database connections: the deployed default (a small pool per process, see
        # website/settings/base.py); the floor below keeps one persistent connection.
        "PYTHONUNBUFFERED": "1",
    }
    return env


# --- data ---------------------------------------------------------------------------


def prepare_data() -> tuple[int, str]:
    """(thread id, session cookie of a member of the group); idempotent."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from groups.markdown import render
    from groups.models import Domain, GroupMembership, Post, ThinkGroup, Thread

    Member = get_user_model()
    domain = Domain.objects.order_by("position").first()
    group, _created = ThinkGroup.objects.get_or_create(
        slug=GROUP_SLUG,
        defaults={"name": "Bench: draadpagina", "domain": domain, "visibility": "open"},
    )
    authors = []
    for n in range(8):
        author, _created = Member.objects.get_or_create(
            email=f"bench-auteur-{n}@example.nl",
            defaults={
                "display_name": f"Bench Auteur {n}",
                "organisation": "Gemeente Benchdam",
                "job_title": "klantmanager",
            },
        )
        GroupMembership.objects.get_or_create(group=group, member=author)
        authors.append(author)
    reader = authors[0]
    thread = Thread.objects.filter(group=group).first()
    if thread is None:
        now = timezone.now()
        thread = Thread.objects.create(
            group=group, title="Bench: tweehonderd berichten", author=authors[0]
        )
        body = (
            "Bij ons in de **gemeente** duurt een aanvraag nu gemiddeld {n} dagen.\n\n"
            "- eerst de intake\n- dan de *beslissing*\n\nWie herkent dit?"
        )
        Post.objects.bulk_create(
            Post(
                thread=thread,
                number=n,
                author=authors[n % len(authors)],
                body=body.format(n=n),
                body_html=render(body.format(n=n)),
                created_at=now,
            )
            for n in range(1, POSTS + 1)
        )
        Thread.objects.filter(pk=thread.pk).update(
            last_number=POSTS, reply_count=POSTS - 1, last_poster=authors[-1]
        )
    client = Client()
    client.force_login(reader)
    return thread.pk, f"sessionid={client.cookies['sessionid'].value}"


# --- the floor ------------------------------------------------------------------------

FLOOR_TEMPLATE = (
    "<!doctype html><title>{{ thread.title }}</title><h1>{{ thread.title }}</h1><ol>"
    "{% for post in posts %}<li id='post-{{ post.number }}'><b>{{ post.author.display_name }}"
    "</b> {{ post.created_at }}{{ post.body_html|safe }}</li>{% endfor %}</ol>"
)


def serve_floor(port: int, thread_id: int) -> None:
    import django
    from django.conf import settings

    django.setup()
    # No middleware: the floor is Django's bare request/response cycle.
    settings.MIDDLEWARE = []
    settings.ROOT_URLCONF = __name__
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.handlers.wsgi import WSGIHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class Server(WSGIServer):
        # socketserver's default backlog of 5 makes waiting clients retry SYNs for
        # seconds; a real deployment's backlog is larger.
        request_queue_size = 128

    global urlpatterns
    urlpatterns = [_floor_path(thread_id)]
    make_server(
        "127.0.0.1", port, WSGIHandler(), server_class=Server, handler_class=Quiet
    ).serve_forever()


def _floor_path(thread_id):
    from django.http import HttpResponse
    from django.template import Context, Engine
    from django.urls import path

    from groups.models import Post

    template = Engine(builtins=[]).from_string(FLOOR_TEMPLATE)

    def floor(request):
        posts = list(
            Post.objects.filter(thread_id=thread_id, number__lte=20)
            .select_related("author", "thread")
            .order_by("number")
        )
        return HttpResponse(template.render(Context({"posts": posts, "thread": posts[0].thread})))

    return path("floor/", floor)


urlpatterns: list = []


# --- load -----------------------------------------------------------------------------


async def one_request(port: int, path: str, cookie: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookie:
        request += f"Cookie: {cookie}\r\n"
    writer.write((request + "\r\n").encode())
    data = await reader.read()
    writer.close()
    elapsed = time.perf_counter() - started
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, elapsed, len(data)


async def drive(port: int, path: str, cookie: str, concurrency: int, duration: float) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sizes: list[int] = []
    end = time.perf_counter() + duration

    async def worker():
        while time.perf_counter() < end:
            try:
                status, elapsed, size = await one_request(port, path, cookie)
            except OSError:
                status, elapsed, size = 0, 0.0, 0
            statuses[status] = statuses.get(status, 0) + 1
            if status:
                latencies.append(elapsed)
                sizes.append(size)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": q[49] * 1000,
        "p99": q[98] * 1000,
        "statuses": statuses,
        "bytes": int(statistics.mean(sizes)) if sizes else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--server",
        choices=["daphne", "uvicorn", "gunicorn"],
        default="gunicorn",
        help="server of the site (one process; gunicorn: WSGI, one sync worker)",
    )
    parser.add_argument("--serve-floor", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--thread", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    if args.serve_floor:
        serve_floor(args.serve_floor, args.thread)
        return
    env = bench_env(database_url)
    os.environ.update(env)
    (ROOT / "var").mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    thread_id, cookie = prepare_data()
    site_port, floor_port = free_port(), free_port()
    log = (ROOT / "var" / f"bench-thread-page-{args.server}.log").open("w")
    procs = [
        subprocess.Popen(
            server_command(args.server, site_port),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [sys.executable, __file__, "--serve-floor", str(floor_port)]
            + ["--thread", str(thread_id)],
            cwd=ROOT,
            # One thread: a persistent connection is what a WSGI worker would keep.
            env={**env, "DATABASE_POOL_SIZE": "0", "CONN_MAX_AGE": "60"},
        ),
    ]
    try:
        try:
            wait_for_port(site_port, procs[0], args.server)
            wait_for_port(floor_port, procs[1], "floor")
        except ServerFailed as failed:
            raise SystemExit(str(failed)) from None
        thread_path = f"/denkgroepen/onderwerp/{thread_id}/"
        scenarios = [
            ("floor: minimal view, wsgiref, 1 sync worker", floor_port, "/floor/", ""),
            (f"thread page, logged in ({args.server} ×1)", site_port, thread_path, cookie),
            (f"thread page, anonymous ({args.server} ×1)", site_port, thread_path, ""),
        ]
        results = []
        for name, port, path, cookie_header in scenarios:
            asyncio.run(drive(port, path, cookie_header, 4, 1.0))  # warm-up
            result = asyncio.run(drive(port, path, cookie_header, args.concurrency, args.duration))
            results.append((name, result))
        floor_rps = results[0][1]["rps"]
        print()
        print(
            f"Thread page bench: first page of a {POSTS}-post thread, concurrency "
            f"{args.concurrency}, {args.duration:.0f} s per row, database "
            f"{database_url.split(':', 1)[0]}"
        )
        header = f"| {'scenario':<44} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | "
        header += f"{'% floor':>7} | {'bytes':>6} | statuses"
        print(header)
        print("|" + "-" * (len(header) - 1))
        for name, r in results:
            print(
                f"| {name:<44} | {r['rps']:7.1f} | {r['p50']:7.1f} | {r['p99']:7.1f} | "
                f"{100 * r['rps'] / floor_rps:6.0f}% | {r['bytes']:6d} | {r['statuses']}"
            )
        print(
            "Anonymous visitors are redirected to the log-in page (threads need a log-in), "
            "so that row measures the redirect."
        )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
