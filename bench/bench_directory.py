"""Bench: the members directory (/leden/) as the member count grows; prints a table.

For each size it adds members (with domains) to a bench database, then requests the
first page, a domain-filtered page and an organisation-filtered later page in-process
(Django test client, no network), and reports SQL queries and p50/p95 milliseconds.

    .venv/bin/python bench/bench_directory.py [--sizes 100,1000,10000] [--repeat 30]

Database: DATABASE_URL (PostgreSQL recommended), else var/bench-directory.sqlite3
(created and migrated on first use). Members are added once and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-directory.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ORGS = ["Gemeente Utrecht", "Gemeente Zwolle", "Werkplein Fivelingo", "Kredietbank Limburg"]


def ensure_members(count: int) -> None:
    from community.models import Member
    from groups.models import Domain

    have = Member.objects.filter(email__endswith="@bench.samendenk.nl").count()
    if have >= count:
        return
    domains = list(Domain.objects.all())
    new = [
        Member(
            email=f"bench{i}@bench.samendenk.nl",
            display_name=f"Bench Lid {i:06d}",
            organisation=ORGS[i % len(ORGS)],
            job_title="klantmanager",
            password="!",  # noqa: S106 - an unusable password: bench members never log in
        )
        for i in range(have, count)
    ]
    Member.objects.bulk_create(new, batch_size=1000)
    through = Member.domains.through
    created = Member.objects.filter(email__endswith="@bench.samendenk.nl", domains=None)
    through.objects.bulk_create(
        [
            through(member_id=pk, domain_id=domains[(pk + k) % len(domains)].pk)
            for pk in created.values_list("pk", flat=True)
            for k in range(2)
        ],
        batch_size=2000,
    )


def measure(client: Client, url: str, repeat: int) -> tuple[int, float, float]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return queries, statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from community.models import Member

    viewer, _ = Member.objects.get_or_create(
        email="kijker@bench.samendenk.nl", defaults={"display_name": "Kijker"}
    )
    client = Client()
    client.force_login(viewer)
    urls = [
        ("first page", "/leden/"),
        ("domain filter", "/leden/?domein=zorg"),
        ("org filter, page 3", "/leden/?organisatie=utrecht&pagina=3"),
    ]
    print(f"database: {connection.vendor}; {args.repeat} requests per row")
    print(f"{'members':>8} | {'page':<20} | {'queries':>7} | {'p50 ms':>7} | {'p95 ms':>7}")
    print("-" * 62)
    for size in [int(s) for s in args.sizes.split(",")]:
        ensure_members(size)
        for label, url in urls:
            queries, p50, p95 = measure(client, url, args.repeat)
            print(f"{size:>8} | {label:<20} | {queries:>7} | {p50:>7.1f} | {p95:>7.1f}")


if __name__ == "__main__":
    main()
