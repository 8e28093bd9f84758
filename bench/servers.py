"""The server processes the benches start, one per call, as the README deploys them:
gunicorn (WSGI sync worker) for pages, uvicorn for sockets; Daphne as ``make run`` has it."""

from __future__ import annotations

import sys


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
