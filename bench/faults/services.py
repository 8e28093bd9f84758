"""Redis and PostgreSQL servers of a fault run's own: started, killed and restarted at will.

The shared services (PostgreSQL on 5432, Redis on 6379) are never touched: every fault is
done to a server started here, on a port of its own, with its files in a temporary folder.
Used by the fault suite (bench/faults/) and by the small-scale fault tests (tests/faults/).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def free_port(ports: range) -> int:
    for port in ports:
        if port_is_free(port):
            return port
    raise RuntimeError(f"no free port in {ports.start}–{ports.stop - 1}")


def any_free_port() -> int:
    """A port nothing listens on, chosen by the system (for the site's own servers)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 30.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not port_is_free(port):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for port {port} exited with {process.returncode}")
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


class OwnRedis:
    """A redis-server on ``port`` that keeps its data in ``folder`` across restarts when
    ``save()`` was called before a kill (as a production Redis with persistence would)."""

    def __init__(self, port: int, folder: Path):
        self.port = port
        self.folder = Path(folder)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> OwnRedis:
        self.folder.mkdir(parents=True, exist_ok=True)
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        command += ["--dbfilename", "dump.rdb", "--logfile", str(self.folder / "redis.log")]
        command += ["--maxclients", "10000"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for_port(self.port, timeout=10, process=self.process)
        return self

    def save(self) -> None:
        subprocess.run(["redis-cli", "-p", str(self.port), "save"], check=True, capture_output=True)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def info_clients(self) -> int:
        out = subprocess.run(
            ["redis-cli", "-p", str(self.port), "info", "clients"], capture_output=True, text=True
        ).stdout
        for line in out.splitlines():
            if line.startswith("connected_clients:"):
                return int(line.split(":")[1])
        return -1


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class OwnPostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary folder) on ``port``."""

    def __init__(self, port: int):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix=f"sd-faults-pg{port}-"))
        self.data = self.folder / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> OwnPostgres:
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres")
        command = ["initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(
            _as_postgres([*command, "--no-sync", "-E", "UTF8"]), check=True, capture_output=True
        )
        return self

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres(
                [
                    "pg_ctl",
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    str(self.folder / "postgres.log"),
                    "-w",
                    "start",
                ]
            ),  # fmt: skip
            check=True,
            capture_output=True,
        )

    def stop(self, mode: str = "immediate") -> None:
        """``immediate``: as a crash (no clean shutdown of the open connections)."""
        subprocess.run(
            _as_postgres(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"]),
            capture_output=True,
        )

    def psql(self, *args: str, database: str = "postgres", stdin=None) -> None:
        command = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        subprocess.run(
            [*command, "-d", database, "-q", "-v", "ON_ERROR_STOP=1", *args],
            check=True,
            capture_output=True,
            stdin=stdin,
        )

    def copy_database(self, source_url: str, name: str) -> None:
        """A copy of ``source_url``'s database (schema and rows) as ``name`` here: a
        migrated database in a second or two, without running the migrations."""
        self.psql("-c", f'CREATE DATABASE "{name}"')
        dump = subprocess.Popen(["pg_dump", "--no-owner", source_url], stdout=subprocess.PIPE)
        self.psql(database=name, stdin=dump.stdout)
        if dump.wait() != 0:
            raise RuntimeError(f"pg_dump of {source_url} failed")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
