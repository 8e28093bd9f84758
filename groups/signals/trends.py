"""The bureau's trend panel: per domain, the themes with the most new signals in the last 4
and 12 weeks, and the words that rose most in the domain's discussions (search backends)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Domain
from groups.reports.charts import bar_chart
from groups.reports.suppression import Count as Shown

from .models import Signal, SignalStatus

logger = logging.getLogger(__name__)

SHORT, LONG = 4, 12  # weeks
TOP = 5


@dataclass
class DomainTrend:
    domain: Domain
    themes: list[tuple[str, int, int]]  # name, last 4 weeks, last 12 weeks
    terms: list = field(default_factory=list)
    terms_failed: bool = False

    def chart(self):
        return bar_chart(
            [name for name, _short, _long in self.themes],
            [Shown(short, False) for _name, short, _long in self.themes],
            title=_("New signals per theme, last 4 weeks: %(domain)s") % {"domain": self.domain},
            chart_id=f"trend-{self.domain.slug}",
            colour=self.domain.colour,
        )


def theme_counts(now: datetime.datetime) -> dict[int, list[tuple[str, int, int]]]:
    """{domain id: [(theme, signals in 4 weeks, in 12 weeks)]}, the busiest first; one query."""
    short_since = now - datetime.timedelta(weeks=SHORT)
    long_since = now - datetime.timedelta(weeks=LONG)
    rows = (
        Signal.objects.filter(created_at__gte=long_since)
        .exclude(status=SignalStatus.REJECTED)
        .values_list("post__thread__group__domain_id", "theme__name")
        .annotate(
            short=Count("pk", filter=Q(created_at__gte=short_since)),
            long=Count("pk"),
        )
        .order_by()
    )
    per_domain: dict[int, list[tuple[str, int, int]]] = {}
    for domain_id, theme, short, long in rows:
        per_domain.setdefault(domain_id, []).append((theme, short, long))
    for themes in per_domain.values():
        themes.sort(key=lambda t: (-t[1], -t[2], t[0]))
        del themes[TOP:]
    return per_domain


# Where the rising words come from: search sets it at start-up (search.apps), since search
# stands above the forum and the forum may not import it.
_terms_source: Callable[..., list] | None = None


def set_terms_source(source: Callable[..., list] | None) -> None:
    global _terms_source
    _terms_source = source


def trends(now: datetime.datetime | None = None, *, terms=None) -> list[DomainTrend]:
    """Per domain: the busiest themes, and the rising words from ``terms`` (a callable with
    the arguments of ``SearchBackend.significant_terms``; the search backend by default)."""
    now = now or timezone.now()
    terms = terms or _terms_source or (lambda **kwargs: [])
    middle = now - datetime.timedelta(weeks=SHORT)
    start = middle - datetime.timedelta(weeks=SHORT)
    counts = theme_counts(now)
    result = []
    for domain in Domain.objects.all():
        trend = DomainTrend(domain, counts.get(domain.pk, []))
        try:
            trend.terms = terms(domain_id=domain.pk, start=start, middle=middle, end=now, size=8)
        except Exception:
            # A search engine that is down empties this part of the panel, not the page.
            logger.exception("significant terms for domain %s failed", domain.pk)
            trend.terms_failed = True
        result.append(trend)
    return result
