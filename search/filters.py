"""The filters of the search language (``groep:``, ``domein:``, ``auteur:``, ``na:``, ``voor:``,
``in:``), each described once: its name, how its value is read, and the condition it puts
on the hits. Each backend compiles the conditions into its own query (``compile_filters``
in ``backends/database.py`` and ``backends/elasticsearch.py``), so a new filter is one
entry here, plus one case per backend only when it needs a new kind of condition.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from . import analysis

# Kinds of condition a backend compiles, on the indexed fields (search.types.IndexItem).
EQUALS = "equals"  # field == value (an id)
PHRASE = "phrase"  # the words of value in field, in order (a name)
FROM_DAY = "from_day"  # created on or after the local day value
UNTIL_DAY = "until_day"  # created on or before the local day value


@dataclass(frozen=True)
class Condition:
    kind: str
    field: str
    value: Any


class Impossible(Exception):
    """A filter no hit can pass (an unknown group): the search answers nothing."""


def _text(limit: int) -> Callable[[str, list[str], str], str]:
    return lambda value, warnings, name: value[:limit]


def _date(value: str, warnings: list[str], name: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%Y"):
        try:
            parsed = datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
        if fmt == "%Y" and name == "voor":
            return parsed.replace(month=12, day=31)
        return parsed
    warnings.append(
        _("“%(value)s” is not a date for %(name)s: (use e.g. 2025-01-31); it is ignored.")
        % {"value": value[:40], "name": name}
    )
    return None


def _title_only(value: str, warnings: list[str], name: str) -> bool | None:
    if analysis.fold(value) == "titel":
        return True
    warnings.append(_("Only in:titel is known; “in:%(value)s” is ignored.") % {"value": value[:40]})
    return None


def _group(slug: str, member, warnings: list[str]) -> list[Condition]:
    from groups.models import ThinkGroup

    # A group the member cannot read is "unknown" to them, like a missing one.
    group = ThinkGroup.objects.readable_by(member).filter(slug=slug).values("pk").first()
    if group is None:
        warnings.append(_("No think group “%(slug)s” was found.") % {"slug": slug})
        raise Impossible
    return [Condition(EQUALS, "group_id", group["pk"])]


def _domain(slug: str, member, warnings: list[str]) -> list[Condition]:
    from community.models import Domain

    domain = Domain.objects.filter(slug=slug).values("pk").first()
    if domain is None:
        warnings.append(_("No domain “%(slug)s” was found.") % {"slug": slug})
        raise Impossible
    return [Condition(EQUALS, "domain_id", domain["pk"])]


@dataclass(frozen=True)
class Filter:
    """``name:value`` in a query: ``read`` turns the typed value into what is stored on the
    parsed query's ``attribute`` (None: ignored, with a warning); ``conditions`` turns the
    stored value into conditions on the hits for one member (raises ``Impossible``)."""

    name: str
    attribute: str
    read: Callable[[str, list[str], str], Any]
    conditions: Callable[[Any, Any, list[str]], list[Condition]]


def _on(kind: str, field: str) -> Callable[[Any, Any, list[str]], list[Condition]]:
    """A filter whose value is the condition's value as it stands."""
    return lambda value, member, warnings: [Condition(kind, field, value)]


FILTERS = {
    f.name: f
    for f in (
        Filter("groep", "group", _text(120), _group),
        Filter("domein", "domain", _text(60), _domain),
        Filter(
            "auteur", "author", _text(120), lambda v, m, w: [Condition(PHRASE, "author_name", v)]
        ),
        Filter("na", "after", _date, _on(FROM_DAY, "created_at")),
        Filter("voor", "before", _date, _on(UNTIL_DAY, "created_at")),
        # Not a condition on the hits: it chooses the text the words must match.
        Filter("in", "in_title", _title_only, lambda v, m, w: []),
    )
}


def apply(query, name: str, value: str) -> None:
    """Store the filter ``name`` with the typed ``value`` on the parsed query."""
    value = value.strip().strip('"').strip()
    if not value:
        query.warnings.append(_("The filter %(name)s: has no value.") % {"name": name})
        return
    spec = FILTERS[name]
    read = spec.read(value, query.warnings, name)
    if read is not None:
        setattr(query, spec.attribute, read)


def resolve(query, member, warnings: list[str]) -> dict:
    """The query's filters as conditions for ``member``: ``{"conditions": [...]}``, with
    ``"impossible": True`` when one of them can match nothing."""
    conditions: list[Condition] = []
    impossible = False
    for spec in FILTERS.values():
        value = getattr(query, spec.attribute)
        if not value:
            continue
        try:
            conditions += spec.conditions(value, member, warnings)
        except Impossible:
            impossible = True
    return {"conditions": conditions, "impossible": impossible}
