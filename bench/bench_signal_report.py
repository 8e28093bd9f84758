"""Time to build a signal report of N signals (default 500): its figures and quotes, the page
HTML, the PDF (WeasyPrint) and the CSV, on a scratch database. Prints a table.

Usage: .venv/bin/python bench/bench_signal_report.py [--signals 500] [--runs 5]
       [--db sqlite:///var/bench_signals.sqlite3 | postgres://…]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--signals", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", default=f"sqlite:///{ROOT / 'var' / 'bench_signals.sqlite3'}")
    return parser.parse_args()


ARGS = _args()
os.environ["DATABASE_URL"] = ARGS.db
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
os.environ.setdefault("PAGE_CACHE_ENABLED", "0")
(ROOT / "var").mkdir(exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

TITLE = "Bench: signaalrapport"
KINDS = ["knelpunt", "idee", "werkt_goed"]


def _seed(n: int):
    """n accepted signals over 12 weeks in three themes, every third one quoted."""
    from community.models import Member
    from groups.markdown import render
    from groups.models import Domain, Post, ThinkGroup, Thread
    from groups.signals import actions
    from groups.signals.models import Consent, Report, Signal, SignalMark, SignalStatus, Theme

    report = Report.objects.filter(title=TITLE).first()
    if report is not None and Signal.objects.count() >= n:
        return report
    now = timezone.now()
    bureau, _ = Member.objects.get_or_create(
        email="bench-bureau@example.nl", defaults={"display_name": "Bench Bureau",
                                                   "is_superuser": True}
    )  # fmt: skip
    members = [
        Member.objects.get_or_create(
            email=f"bench{i}@example.nl",
            defaults={"display_name": f"Bench Lid {i}", "organisation": f"Gemeente {i % 40}"},
        )[0]
        for i in range(120)
    ]
    domains = list(Domain.objects.all())
    groups = [
        ThinkGroup.objects.get_or_create(
            slug=f"bench-{d.slug}", defaults={"name": f"Bench {d.name}", "domain": d}
        )[0]
        for d in domains
    ]
    themes = list(Theme.objects.filter(status="active")[:3])
    print(f"seeding {n} signals …", flush=True)
    with transaction.atomic():
        for i in range(n):
            group = groups[i % len(groups)]
            thread = Thread.objects.create(group=group, title=f"Bench onderwerp {i}")
            body = f"Klant {i} moet de Tozo terugbetalen; dat gaat mis in de uitvoering ({i})."
            post = Post.objects.create(
                thread=thread, number=1, author=members[i % len(members)], body=body,
                body_html=render(body),
            )  # fmt: skip
            signal = Signal.objects.create(
                post=post, theme=themes[i % len(themes)], kind=KINDS[i % 3],
                sentence="Terugvorderingen treffen mensen te goeder trouw.",
                marked_by=members[(i + 1) % len(members)], status=SignalStatus.ACCEPTED,
                consent=Consent.GIVEN if i % 3 == 0 else Consent.PENDING,
                created_at=now - datetime.timedelta(minutes=i * 240),
                mark_count=1 + i % 4,
            )  # fmt: skip
            SignalMark.objects.bulk_create(
                [SignalMark(signal=signal, member=members[(i + k) % len(members)])
                 for k in range(1, 2 + i % 4)]
            )  # fmt: skip
            if i % 3 == 0:
                Signal.objects.filter(pk=signal.pk).update(
                    quote_text=f"[naam] moet de Tozo terugbetalen; dat gaat mis ({i}).",
                    quote_approved_at=now, quote_approved_by=bureau, quote_approved_edit_count=0,
                )  # fmt: skip
    today = timezone.localdate()
    return actions.save_report(
        actor=bureau, title=TITLE, themes=themes, status="final",
        period_start=today - datetime.timedelta(weeks=13), period_end=today,
        summary="Een rapport om de bouwtijd te meten.",
    )  # fmt: skip


def _timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def main() -> None:
    call_command("migrate", verbosity=0)
    report = _seed(ARGS.signals)
    from groups.reports.rendering import PdfUnavailable, render_pdf
    from groups.signals.report import build, csv_rows

    def html(for_pdf=False):
        data = build(report)
        return render_to_string(
            "signals/report_document.html",
            {"report": report, "data": data, "dispatches": [], "links": False, "for_pdf": for_pdf},
        )

    with CaptureQueriesContext(connection) as queries:
        data = build(report)
    rows = [
        ("figures + quotes (build)", *_timed(lambda: build(report), ARGS.runs)),
        ("page HTML (build + render)", *_timed(html, ARGS.runs)),
        ("CSV (build + rows)", *_timed(lambda: csv_rows(build(report)), ARGS.runs)),
    ]
    try:
        runs = max(ARGS.runs // 2, 1)
        rows.append(
            ("PDF (build + HTML + WeasyPrint)", *_timed(lambda: render_pdf(html(True)), runs))
        )
    except PdfUnavailable:
        print("WeasyPrint is not available: no PDF timing")
    print(
        f"load average {os.getloadavg()[0]:.2f}; database {connection.vendor}; "
        f"{data.signals.value} signals, {data.quote_count} quotes, {len(data.weeks)} weeks; "
        f"{len(queries)} queries per build"
    )
    print(f"{'step':<30} {'runs':>4} {'median ms':>10} {'max ms':>9}")
    for name, times, result in rows:
        print(f"{name:<30} {len(times):>4} {statistics.median(times):>10.1f} {max(times):>9.1f}")
        if name.startswith("PDF"):
            print(f"{'':<30} PDF of {len(result) // 1024} KB")


if __name__ == "__main__":
    main()
