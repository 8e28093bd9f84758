"""The contents of a signal report, computed when it is shown: figures with small counts
hidden, the weekly trend, and the approved quotes by kind (in a fixed number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count as DbCount
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Thread
from groups.reports.charts import bar_chart
from groups.reports.suppression import Count, breakdown, count

from .models import Report, Signal, SignalKind, SignalMark


@dataclass
class Quote:
    text: str
    kind: str
    domain: str
    scheme: str
    theme: str
    url: str = ""  # the discussion, only for a member who may read it


@dataclass
class ReportData:
    report: Report
    themes: list[str]
    signals: Count
    members: Count
    organisations: Count
    groups: Count
    per_domain: list[tuple[str, Count]]
    per_kind: list[tuple[str, Count]]
    weeks: list[datetime.date]
    weekly: list[Count]
    quotes_by_kind: list[tuple[str, list[Quote]]] = field(default_factory=list)
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def is_empty(self) -> bool:
        return self.signals.value == 0

    @property
    def quote_count(self) -> int:
        return sum(len(quotes) for _kind, quotes in self.quotes_by_kind)

    def chart(self, chart_id: str = "trend"):
        return bar_chart(
            [f"{w:%d-%m}" for w in self.weeks],
            self.weekly,
            title=_("Signals per week"),
            chart_id=chart_id,
        )


def period_bounds(report: Report) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as aware datetimes: from the first day's start to the day after the last."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(report.period_start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        report.period_end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def report_signals(report: Report, theme_ids: list[int] | None = None):
    """The signals a report counts: accepted, in its themes, marked within its period."""
    start, end = period_bounds(report)
    if theme_ids is None:
        theme_ids = list(report.themes.values_list("pk", flat=True))
    return Signal.objects.counted().filter(
        theme_id__in=theme_ids, created_at__gte=start, created_at__lt=end
    )


def week_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    monday = first - datetime.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday)
        monday += datetime.timedelta(weeks=1)
    return weeks


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _weekly(signals, weeks: list[datetime.date]) -> list[int]:
    index = {week: i for i, week in enumerate(weeks)}
    values = [0] * len(weeks)
    rows = signals.annotate(week=TruncWeek("created_at")).values("week").annotate(n=DbCount("pk"))
    for row in rows.order_by():
        position = index.get(_as_date(row["week"]))
        if position is not None:
            values[position] += row["n"]
    return values


def _organisations(signal_ids: list[int]) -> int:
    """Distinct organisations of the members involved: the authors and the markers."""
    names = set(
        SignalMark.objects.filter(signal_id__in=signal_ids).values_list(
            "member__organisation", flat=True
        )
    ) | set(
        Signal.objects.filter(pk__in=signal_ids).values_list(
            "post__author__organisation", flat=True
        )
    )
    return len({" ".join((n or "").casefold().split()) for n in names} - {""})


def _quotes(report: Report, signals, viewer) -> list[tuple[str, list[Quote]]]:
    rows = list(
        signals.quotable()
        .select_related("post__thread__group__domain", "scheme", "theme")
        .order_by("created_at", "pk")
    )
    readable: set[int] = set()
    if viewer is not None and rows:
        readable = set(
            Thread.objects.readable_by(viewer)
            .filter(pk__in={s.post.thread_id for s in rows})
            .values_list("pk", flat=True)
        )
    grouped: dict[str, list[Quote]] = {kind: [] for kind in SignalKind.values}
    for signal in rows:
        grouped[signal.kind].append(
            Quote(
                text=signal.quote_text,
                kind=signal.kind,
                domain=signal.post.thread.group.domain.name,
                scheme=signal.scheme.name if signal.scheme else "",
                theme=signal.theme.name,
                url=signal.post.get_absolute_url() if signal.post.thread_id in readable else "",
            )
        )
    return [(SignalKind(kind).label, quotes) for kind, quotes in grouped.items() if quotes]


def build(report: Report, *, viewer=None) -> ReportData:
    """Everything a rendering of ``report`` shows. ``viewer`` (a member) gets links to the
    discussions they may read; outsiders and the PDF get none."""
    themes = list(report.themes.all())
    signals = report_signals(report, [t.pk for t in themes])
    ids = list(signals.values_list("pk", flat=True))
    per_domain_raw = dict(
        signals.values_list("post__thread__group__domain__name")
        .annotate(n=DbCount("pk"))
        .order_by()
    )
    per_kind_raw = dict(signals.values_list("kind").annotate(n=DbCount("pk")).order_by())
    weeks = week_starts(report.period_start, report.period_end)
    weekly_raw = _weekly(signals, weeks)
    members = SignalMark.objects.filter(signal_id__in=ids).values("member_id").distinct().count()
    groups = len(
        set(Signal.objects.filter(pk__in=ids).values_list("post__thread__group_id", flat=True))
    )
    per_domain = breakdown(per_domain_raw)
    per_kind = breakdown({kind: per_kind_raw.get(kind, 0) for kind in SignalKind.values})
    weekly = breakdown(dict(enumerate(weekly_raw)))
    return ReportData(
        report=report,
        themes=[t.name for t in themes],
        signals=count(len(ids)),
        members=count(members),
        organisations=count(_organisations(ids)),
        groups=count(groups),
        per_domain=sorted(per_domain.items(), key=lambda item: (-item[1].value, item[0])),
        per_kind=[(SignalKind(kind).label, c) for kind, c in per_kind.items()],
        weeks=weeks,
        weekly=[weekly[i] for i in range(len(weeks))],
        quotes_by_kind=_quotes(report, signals, viewer),
    )


def csv_rows(data: ReportData) -> list[list]:
    """The figures as CSV rows (no quotes: those go out only in the report itself)."""
    r = data.report
    rows: list[list] = [
        [_("Signal report"), r.title],
        [_("Themes"), ", ".join(data.themes)],
        [_("Period"), f"{r.period_start:%d-%m-%Y}", f"{r.period_end:%d-%m-%Y}"],
        [],
        [_("Figure"), _("Part"), _("Count")],
        [_("Signals"), "", data.signals.shown],
        [_("Supporting members"), "", data.members.shown],
        [_("Organisations"), "", data.organisations.shown],
        [_("Think groups"), "", data.groups.shown],
    ]
    rows += [[_("Per domain"), name, c.shown] for name, c in data.per_domain]
    rows += [[_("Per kind"), label, c.shown] for label, c in data.per_kind]
    rows += [
        [_("Per week"), f"{week:%d-%m-%Y}", c.shown]
        for week, c in zip(data.weeks, data.weekly, strict=True)
    ]
    rows += [[_("Approved quotes"), "", data.quote_count]]
    return rows
