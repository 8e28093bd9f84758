"""The README's production layout on this machine, on services of the fault run's own.

gunicorn serves the pages, two SOCKETS_ONLY uvicorn processes the sockets, one worker
drains the outbox — all sharing a Redis and a PostgreSQL cluster started by the fault run
(bench/faults/services.py) on ports of its own, never the shared ones. ``Layout.start``
can be called again with other settings (an Elasticsearch address, say) between rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.faults.services import OwnPostgres, OwnRedis, any_free_port, free_port, wait_for_port
from bench.servers import server_command

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORTS = range(6395, 6400)  # 6390–6394 are the tests'
POSTGRES_PORTS = range(5455, 5460)  # 5450–5454 are the tests'
DATABASE = "faults"

SEED = """
import json
from django.contrib.sessions.backends.cached_db import SessionStore
from community.tokens import create_access_token
from tests import factories
group = factories.ThinkGroupFactory(name="Storingsproef")
writers, tokens = [], []
for n in range(%(writers)d):
    m = factories.MemberFactory(display_name=f"Schrijver {n}")
    factories.add_to_group(m, group)
    tokens.append(create_access_token(member=m, name="faults")[1])
    writers.append(m)
thread = factories.make_thread(group=group, author=writers[0], title="Onderwerp van de proef")
session = SessionStore()
session["_auth_user_id"] = str(writers[0].pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = writers[0].get_session_auth_hash()
session.save()
print("SEED" + json.dumps({"tokens": tokens, "thread": thread.pk, "group": group.slug,
      "session": session.session_key}))
"""


class Layout:
    def __init__(self, *, page_workers: int = 3, log=print):
        self.folder = Path(tempfile.mkdtemp(prefix="sd-faults-"))
        self.redis = OwnRedis(free_port(REDIS_PORTS), self.folder / "redis")
        self.postgres = OwnPostgres(free_port(POSTGRES_PORTS))
        self.page_workers = page_workers
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}
        self.extra: dict[str, str] = {}
        self.seed: dict = {}
        self.log = log

    # --- services ------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.production",
            "SECRET_KEY": "fault-suite-only",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "DATABASE_URL": self.postgres.url(DATABASE),
            "REDIS_URL": self.redis.url,
            "CACHE_PREFIX": "faults",
            "CHANNEL_PREFIX": "faults",
            "ELASTICSEARCH_URL": "",
            "FORUM_RATE_LIMITS_ENABLED": "false",
            "VAR_DIR": str(self.folder / "var"),
            "LOG_LEVEL": "WARNING",
            **self.extra,
        }

    def prepare(self, *, writers: int) -> None:
        """Own Redis and PostgreSQL, the schema migrated, members with tokens and a thread."""
        self.redis.start()
        self.postgres.init()
        self.postgres.start()
        self.postgres.psql("-c", f'CREATE DATABASE "{DATABASE}"')
        self.log(f"migrating the fault database on port {self.postgres.port} …")
        self._manage("migrate", "--noinput", "-v", "0")
        out = self._manage("shell", "-c", SEED % {"writers": writers})
        self.seed = json.loads(out.split("SEED", 1)[1])

    def _manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        """A management command against the layout (its exit code and output kept)."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
        )

    # --- the site's processes ---------------------------------------------------------

    def start(self, **extra: str) -> None:
        self.stop()
        self.extra = extra
        env = self.env()
        self.ports = {"pages": any_free_port(), "sockets1": any_free_port()}
        self.ports["sockets2"] = any_free_port()
        pages = server_command("gunicorn", self.ports["pages"])
        pages[pages.index("--workers") + 1] = str(self.page_workers)
        commands = {"pages": (pages, {})}
        for name in ("sockets1", "sockets2"):
            commands[name] = (server_command("uvicorn", self.ports[name]), {"SOCKETS_ONLY": "1"})
        commands["worker"] = ([sys.executable, "manage.py", "worker"], {})
        (self.folder / "logs").mkdir(exist_ok=True)
        for name, (command, more) in commands.items():
            log = open(self.folder / "logs" / f"{name}.log", "a")  # noqa: SIM115
            self.processes[name] = subprocess.Popen(
                command, cwd=ROOT, env={**env, **more}, stdout=log, stderr=subprocess.STDOUT
            )
        for name, port in self.ports.items():
            wait_for_port(port, timeout=60, process=self.processes[name])

    def url(self, path: str = "/", *, process: str = "pages") -> str:
        return f"http://127.0.0.1:{self.ports[process]}{path}"

    def ws_url(self, process: str = "sockets1") -> str:
        return f"ws://127.0.0.1:{self.ports[process]}/ws/"

    def log_text(self) -> str:
        return "\n".join(p.read_text() for p in sorted((self.folder / "logs").glob("*.log")))

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = {}

    def remove(self) -> None:
        self.stop()
        self.redis.kill()
        self.postgres.remove()
