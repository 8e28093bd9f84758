"""Search bench: rebuild throughput and p50/p95 latency of 20 Dutch queries, with a floor.

Run on a SCRATCH database (it adds a generated corpus when the database has fewer posts):

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/bench_search.py --posts 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samendenk_search_bench \
        .venv/bin/python bench/bench_search.py --posts 100000

The corpus is generated here with bulk inserts (realistic Dutch sentences of the social
domain, 30 groups of which 6 private, 5,000 threads); `load_demo --posts N` gives the same
shape when the forum's demo generator is installed. Latency is measured through the real
backend (`get_backend().search(...)`) as a member who reads the open groups and two
private ones: permission filter, facets (4 dimensions), totals and snippets included.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

QUERIES = [
    "bijstand",
    "schulden",
    "uitkering",
    "bijstandsuitkering",
    "kostendelersnorm",
    '"recht op bijstand"',
    "Pw tegenprestatie",
    "Wmo OF jeugdhulp",
    "schuldhulp -beslag",
    "inburgering taal",
    "toeslagen terugvordering",
    "beslagvrije voet",
    "Tozo zelfstandigen",
    "armoede kinderen domein:armoede",
    "klantmanager groep:groep-3",
    "vroegsignalering na:2025-01-01",
    "budgetbeheer voor:2025-06-30",
    "wachttijd in:titel",
    '"Wet maatschappelijke ondersteuning" zorg',
    "re-integratie werkgever",
]

SUBJECTS = [
    "De klant", "Mijn cliënt", "Een gezin", "De gemeente", "Onze afdeling", "Het UWV",
    "De budgetcoach", "Een jongere", "De werkgever", "Een statushouder", "De wijkteamcoach",
]  # fmt: skip
VERBS = [
    "vraagt", "ontvangt", "verliest", "bespreekt", "onderzoekt", "weigert", "regelt",
    "mist", "krijgt", "betaalt",
]  # fmt: skip
OBJECTS = [
    "een bijstandsuitkering", "de kostendelersnorm", "schulden bij de Belastingdienst",
    "bijzondere bijstand", "een tegenprestatie volgens de Participatiewet", "jeugdhulp",
    "ondersteuning uit de Wmo", "de beslagvrije voet", "een schuldhulpverleningstraject",
    "budgetbeheer", "een taaleis bij de inburgering", "toeslagen en terugvordering",
    "een Tozo-uitkering als zelfstandige", "re-integratie bij een werkgever",
    "recht op bijstand", "vroegsignalering van huurachterstand", "een wachttijd van vier weken",
    "armoede bij kinderen", "een maatregel wegens verwijtbaar gedrag", "de energietoeslag",
]  # fmt: skip
TAILS = [
    "na ontslag.", "sinds januari.", "zonder goede uitleg.", "in overleg met het wijkteam.",
    "terwijl de huur stijgt.", "omdat de regels veranderd zijn.", "en dat duurt te lang.",
    "met hulp van een vrijwilliger.", "volgens de beleidsregels van de gemeente.",
]  # fmt: skip
TITLES = [
    "Wachttijd bij de aanvraag", "Kostendelersnorm bij inwonende kinderen",
    "Beslagvrije voet klopt niet", "Tegenprestatie: wie heeft ervaring?",
    "Schuldhulp en vroegsignalering", "Taaleis en inburgering", "Tozo-terugvordering",
    "Armoede onder werkenden", "Samenwerking met het wijkteam", "Bijzondere bijstand voor witgoed",
]  # fmt: skip


def sentence(rng: random.Random) -> str:
    return " ".join(
        [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
    )


def ensure_corpus(posts: int, rng: random.Random, out) -> None:
    from community.models import Member
    from groups.models import Domain, GroupMembership, Post, ThinkGroup, Thread, Visibility

    have = Post.objects.count()
    if have >= posts:
        out(f"corpus: {have} posts present")
        return
    domains = list(Domain.objects.all())
    if not ThinkGroup.objects.filter(slug__startswith="groep-").exists():
        ThinkGroup.objects.bulk_create(
            ThinkGroup(
                domain=domains[i % len(domains)], name=f"Groep {i}", slug=f"groep-{i}",
                visibility=Visibility.PRIVATE if i % 5 == 4 else Visibility.OPEN,
            )
            for i in range(30)
        )  # fmt: skip
        Member.objects.bulk_create(
            Member(email=f"bench{i}@example.nl", display_name=f"Bench Lid {i}") for i in range(200)
        )
    groups = list(ThinkGroup.objects.filter(slug__startswith="groep-"))
    members = list(Member.objects.filter(email__startswith="bench"))
    reader = members[0]
    private = [g for g in groups if g.visibility == Visibility.PRIVATE][:2]
    for group in private:
        GroupMembership.objects.get_or_create(group=group, member=reader)
    now = timezone.now()
    thread_count = max(posts // 20, 1)
    if Thread.objects.filter(group__in=groups).count() < thread_count:
        Thread.objects.bulk_create(
            (
                Thread(
                    group=rng.choice(groups), title=f"{rng.choice(TITLES)} ({i})",
                    author=rng.choice(members),
                    created_at=now - datetime.timedelta(days=rng.randint(0, 900)),
                )
                for i in range(thread_count)
            ),
            batch_size=2000,
        )  # fmt: skip
    threads = list(Thread.objects.filter(group__in=groups).values_list("pk", flat=True))
    numbers: dict[int, int] = dict(
        Thread.objects.filter(pk__in=threads).values_list("pk", "last_number")
    )
    todo = posts - have
    started = time.monotonic()
    batch = []
    for i in range(todo):
        thread = threads[i % len(threads)]
        numbers[thread] += 1
        body = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        batch.append(
            Post(
                thread_id=thread, number=numbers[thread], author=rng.choice(members), body=body,
                body_html=f"<p>{body}</p>", is_hidden=rng.random() < 0.01,
                created_at=now - datetime.timedelta(minutes=rng.randint(0, 900 * 24 * 60)),
            )
        )  # fmt: skip
        if len(batch) == 5000 or i == todo - 1:
            with transaction.atomic():
                Post.objects.bulk_create(batch, batch_size=5000)
            batch = []
            out(f"  corpus: {i + 1}/{todo} posts ({(i + 1) / (time.monotonic() - started):,.0f}/s)")
    for pk, number in numbers.items():
        Thread.objects.filter(pk=pk).update(last_number=number)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-rebuild", action="store_true")
    args = parser.parse_args()
    out = print

    from community.models import Member
    from search.backends import get_backend
    from search.indexing import rebuild
    from search.models import SearchDocument
    from search.query import parse, synonym_map

    call_command("migrate", verbosity=0)
    rng = random.Random(2020)
    ensure_corpus(args.posts, rng, out)
    backend = get_backend()
    vendor = connection.vendor

    rebuild_rate = None
    if not args.skip_rebuild or not SearchDocument.objects.exists():
        started = time.monotonic()
        count = rebuild(backend, batch_size=5000)
        elapsed = time.monotonic() - started
        from groups.models import Post as _Post

        rebuild_rate = _Post.objects.count() / elapsed
        out(f"rebuild: {count} items ({_Post.objects.count()} posts) in {elapsed:.1f} s")

    reader = Member.objects.get(email="bench0@example.nl")
    synonyms = synonym_map()
    rows = []
    all_times: list[float] = []
    for text in QUERIES:
        times = []
        total = 0
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            result = backend.search(parse(text, synonyms), reader)
            times.append((time.perf_counter() - t0) * 1000)
            total = result.total
        all_times += times
        rows.append((text, total, statistics.median(times), max(times)))

    floor = []
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for word in ("bijstand", "schuld", "uitkering", "armoede", "kostendelersnorm"):
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    cursor.execute(
                        "SELECT id FROM search_document WHERE search_vector @@ "
                        "plainto_tsquery('dutch', %s) ORDER BY created_at DESC LIMIT 20",
                        [word],
                    )
                    cursor.fetchall()
                    floor.append((time.perf_counter() - t0) * 1000)

    from groups.models import Post

    posts = Post.objects.count()
    out(f"\nSearch bench: {vendor}, {posts:,} posts, backend {backend.name}, "
        f"{args.rounds} rounds per query, as a member (open + 2 private groups)\n")  # fmt: skip
    out(f"| {'query':45} | {'hits':>7} | {'median ms':>9} | {'max ms':>7} |")
    out(f"|{'-' * 47}|{'-' * 9}|{'-' * 11}|{'-' * 9}|")
    for text, total, median, worst in rows:
        out(f"| {text:45} | {total:>7} | {median:>9.1f} | {worst:>7.1f} |")
    out("")
    out("| measure | value |")
    out("|---|---|")
    out(f"| query p50 (ms) | {percentile(all_times, 50):.1f} |")
    out(f"| query p95 (ms) | {percentile(all_times, 95):.1f} |")
    if rebuild_rate:
        out(f"| rebuild (posts/s) | {rebuild_rate:,.0f} |")
    if floor:
        floor_p50 = percentile(floor, 50)
        out(f"| floor p50 (ms): GIN @@, newest 20 ids | {floor_p50:.2f} |")
        out(f"| ratio query p50 / floor p50 | {percentile(all_times, 50) / floor_p50:.1f}x |")


if __name__ == "__main__":
    main()
