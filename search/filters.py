"""The filters of the search language (``groep:``, ``domein:``, ``auteur:``, ``na:``, ``voor:``,
``in:``, ``signaal:``, ``handreiking:``, ``versie:``, ``is:``), each described once: its name,
how its value is read, and the condition it puts on the hits. Each backend compiles the
conditions into its own query (``compile_filters`` in ``backends/database.py`` and
``backends/elasticsearch.py``), so a new filter is one entry here, plus one case per backend
only when it needs a new kind of condition.
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
SIGNAL_THEME = "signal_theme"  # a post marked as a signal in the theme (value: theme id)
IN_IDS = "in_ids"  # field is one of the ids in value (a tuple; empty: nothing matches)


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


def _signal_theme(slug: str, member, warnings: list[str]) -> list[Condition]:
    from groups.signals.search import theme_for_slug

    theme = theme_for_slug(slug)
    if theme is None:
        warnings.append(_("No signal theme “%(slug)s” was found.") % {"slug": slug})
        raise Impossible
    return [Condition(SIGNAL_THEME, "object_id", theme.pk)]


def _version(value: str, warnings: list[str], name: str) -> int | None:
    if value.isdecimal() and len(value) < 6 and int(value) > 0:
        return int(value)
    warnings.append(
        _("“%(value)s” is not a version number for versie: (use e.g. versie:13); it is ignored.")
        % {"value": value[:40]}
    )
    return None


def _state(value: str, warnings: list[str], name: str) -> str | None:
    if analysis.fold(value) == "geverifieerd":
        return "geverifieerd"
    warnings.append(
        _("Only is:geverifieerd is known; “is:%(value)s” is ignored.") % {"value": value[:40]}
    )
    return None


def _guidance(slug: str, member, warnings: list[str]) -> list[Condition]:
    from groups.knowledge.search import guidance_page_id, linked_thread_ids

    page_id = guidance_page_id(slug)
    if page_id is None:
        warnings.append(_("No guidance document “%(slug)s” was found.") % {"slug": slug})
        raise Impossible
    return [Condition(IN_IDS, "thread_id", linked_thread_ids(page_id=page_id))]


def _guidance_version(number: int, member, warnings: list[str]) -> list[Condition]:
    from groups.knowledge.search import linked_thread_ids

    return [Condition(IN_IDS, "thread_id", linked_thread_ids(number=number))]


def _verified(value: str, member, warnings: list[str]) -> list[Condition]:
    from groups.knowledge.search import verified_post_ids

    return [Condition(EQUALS, "kind", "post"), Condition(IN_IDS, "object_id", verified_post_ids())]


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
        # signaal:thema-slug: posts members marked as a signal for policy in that theme.
        Filter("signaal", "signal", _text(120), _signal_theme),
        # handreiking:slug and versie:13: threads tied to that guidance document or version.
        Filter("handreiking", "guidance", _text(120), _guidance),
        Filter("versie", "version", _version, _guidance_version),
        # is:geverifieerd: answers the association verified and that have not expired.
        Filter("is", "state", _state, _verified),
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
