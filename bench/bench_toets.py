"""The uitvoeringstoets at the issue's size: a toets of 40 articles rated by 1,000 members
(40,000 ratings). Measures the SQL queries and time of the article page (cached tallies),
the CPU time of one rating write, the live events per rating, and the report's HTML, PDF and
CSV. Prints a table. Runs on a scratch database (never the development one).

Usage: .venv/bin/python bench/bench_toets.py [--articles 40] [--members 1000] [--writes 300]
       [--db sqlite:///var/bench_toets.sqlite3 | postgres://…/sd_toets_bench]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", default=f"sqlite:///{ROOT / 'var' / 'bench_toets.sqlite3'}")
    return parser.parse_args()


ARGS = _args()
os.environ["DATABASE_URL"] = ARGS.db
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
os.environ.setdefault("PAGE_CACHE_ENABLED", "0")
(ROOT / "var").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TITLE = "Bench: uitvoeringstoets"
REASONS = [
    "Vijf werkdagen is niet haalbaar, we wachten weken op gegevens van de klant.",
    "De software kan dit niet vastleggen, dus handmatig werk en fouten.",
    "Terugwerkende kracht maakt nieuwe schulden bij de klant.",
    "",
]


def _seed(articles: int, members: int):
    """A toets, its articles, ``members`` invited members in a fresh domain, and one rating
    per member per article (bulk: the write function is measured separately)."""
    import datetime

    from django.utils import timezone

    from community.models import Domain, Member
    from groups.toets.actions import create_toets
    from groups.toets.models import COUNT_FIELDS, Article, ArticleRating, Rating, Toets

    Toets.objects.filter(title=TITLE).delete()
    Member.objects.filter(email__endswith="@bench-toets.example").delete()
    domain, _ = Domain.objects.get_or_create(slug="bench-toets", defaults={"name": "Bench toets"})
    bureau = Member.objects.filter(is_superuser=True).first() or Member.objects.create_superuser(
        "bench-bureau@bench-toets.example", None, display_name="Bench bureau"
    )
    print(f"seeding {members} members, {articles} articles …", flush=True)
    people = Member.objects.bulk_create(
        Member(
            email=f"lid{i}@bench-toets.example",
            display_name=f"Lid {i}",
            organisation=["Gemeente Tiel", "UWV", "Kredietbank"][i % 3],
            job_title=["klantmanager", "schuldhulpverlener", "werkcoach"][i % 3],
            password="!",  # noqa: S106 - unusable password
        )
        for i in range(members)
    )
    domain.members.add(*people)
    now = timezone.now()
    toets = create_toets(
        actor=bureau,
        title=TITLE,
        commissioner="Gemeente Bench",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
        articles=[(f"Artikel {n}", f"Tekst van artikel {n}.", "") for n in range(1, articles + 1)],
        domains=[domain],
    )
    values = [Rating.OK, Rating.RISK, Rating.NOT, Rating.NONE]
    rows = []
    for a_index, article in enumerate(toets.articles.all()):
        for m_index, person in enumerate(people):
            value = values[(a_index + m_index) % 4]
            reason = REASONS[m_index % 4] if value in (Rating.RISK, Rating.NOT) else ""
            rows.append(
                ArticleRating(
                    article=article, toets=toets, member=person, value=value, reason=reason,
                    quote_text=reason, quote_source=reason, quote_consent=m_index % 2 == 0,
                    domain="Bench toets", role=person.job_title,
                    organisation_kind=["gemeente", "UWV", "schuldhulporganisatie"][m_index % 3],
                )
            )  # fmt: skip
    print(f"seeding {len(rows)} ratings …", flush=True)
    ArticleRating.objects.bulk_create(rows, batch_size=5000)
    for article in toets.articles.all():
        counts = {
            COUNT_FIELDS[v]: ArticleRating.objects.filter(article=article, value=v).count()
            for v in values
        }
        Article.objects.filter(pk=article.pk).update(**counts)
    return toets, people


def _timed(fn, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _page(toets, member):
    client = Client(HTTP_HOST="localhost")
    client.force_login(member)
    client.get(toets.get_absolute_url())  # warm
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(toets.get_absolute_url())
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert response.status_code == 200
    return len(queries.captured_queries), elapsed, cpu


def _writes(toets, people, n):
    """CPU and wall time per rating write (a change of value, so the tally moves), and the
    channel-layer events each write publishes."""
    from groups import events
    from groups.toets.models import Rating
    from groups.toets.rating import rate

    sent = []
    original = events._send
    events._send = lambda group, message: (sent.append(group), original(group, message))
    from groups.toets.models import ArticleRating

    articles = list(toets.articles.all())
    current = {
        (r.member_id, r.article_id): r.value
        for r in ArticleRating.objects.filter(toets=toets).only("member_id", "article_id", "value")
    }
    cpu, wall = [], []
    try:
        for i in range(n):
            member, article = people[i % len(people)], articles[i % len(articles)]
            # A different value each time, so that every write moves a tally.
            value = Rating.OK if current[(member.pk, article.pk)] != Rating.OK else Rating.NONE
            current[(member.pk, article.pk)] = value
            c, w = time.process_time(), time.perf_counter()
            rate(member=member, article=article, value=value)
            cpu.append((time.process_time() - c) * 1000)
            wall.append((time.perf_counter() - w) * 1000)
    finally:
        events._send = original
    return cpu, wall, sent


def main() -> None:
    call_command("migrate", verbosity=0)
    from groups.reports.rendering import PdfUnavailable, render_pdf
    from groups.toets.models import Toets
    from groups.toets.report import build, csv_rows

    empty = Toets.objects.filter(title=TITLE + " (leeg)").first()
    toets, people = _seed(ARGS.articles, ARGS.members)
    import datetime

    from django.utils import timezone

    from groups.toets.actions import create_toets

    if empty is None:
        empty = create_toets(
            actor=toets.created_by, title=TITLE + " (leeg)", commissioner="Gemeente Bench",
            opens_at=timezone.now() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=7),
            articles=[(f"Artikel {n}", "Tekst.", "") for n in range(1, ARGS.articles + 1)],
            domains=list(toets.domains.all()),
        )  # fmt: skip
    empty_queries, empty_s, empty_cpu = _page(empty, people[0])
    full_queries, full_s, full_cpu = _page(toets, people[0])
    cpu, wall, sent = _writes(toets, people, ARGS.writes)
    cpu_start = time.process_time()
    report_s = _timed(lambda: build(toets), ARGS.runs)
    report_cpu = (time.process_time() - cpu_start) / ARGS.runs

    def html(for_pdf=False):
        return render_to_string(
            "toets/report_document.html",
            {"toets": toets, "data": build(toets), "for_pdf": for_pdf},
        )

    html_s = _timed(html, ARGS.runs)
    csv_s = _timed(lambda: csv_rows(build(toets)), ARGS.runs)
    try:
        pdf_s = f"{_timed(lambda: render_pdf(html(True)), 1) * 1000:.0f} ms"
    except PdfUnavailable:
        pdf_s = "n/a (WeasyPrint missing)"
    ratings = toets.ratings.count()
    p95 = sorted(cpu)[int(len(cpu) * 0.95)]
    print()
    print(f"database {connection.vendor}; load average {os.getloadavg()[0]:.2f}; "
          f"{ARGS.articles} articles × {ARGS.members} members = {ratings} ratings")  # fmt: skip
    print(f"{'measure':<48} {'value':>22}")
    rows = [
        ("article page SQL queries, 0 ratings", f"{empty_queries}"),
        (f"article page SQL queries, {ratings} ratings", f"{full_queries}"),
        ("article page time (CPU), 0 ratings", f"{empty_s * 1000:.0f} ({empty_cpu * 1000:.0f}) ms"),
        (
            f"article page time (CPU), {ratings} ratings",
            f"{full_s * 1000:.0f} ({full_cpu * 1000:.0f}) ms",
        ),
        (f"rating write CPU, median of {len(cpu)}", f"{statistics.median(cpu):.2f} ms"),
        ("rating write CPU, p95", f"{p95:.2f} ms"),
        ("rating write wall time, median", f"{statistics.median(wall):.2f} ms"),
        ("live events per rating (channel layer sends)", f"{len(sent) / len(cpu):.2f}"),
        ("distinct topics of those events", f"{len(set(sent))}"),
        (f"report figures, {ratings} ratings (median of {ARGS.runs})", f"{report_s * 1000:.0f} ms"),
        ("report figures, CPU of this process (mean)", f"{report_cpu * 1000:.0f} ms"),
        ("report HTML rendered (figures included)", f"{html_s * 1000:.0f} ms"),
        ("report CSV rows (figures included)", f"{csv_s * 1000:.0f} ms"),
        ("report PDF (WeasyPrint, one run)", pdf_s),
    ]
    for label, value in rows:
        print(f"{label:<48} {value:>22}")


if __name__ == "__main__":
    main()
