"""Bench: memory of one server process while a 90 MB anonymous POST arrives.

Starts each server as the README deploys it (Daphne as `make run`, uvicorn, gunicorn's sync
worker) on loopback, sends a 90 MB POST to the log-in page (once with Content-Length, once
chunked without one) as fast as loopback allows, and samples the resident memory of the
server's process tree every 10 ms until the answer has come. Prints the status, the time
to the answer and the memory before and at its peak.

    .venv/bin/python bench/bench_big_body.py [--megabytes 90] [--servers daphne,uvicorn,gunicorn]

No database is needed: the body is refused before Django runs (website/body_limit.py).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, running, server_command  # noqa: E402

CHUNK = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and its children (gunicorn's worker is a child)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.01)


def post(port: int, megabytes: int, *, chunked: bool) -> tuple[str, float]:
    """Send the body (as much as the server takes) and return the status line and seconds."""
    start = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    head = "POST /account/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head += "Content-Type: application/x-www-form-urlencoded\r\n"
    if chunked:
        head += "Transfer-Encoding: chunked\r\n\r\n"
    else:
        head += f"Content-Length: {megabytes * CHUNK}\r\n\r\n"
    sock.sendall(head.encode())
    block = b"x" * CHUNK
    try:
        for _ in range(megabytes):
            if chunked:
                sock.sendall(f"{CHUNK:x}\r\n".encode() + block + b"\r\n")
            else:
                sock.sendall(block)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed before taking the whole body
    try:
        status = sock.recv(65536).split(b"\r\n", 1)[0].decode() or "(closed)"
    except OSError as exc:
        status = f"({type(exc).__name__})"
    sock.close()
    return status, time.monotonic() - start


def measure(server: str, megabytes: int, chunked: bool) -> dict:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test", "PYTHONUNBUFFERED": "1"}
    log = Path(tempfile.gettempdir()) / f"bench-big-body-{server}.log"
    with running(server_command(server, port), port=port, env=env, log=log, timeout=60) as proc:
        # Warm up: the first request loads the application (gunicorn's worker loads it
        # after the port opens); an empty body that declares 90 MB is refused at once.
        warm = socket.create_connection(("127.0.0.1", port), timeout=60)
        warm.sendall(
            b"POST /account/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + f"Content-Length: {megabytes * CHUNK}\r\n\r\n".encode()
        )
        warm.recv(65536)
        warm.close()
        time.sleep(1.0)
        before = tree_rss(proc.pid)
        sampler = Sampler(proc.pid)
        sampler.start()
        status, seconds = post(port, megabytes, chunked=chunked)
        time.sleep(0.5)
        sampler.running = False
        sampler.join()
    return {"status": status, "seconds": seconds, "before": before, "peak": sampler.peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=90)
    parser.add_argument("--servers", default="daphne,uvicorn,gunicorn")
    args = parser.parse_args()
    mb = 1024 * 1024
    print(f"{args.megabytes} MB anonymous POST to /account/login/, one server process")
    print("| server | body | answer | seconds | RSS before (MB) | RSS peak (MB) | growth (MB) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for server in args.servers.split(","):
        for chunked in (False, True):
            r = measure(server, args.megabytes, chunked)
            body = "chunked" if chunked else "Content-Length"
            print(
                f"| {server} | {body} | {r['status'][9:] or r['status']} | {r['seconds']:.2f} "
                f"| {r['before'] / mb:.0f} | {r['peak'] / mb:.0f} "
                f"| {(r['peak'] - r['before']) / mb:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
