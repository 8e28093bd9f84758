"""The bureau's dashboard figures: open flags and their age, handling time, activity per
domain and per group over the last 12 weeks, the most active threads; and the SVG charts."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.models import Domain
from groups.models import Post, ThinkGroup, Thread

from .models import Flag

WEEKS = 12
AGE_BUCKETS = [
    (1, gettext_noop("less than a day")),
    (3, gettext_noop("1 to 3 days")),
    (7, gettext_noop("3 to 7 days")),
    (None, gettext_noop("more than 7 days")),
]


@dataclass
class Series:
    label: str
    colour: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class Figures:
    open_flags: int
    open_posts: int
    oldest_open_flag_at: datetime | None
    flag_ages: list[tuple[str, int]]
    handled_flags: int
    median_handle_hours: float | None
    weeks: list[date]
    domains: list[Series]
    groups: list[tuple[ThinkGroup, int]]
    threads: list[Thread] = field(default_factory=list)

    @property
    def week_totals(self) -> list[int]:
        return [sum(s.values[i] for s in self.domains) for i in range(len(self.weeks))]


def week_starts(now: datetime) -> list[date]:
    """The Mondays of the last ``WEEKS`` weeks, the current week last."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _flag_ages(open_flags, now) -> list[tuple[str, int]]:
    """Open reports per age bucket (days)."""
    ages = [
        (now - created).total_seconds() / 86400
        for created in open_flags.values_list("created_at", flat=True)
    ]
    flag_ages, lower = [], 0
    for upper, label in AGE_BUCKETS:
        count = sum(1 for a in ages if a >= lower and (upper is None or a < upper))
        flag_ages.append((_(label), count))
        lower = upper or lower
    return flag_ages


def _posts_per_domain(recent_posts, weeks) -> list[Series]:
    """Posts per domain per week, one series per domain."""
    per_domain_week = (
        recent_posts.annotate(week=TruncWeek("created_at"))
        .values("thread__group__domain_id", "week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    index = {week: i for i, week in enumerate(weeks)}
    by_domain: dict[int, list[int]] = {}
    for row in per_domain_week:
        position = index.get(_as_date(row["week"]))
        if position is None:
            continue
        values = by_domain.setdefault(row["thread__group__domain_id"], [0] * WEEKS)
        values[position] += row["n"]
    return [
        Series(d.name, d.colour, by_domain.get(d.pk, [0] * WEEKS)) for d in Domain.objects.all()
    ]


def figures(now: datetime | None = None) -> Figures:
    now = now or timezone.now()
    weeks = week_starts(now)
    start = timezone.make_aware(datetime.combine(weeks[0], datetime.min.time()))

    open_flags = Flag.objects.open()
    summary = open_flags.aggregate(
        count=Count("pk"), posts=Count("post", distinct=True), oldest=Min("created_at")
    )
    handled = Flag.objects.filter(resolved_at__isnull=False, resolved_at__gte=start).values_list(
        "created_at", "resolved_at"
    )
    durations = [(resolved - created).total_seconds() / 3600 for created, resolved in handled]
    median = round(statistics.median(durations), 1) if durations else None

    recent_posts = Post.objects.filter(created_at__gte=start, is_deleted=False)
    per_group = dict(
        recent_posts.values("thread__group_id")
        .annotate(n=Count("pk"))
        .values_list("thread__group_id", "n")
    )
    groups = sorted(
        ((g, per_group.get(g.pk, 0)) for g in ThinkGroup.objects.select_related("domain")),
        key=lambda item: (-item[1], item[0].name),
    )

    threads = list(
        Thread.objects.annotate(
            recent=Count("posts", filter=Q(posts__created_at__gte=start, posts__is_deleted=False))
        )
        .filter(recent__gt=0)
        .select_related("group")
        .order_by("-recent", "-last_post_at")[:10]
    )
    return Figures(
        open_flags=summary["count"],
        open_posts=summary["posts"],
        oldest_open_flag_at=summary["oldest"],
        flag_ages=_flag_ages(open_flags, now),
        handled_flags=len(durations),
        median_handle_hours=median,
        weeks=weeks,
        domains=_posts_per_domain(recent_posts, weeks),
        groups=groups,
        threads=threads,
    )


# --- charts: inline SVG rendered on the server, each paired with a data table -----------


def _nice_max(value: int) -> int:
    """The top of the axis: even, so the middle gridline is a whole number too."""
    if value <= 4:
        return 4
    magnitude = 10 ** (len(str(value)) - 1)
    top = ((value + magnitude - 1) // magnitude) * magnitude
    return top if top % 2 == 0 else top + magnitude


def weekly_chart(fig: Figures, *, chart_id: str = "activiteit-domeinen") -> SafeString:
    """Stacked bars: posts per week, one colour per domain. The table below it carries the
    same numbers for screen readers (the SVG points to it in its description)."""
    width, height, left, bottom, top = 760, 260, 44, 36, 12
    plot_w, plot_h = width - left - 12, height - bottom - top
    totals = fig.week_totals
    maximum = _nice_max(max(totals) if totals else 0)
    bar_w = plot_w / len(fig.weeks) * 0.7
    step = plot_w / len(fig.weeks)
    title = escape(_("Posts per week per domain"))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{title}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape(
            _(
                "Bar chart of the last %(weeks)d weeks; total %(total)d posts. "
                "The table below has the numbers."
            )
            % {"weeks": WEEKS, "total": sum(totals)}
        )
        + "</desc>",
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h - plot_h * fraction
        parts.append(
            f'<line x1="{left}" x2="{width - 12}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8" />'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">'
            f"{round(maximum * fraction)}</text>"
        )
    for i, week in enumerate(fig.weeks):
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h
        for series in fig.domains:
            value = series.values[i]
            if not value:
                continue
            h = plot_h * value / maximum
            y -= h
            label = escape(
                _("%(domain)s, week of %(week)s: %(count)d")
                % {"domain": series.label, "week": week.strftime("%d-%m-%Y"), "count": value}
            )
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{escape(series.colour)}"><title>{label}</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="11">{week.strftime("%d-%m")}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def group_chart(fig: Figures, *, chart_id: str = "activiteit-groepen") -> SafeString:
    """Horizontal bars: posts per group over the 12 weeks."""
    rows = fig.groups
    row_h, left, width = 24, 250, 760
    height = row_h * max(len(rows), 1) + 30
    maximum = _nice_max(max((n for _g, n in rows), default=0))
    plot_w = width - left - 60
    title = escape(_("Posts per group"))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="100%">',
        f'<title id="{chart_id}-title">{title}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape(_("Posts per think group over the last %(weeks)d weeks.") % {"weeks": WEEKS})
        + "</desc>",
    ]
    for i, (group, count) in enumerate(rows):
        y = 10 + i * row_h
        w = plot_w * count / maximum
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(group.name[:36])}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{escape(group.domain.colour)}">'
            f"<title>{escape(group.name)}: {count}</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 15}" font-size="12">{count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
