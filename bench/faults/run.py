"""The fault suite: break Redis, PostgreSQL or the search engine under bounded load on the
README's production layout on this machine, and print what happened as a table.

    .venv/bin/python bench/faults/run.py                      # every row
    .venv/bin/python bench/faults/run.py --rows redis --outage 10 --rate 8

Every service it breaks is its own (bench/faults/services.py: Redis on 6395–6399,
PostgreSQL on 5455–5459, in a temporary folder); the shared ones are never touched. The
rows are in bench/faults/rows.py; see there how to add one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.faults import live_rows  # noqa: E402, F401 - registers the live rows
from bench.faults.layout import Layout  # noqa: E402
from bench.faults.rows import ROWS, describe_environment  # noqa: E402


def print_table(results: dict[str, dict]) -> None:
    names = list(results)
    figures: list[str] = []
    for result in results.values():
        figures += [f for f in result if f not in figures]
    print("| figure | " + " | ".join(names) + " |")
    print("| --- |" + " --- |" * len(names))
    for figure in figures:
        cells = [str(results[name].get(figure, "")) for name in names]
        print(f"| {figure} | " + " | ".join(c.replace("|", "/") for c in cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default=",".join(ROWS), help=f"of: {', '.join(ROWS)}")
    parser.add_argument("--rate", type=float, default=8.0, help="posts a second (API)")
    parser.add_argument("--writers", type=int, default=4, help="members posting")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds a service is down")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before")
    parser.add_argument("--after", type=float, default=5.0, help="seconds of load after")
    parser.add_argument("--readers", type=int, default=10, help="live readers per process")
    parser.add_argument("--page-workers", type=int, default=3, help="gunicorn workers")
    args = parser.parse_args()
    rows = [name.strip() for name in args.rows.split(",") if name.strip()]
    unknown = [name for name in rows if name not in ROWS]
    if unknown:
        parser.error(f"unknown rows: {', '.join(unknown)}")

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    layout = Layout(page_workers=args.page_workers, log=log)
    results = {}
    try:
        log(f"preparing Redis :{layout.redis.port} and PostgreSQL :{layout.postgres.port}")
        layout.prepare(writers=args.writers)
        before = describe_environment()
        for name in rows:
            log(f"row {name}: {ROWS[name].__doc__.strip().splitlines()[0]}")
            try:
                results[name] = ROWS[name](layout, args)
            except Exception as error:  # the other rows still get their figures
                log(f"row {name} failed: {error!r}")
                results[name] = {"row failed": repr(error)[:80]}
        after = describe_environment()
    finally:
        layout.remove()
    print(
        f"Fault suite: {args.rate:g} posts/s by {args.writers} members, outages of "
        f"{args.outage:g} s; gunicorn × {args.page_workers}, 2 socket processes, 1 worker."
    )
    print(f"Machine: {before} before, {after.split(', ', 1)[1]} after.\n")
    print_table(results)


if __name__ == "__main__":
    main()
