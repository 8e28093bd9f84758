"""The server processes the benches and the tests start, as the README deploys them:
gunicorn (WSGI sync worker) for pages, uvicorn for sockets; Daphne as ``make run`` has it;
and starting one and waiting until it accepts connections."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ServerFailed(RuntimeError):
    """The server exited or did not accept connections in time (the log says why)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, name: str, timeout: float = 60) -> None:
    """Return once 127.0.0.1:``port`` accepts a connection; ServerFailed if ``proc`` exits
    first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if proc.poll() is not None:
                raise ServerFailed(f"{name} exited with {proc.returncode}") from None
            if time.monotonic() > deadline:
                raise ServerFailed(f"{name} did not start within {timeout:.0f} s") from None
            time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def running(
    command: list[str], *, port: int, env: dict, log: Path, name: str = "server", timeout=60
) -> Iterator[subprocess.Popen]:
    """``command`` started (output to ``log``), waited for on ``port``, stopped after."""
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, proc, name, timeout)
            yield proc
        finally:
            stop(proc)


def server_command(server: str, port: int) -> list[str]:
    """The command line of one process of ``server`` on 127.0.0.1:``port``."""
    if server == "gunicorn":
        return [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync"] + [
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "128",
            "--log-level",
            "warning",
            "website.wsgi:application",
        ]
    if server == "uvicorn":
        return [sys.executable, "-m", "uvicorn", "--host", "127.0.0.1", "--port", str(port)] + [
            "--log-level",
            "warning",
            "--no-access-log",
            "--ws-max-size",
            str(256 * 1024),
            # Compression is per socket: the same frame deflated once for every reader.
            "--ws-per-message-deflate",
            "false",
            "website.asgi:application",
        ]
    return [sys.executable, "-m", "daphne", "-v", "0", "-b", "127.0.0.1", "-p", str(port)] + [
        "website.asgi:application"
    ]
