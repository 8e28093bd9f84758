"""Charts for reports: inline SVG drawn on the server (no script), each paired with a table.

Bars of hidden counts ("minder dan 3") are drawn as an outlined stub with the label "< 3",
never at their true height.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .suppression import THRESHOLD, Count


def _axis_top(value: int) -> int:
    if value <= 4:
        return 4
    magnitude = 10 ** (len(str(value)) - 1)
    top = ((value + magnitude - 1) // magnitude) * magnitude
    return top if top % 2 == 0 else top + magnitude


def bar_chart(
    labels: list[str], counts: list[Count], *, title: str, chart_id: str, colour: str = "#1d4f91"
) -> SafeString:
    """A bar chart of ``counts`` under ``labels`` (e.g. weeks)."""
    width, height, left, bottom, top = 760, 240, 40, 40, 14
    plot_w, plot_h = width - left - 10, height - bottom - top
    n = max(len(counts), 1)
    maximum = _axis_top(max([c.value for c in counts if not c.hidden] or [0]))
    step = plot_w / n
    bar_w = step * 0.7
    parts = [
        f'<svg class="report-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="100%">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape(_("The table below the chart gives the same numbers."))
        + "</desc>",
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#d0d4da"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{int(maximum * fraction)}</text>"
        )
    every = max(1, n // 13 + (1 if n % 13 else 0))
    for i, (label, value) in enumerate(zip(labels, counts, strict=True)):
        x = left + i * step + (step - bar_w) / 2
        if value.hidden:
            stub = plot_h * min(THRESHOLD - 1, maximum) / maximum / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - stub:.1f}" width="{bar_w:.1f}" '
                f'height="{stub:.1f}" fill="none" stroke="{colour}" stroke-dasharray="3 2"/>'
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - stub - 3:.1f}" '
                f'text-anchor="middle" font-size="10">&lt; {THRESHOLD}</text>'
            )
        elif value.value:
            h = plot_h * value.value / maximum
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"/>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="10">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped labels only
