"""Relevance bench: recall and precision of the Dutch relevance set (search/relevance.py) per
search backend, on the demo fragments corpus, in a fresh scratch database per backend.

    .venv/bin/python bench/bench_relevance.py              # SQLite FTS5, plus PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_relevance.py
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/bench_relevance.py

PostgreSQL runs when DATABASE_URL (or BENCH_POSTGRES_URL) points at a server: the bench then
creates and drops the database "<name>_relevance" next to it. Elasticsearch runs only with
ELASTICSEARCH_URL. Prints one row per query and a summary per backend; exits 1 when a
query misses a post it must find.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _child(engine: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.FORUM_RATE_LIMITS_ENABLED = False
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test["NAME"] = f"{connection.settings_dict['NAME']}_relevance"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from search import relevance
        from search.indexing import rebuild

        if engine == "elasticsearch":
            from search.backends.elasticsearch import ElasticsearchBackend

            backend = ElasticsearchBackend(
                os.environ["ELASTICSEARCH_URL"], prefix=f"relevance-{os.getpid()}", refresh=True
            )
        else:
            from search.backends.database import DatabaseBackend

            backend = DatabaseBackend()
        posts, bureau = relevance.build_corpus()
        rebuild(backend)
        for j in relevance.judge(backend, bureau, posts):
            row = {"query": j.query, "relevant": len(j.relevant), "found": len(j.found)}
            row.update(recall=j.recall, precision=j.precision)
            print(json.dumps(row))
        if engine == "elasticsearch":
            backend.clear()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _run(engine: str, database_url: str) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "REQUIRE_SERVICES": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", engine],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not rows:
        sys.stderr.write(f"{engine}: failed\n{done.stderr[-3000:]}\n")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return 0
    backends = {"sqlite": "sqlite:///:memory:"}
    postgres = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if postgres.startswith("postgres"):
        backends["postgresql"] = postgres
    if os.environ.get("ELASTICSEARCH_URL"):
        backends["elasticsearch"] = "sqlite:///:memory:"
    results = {}
    for name, url in backends.items():
        print(f"{name}: corpus schrijven, indexeren en {name} bevragen…", file=sys.stderr)
        results[name] = _run("elasticsearch" if name == "elasticsearch" else "database", url)
    names = [n for n in backends if results[n]]
    queries = [row["query"] for row in results[names[0]]] if names else []
    header = f"{'query':<28} {'rel':>4}" + "".join(f" {n[:10] + ' R/P':>16}" for n in names)
    print(header)
    print("-" * len(header))
    for i, query in enumerate(queries):
        line = f"{query:<28} {results[names[0]][i]['relevant']:>4}"
        for name in names:
            row = results[name][i]
            line += f" {row['recall']:>7.2f} / {row['precision']:<6.2f}"
        print(line)
    print("-" * len(header))
    missed = 0
    for name in names:
        rows = results[name]
        recall = sum(r["recall"] for r in rows) / len(rows)
        precision = sum(r["precision"] for r in rows) / len(rows)
        short = sum(1 for r in rows if r["recall"] < 1)
        missed += short
        print(
            f"{name:<12} queries {len(rows):>3}  mean recall {recall:.3f}  "
            f"mean precision {precision:.3f}  queries missing a post {short}"
        )
    return 1 if missed or len(names) < len(backends) else 0


if __name__ == "__main__":
    sys.exit(main())
