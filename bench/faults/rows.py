"""The fault rows of issue #13 that concern the site's services: each breaks one thing under
load on the production layout and returns its figures as one row of the table.

A row is a function ``row(layout, args) -> dict`` registered in ``ROWS`` under the name
``run.py --rows`` accepts. The live-path rows (a slow reader, socket churn, a reconnect
during a burst) belong in a module of their own that adds its functions to ``ROWS`` the
same way and is imported by run.py; they get the same layout, load and table, and
``under_load`` runs the warm-up → fault → outage → repair sequence for them.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import httpx
import psycopg

from bench.faults.layout import DATABASE, Layout
from bench.faults.load import Load
from bench.origin import same_origin

ROWS: dict[str, Callable[[Layout, object], dict]] = {}


def row(name: str):
    def register(function):
        ROWS[name] = function
        return function

    return register


def _load(layout: Layout, args, **kwargs) -> Load:
    """The row's load, after every page worker has served each page once (a cold worker's
    first request loads templates and would count as the slowest answer)."""
    seed = layout.seed
    paths = ["/", "/nieuws/", "/api/groups", "/zoeken/?q=proef"]
    paths.append(f"/denkgroepen/onderwerp/{seed['thread']}/")
    cookies = {"sessionid": seed["session"]}
    with httpx.Client(base_url=layout.url(""), timeout=60, cookies=cookies) as client:
        for _ in range(2 * layout.page_workers):
            for path in paths:
                client.get(path)
    return Load(
        layout.url(""), seed["tokens"], seed["thread"], seed["session"], rate=args.rate, **kwargs
    )


def _posts_in_database(layout: Layout, ids: set[int]) -> int:
    with psycopg.connect(layout.postgres.url(DATABASE)) as connection:
        rows = connection.execute(
            "SELECT count(*) FROM groups_post WHERE id = ANY(%s)", (list(ids),)
        ).fetchone()
    return rows[0]


def _handshake(layout: Layout, process: str = "sockets1") -> str:
    """A new WebSocket handshake with the member's session: "101" and, if the server
    closes it within two seconds, its close code; or the HTTP refusal."""
    from websockets.exceptions import ConnectionClosed, InvalidStatus
    from websockets.sync.client import connect

    origin = same_origin(layout.ws_url(process))
    headers = {"Cookie": f"sessionid={layout.seed['session']}"}
    try:
        with connect(
            layout.ws_url(process), origin=origin, additional_headers=headers, open_timeout=5
        ) as socket:
            try:
                socket.recv(timeout=2)
            except TimeoutError:
                return "101 open"
            except ConnectionClosed as closed:
                return f"101, closed {closed.rcvd.code if closed.rcvd else 'without frame'}"
            return "101 open"
    except InvalidStatus as refused:
        return str(refused.response.status_code)
    except Exception as error:  # a close or timeout is a figure too
        return type(error).__name__


def _wait_until(check: Callable[[], bool], *, limit: float = 60.0) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            if check():
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return None


def _served_from_cache(layout: Layout) -> bool:
    """The news list from the page cache (the home page shows group activity, which every
    post of the load changes, so it is rarely a hit while the load runs)."""
    with httpx.Client(timeout=5) as client:
        client.get(layout.url("/nieuws/"))
        return client.get(layout.url("/nieuws/")).headers.get("X-Page-Cache") == "hit"


def _figures(load: Load, layout: Layout, start: float, end: float) -> dict:
    during = load.between(start, end)
    before = load.between(0, start)
    acknowledged = load.acknowledged()
    return {
        "posts acknowledged": len(acknowledged),
        "posts in database": _posts_in_database(layout, acknowledged),
        "answers during fault": load.statuses(during),
        "500s seen (whole run)": sum(a.status == 500 for a in load.answers),
        "slowest answer before / during fault (s)": (
            f"{max((a.seconds for a in before), default=0):.2f} / "
            f"{max((a.seconds for a in during), default=0):.2f}"
        ),
    }


def under_load(layout: Layout, args, *, fault, repair, while_down=None, **load_options):
    """The skeleton of a row: the layout started, load for ``args.warmup`` seconds, then
    ``fault()``, ``args.outage`` seconds (``while_down()`` called one second in), then
    ``repair()``. Returns the running load, the fault's start and end on the load's clock,
    and what ``while_down`` returned; the row stops the load when it has measured."""
    layout.start()
    load = _load(layout, args, **load_options)
    load.start()
    time.sleep(args.warmup)
    start = load.now()
    fault()
    seen = None
    if while_down is not None:
        time.sleep(min(1.0, args.outage))
        seen = while_down()
    time.sleep(max(0.0, args.outage - (load.now() - start)))
    repair()
    return load, start, load.now(), seen


@row("redis")
def redis_killed(layout: Layout, args) -> dict:
    """Redis killed for ``args.outage`` seconds at ``args.rate`` posts a second."""
    clients_before = []

    def kill():
        clients_before.append(layout.redis.info_clients())
        layout.redis.kill()

    load, start, end, handshake = under_load(
        layout, args, fault=kill, repair=layout.redis.start, while_down=lambda: _handshake(layout)
    )
    recovered = _wait_until(lambda: _served_from_cache(layout))
    handshake_after = _handshake(layout)
    time.sleep(args.after)
    load.stop()
    figures = _figures(load, layout, start, end)
    logged = layout.log_text().count("Redis cache (faults) unavailable")
    figures.update(
        {
            "new handshake during / after": f"{handshake} / {handshake_after}",
            "page cache back after (s)": round(recovered, 1) if recovered is not None else "no",
            "cache outage warnings (all 6 processes)": logged,
            "Redis clients before / after (incl. probe)": (
                f"{clients_before[0]} / {layout.redis.info_clients()}"
            ),
        }
    )
    return figures


@row("database")
def database_stopped(layout: Layout, args) -> dict:
    """PostgreSQL stopped (as a crash) for ``args.outage`` seconds."""
    load, start, end, _ = under_load(
        layout, args, fault=lambda: layout.postgres.stop("immediate"),
        repair=layout.postgres.start,
    )  # fmt: skip

    def pages_answer() -> bool:
        return httpx.get(layout.url("/api/groups"), timeout=5).status_code == 200

    recovered = _wait_until(pages_answer)
    time.sleep(args.after)
    load.stop()
    figures = _figures(load, layout, start, end)
    during = load.between(start, end)
    failed_fast = sorted(a.seconds for a in during if a.status == 503)
    figures.update(
        {
            "503 answers: median / max (s)": (
                f"{failed_fast[len(failed_fast) // 2]:.3f} / {failed_fast[-1]:.2f}"
                if failed_fast
                else "none"
            ),
            "API with the database down": _api_json(layout),
            "site answers again after (s)": round(recovered, 1) if recovered is not None else "no",
        }
    )
    return figures


def _api_json(layout: Layout) -> str:
    """Checked once more with the database down: the API's error is JSON {detail, code}."""
    layout.postgres.stop("immediate")
    try:
        response = httpx.get(layout.url("/api/groups"), timeout=10)
        body = response.json()
        return f"{response.status_code} code={body.get('code')}"
    except ValueError:
        return "not JSON"
    finally:
        layout.postgres.start()
        _wait_until(lambda: httpx.get(layout.url("/api/groups"), timeout=5).status_code == 200)


@row("search")
def search_unreachable(layout: Layout, args) -> dict:
    """ELASTICSEARCH_URL pointing at an address where nothing answers, for the whole row."""
    from bench.faults.services import any_free_port

    layout.start(ELASTICSEARCH_URL=f"http://127.0.0.1:{any_free_port()}")
    load = _load(layout, args, readers=("home", "api", "search"))
    load.start()
    time.sleep(args.warmup + args.outage)
    load.stop()
    figures = _figures(load, layout, 0, load.now())
    searches = load.between(0, load.now(), "search")
    figures["search answers"] = load.statuses(searches)
    with psycopg.connect(layout.postgres.url(DATABASE)) as connection:
        waiting = connection.execute(
            "SELECT count(*) FROM search_outboxentry WHERE processed_at IS NULL"
        ).fetchone()[0]
    figures["outbox entries kept"] = waiting
    for command in ("search_check", "search_worker"):
        extra = ("--once",) if command == "search_worker" else ()
        result = layout.manage(command, *extra)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        figures[f"{command}: exit / lines"] = f"{result.returncode} / {len(lines)}"
        figures[f"{command} says"] = lines[-1][:90] if lines else ""
    return figures


def load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def describe_environment() -> str:
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cores} cores, load average {load_average()}"
