"""The search backend interface: what every engine implements, and the search that the
view calls (filters resolved, the engine asked, hits hydrated and facets labelled)."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence

from ..filters import resolve
from ..hydration import facet_labels, hydrate
from ..models import IndexKind
from ..query import ParsedQuery
from ..types import (
    FacetSelection,
    FacetValue,
    IndexItem,
    RawHits,
    SearchResult,
    Section,
    Sort,
)
from .trends import TermRise

# The result types are imported from here by the view, the backends and their tests.
__all__ = ["FacetSelection", "IndexItem", "RawHits", "SearchBackend", "Section", "Sort"]


class SearchBackend(abc.ABC):
    """One search engine behind the interface the view uses (it never asks which)."""

    name = "base"

    @abc.abstractmethod
    def index(self, items: Sequence[IndexItem]) -> None: ...

    @abc.abstractmethod
    def delete(self, kind: str, ids: Iterable[int]) -> None: ...

    @abc.abstractmethod
    def clear(self) -> None: ...

    @abc.abstractmethod
    def indexed_keys(self, kind: str) -> set[int]:
        """Ids of a kind present in the index (for search_check)."""
        ...

    def significant_terms(
        self, *, domain_id: int, start, middle, end, size: int = 10
    ) -> list[TermRise]:
        """Words that rose most in the domain's posts from [middle, end) compared with
        [start, middle): the bureau's trend panel. Hidden and held posts do not count."""
        return []

    def begin_rebuild(self) -> None:  # noqa: B027 - optional hook
        """Prepare a full rebuild (Elasticsearch: a new index behind the alias)."""

    def finish_rebuild(self, *, keep: set[tuple[str, int]] | None = None) -> None:  # noqa: B027
        """Make the rebuilt index live; drop entries not in `keep` where applicable."""

    def abort_rebuild(self) -> None:  # noqa: B027 - optional hook
        """A rebuild failed half-way: drop what it built; the live index is untouched."""

    @abc.abstractmethod
    def raw_search(
        self,
        query: ParsedQuery,
        member,
        *,
        kinds: Sequence[str],
        page: int,
        per_page: int,
        sort: str,
        facets: FacetSelection,
        resolved: dict,
    ) -> RawHits: ...

    def search(
        self,
        query: ParsedQuery,
        member,
        *,
        kinds: Sequence[str] = Section.DISCUSSIONS,
        page: int = 1,
        per_page: int = 20,
        sort: str = Sort.RELEVANCE,
        facets: FacetSelection | None = None,
    ) -> SearchResult:
        """Hits the member may see, with facet counts over the same permitted set."""
        facets = facets or FacetSelection()
        warnings = list(query.warnings)
        if sort not in Sort.CHOICES:
            sort = Sort.RELEVANCE
        page = max(1, min(page, 500))
        if not getattr(member, "is_authenticated", False):
            kinds = [k for k in kinds if k == IndexKind.ARTICLE]
        resolved = resolve(query, member, warnings)
        if not kinds or query.is_empty or resolved.get("impossible"):
            return SearchResult([], 0, {}, page, per_page, warnings)
        raw = self.raw_search(
            query,
            member,
            kinds=kinds,
            page=page,
            per_page=per_page,
            sort=sort,
            facets=facets,
            resolved=resolved,
        )
        hits = hydrate(raw.keys, query, member, raw.fragments)
        # A hit the re-check dropped is not counted either (on this page; an index that
        # lags may still count others until the worker has caught up).
        total = max(0, raw.total - (len(raw.keys) - len(hits)))
        labels = facet_labels(raw.facet_counts)
        facet_values = {
            name: sorted(
                (
                    FacetValue(
                        key, labels[name].get(key, str(key)), count, getattr(facets, name) == key
                    )
                    for key, count in counts.items()
                    if key is not None
                ),
                key=lambda v: (-v.count, v.label),
            )
            for name, counts in raw.facet_counts.items()
        }
        if "year" in facet_values:
            facet_values["year"].sort(key=lambda v: -v.key)
        return SearchResult(hits, total, facet_values, page, per_page, warnings, capped=raw.capped)
