"""Small counts in reports: below ``THRESHOLD`` a count shows as "minder dan 3".

A count of one or two could point to a person, so reports never print it. Where a
breakdown sums to a total that is printed too, one hidden cell could be worked out from the
others; the next smallest cell is then hidden as well (complementary suppression).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

THRESHOLD = 3


@dataclass(frozen=True)
class Count:
    """A count as a report may show it: ``shown`` is the number or "minder dan 3"."""

    value: int
    hidden: bool

    @property
    def shown(self) -> str:
        if self.hidden:
            return _("less than %(n)d") % {"n": THRESHOLD}
        return str(self.value)

    def __str__(self) -> str:
        return self.shown


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def count(value: int) -> Count:
    return Count(value, is_small(value))


def breakdown(values: dict, *, total_shown: bool = True) -> dict:
    """``{key: Count}`` for a breakdown whose parts add up to a shown total: small parts are
    hidden, and if exactly one part is hidden, the smallest other non-zero part is hidden too
    so that the total cannot reveal it."""
    hidden = {key for key, value in values.items() if is_small(value)}
    if total_shown and len(hidden) == 1:
        others = sorted(
            (value, str(key)) for key, value in values.items() if key not in hidden and value > 0
        )
        if others:
            smallest = others[0][1]
            hidden |= {key for key in values if str(key) == smallest}
    return {key: Count(value, key in hidden) for key, value in values.items()}
