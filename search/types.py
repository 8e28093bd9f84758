"""What the search backends take and give: index items, facet selections, hits, results."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .models import IndexKind


class Sort:
    RELEVANCE = "relevantie"
    NEWEST = "nieuwste"
    CHOICES = (RELEVANCE, NEWEST)


class Section:
    """Discussions (posts and threads) and news are searched and shown separately."""

    DISCUSSIONS = (IndexKind.POST.value, IndexKind.THREAD.value)
    NEWS = (IndexKind.ARTICLE.value,)


FACET_NAMES = ("domain", "group", "author", "year")


@dataclass(frozen=True)
class FacetSelection:
    """Facet values the visitor clicked to narrow the result (ids, or a year)."""

    domain: int | None = None
    group: int | None = None
    author: int | None = None
    year: int | None = None


@dataclass
class IndexItem:
    """One object as every backend indexes it (plain text, ids, flags)."""

    kind: str
    object_id: int
    title: str
    body: str
    created_at: datetime.datetime
    thread_id: int | None = None
    number: int | None = None
    group_id: int | None = None
    domain_id: int | None = None
    author_id: int | None = None
    author_name: str = ""
    is_hidden: bool = False
    is_held: bool = False
    thread_hidden: bool = False
    tags: list[str] = field(default_factory=list)


@dataclass
class FacetValue:
    key: int
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet: SafeString
    created_at: datetime.datetime | None
    author_name: str = ""
    group_name: str = ""
    domain_name: str = ""
    is_hidden: bool = False
    number: int | None = None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    page: int
    per_page: int
    warnings: list[str] = field(default_factory=list)
    # More hits than the backend counts exactly: `total` is then a lower bound (the
    # number of hits ranked and counted, the newest ones) and the page says so.
    capped: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def highlights(self) -> dict[tuple[str, int], SafeString]:
        return {(h.kind, h.object_id): h.snippet for h in self.hits}


@dataclass
class RawHits:
    """What a backend engine answers before hydration: (kind, id) in order, counts."""

    keys: list[tuple[str, int]]
    total: int
    facet_counts: dict[str, dict[int, int]]
    fragments: dict[tuple[str, int], str] = field(default_factory=dict)
    capped: bool = False
