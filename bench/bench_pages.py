"""Bench of the newsroom pages under Daphne: req/s and latency against a plain-Django floor.

Usage:  .venv/bin/python bench/bench_pages.py [--db db.sqlite3] [--concurrency 16] [--seconds 8]

Copies the demo database (made with migrate + load_demo when --db is missing), starts one
Daphne process as `make run` serves the site, and drives it with a small keep-alive HTTP
client on asyncio (fixed concurrency, bounded duration). The floor is /_floor/<id>/: the
same article from one query with a trivial template (bench/floor_urls.py), in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, server_command, wait_for_port  # noqa: E402

ARTICLE_SLUG = "tozo-update-versie-13"


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def prepare_database(source: Path | None, workdir: Path, env: dict) -> Path:
    target = workdir / "bench.sqlite3"
    if source and source.exists():
        print(f"copying {source} …", flush=True)
        shutil.copy(source, target)
    else:
        print("no demo database given: migrate + load_demo into a fresh copy …", flush=True)
    env["DATABASE_URL"] = f"sqlite:///{target}"
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--if-empty", "--posts", "300", "--threads", "40")
    return target


SETUP_SCRIPT = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.conf import settings
from website.models import ArticlePage
member = get_user_model().objects.filter(is_active=True).order_by("pk").first()
if member is None:
    member = get_user_model().objects.create_user("bench@example.nl", None, display_name="Bench")
s = SessionStore()
s["_auth_user_id"] = str(member.pk)
s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
s["_auth_user_hash"] = member.get_session_auth_hash()
s.create()
article = ArticlePage.objects.live().filter(slug="%s").first() or ArticlePage.objects.live().first()
print(settings.SESSION_COOKIE_NAME, s.session_key, article.pk, article.url)
"""


async def _request(reader, writer, path: str, cookie: str | None) -> int:
    headers = f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n"
    if cookie:
        headers += f"Cookie: {cookie}\r\n"
    writer.write((headers + "\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
        elif name.lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return status


async def _worker(port, path, cookie, deadline, latencies, errors):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status = await _request(reader, writer, path, cookie)
            except (asyncio.IncompleteReadError, ConnectionError):
                errors.append("connection")
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()


async def measure(port, path, cookie, concurrency, seconds):
    latencies: list[float] = []
    errors: list = []
    # Warm-up: fills caches and the connection pool the way a running site has them.
    await asyncio.gather(
        *[_worker(port, path, cookie, time.perf_counter() + 1.0, [], []) for _ in range(4)]
    )
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *[_worker(port, path, cookie, deadline, latencies, errors) for _ in range(concurrency)]
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan"),
        "n": len(latencies),
        "errors": len(errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "db.sqlite3")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.floor_settings",
        "VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    prepare_database(args.db, workdir, env)
    cookie_name, session_key, article_id, article_url = (
        manage(env, "shell", "-c", SETUP_SCRIPT % ARTICLE_SLUG).strip().splitlines()[-1].split()
    )
    cookie = f"{cookie_name}={session_key}"
    port = free_port()
    log = (workdir / "daphne.log").open("w")
    server = subprocess.Popen(
        server_command("daphne", port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port, server, "daphne")
        scenarios = [
            ("floor (plain view, 1 query)", f"/_floor/{article_id}/", None),
            ("home, anonymous", "/", None),
            ("news list, anonymous", "/nieuws/", None),
            ("article, anonymous", article_url, None),
            ("article, logged in", article_url, cookie),
            ("news list, logged in", "/nieuws/", cookie),
        ]
        results = []
        for label, path, cookie_value in scenarios:
            print(f"measuring {label} …", flush=True)
            result = asyncio.run(measure(port, path, cookie_value, args.concurrency, args.seconds))
            results.append((label, path, result))
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    floor = results[0][2]["rps"]
    print()
    print(
        f"Daphne, 1 process, SQLite demo copy; concurrency {args.concurrency}, "
        f"{args.seconds:.0f} s per row"
    )
    print(f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× floor':>8} {'errors':>7}")
    for label, _path, r in results:
        print(
            f"{label:32} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} "
            f"{r['rps'] / floor:8.2f} {r['errors']:7d}"
        )
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
