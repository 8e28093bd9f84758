"""The search page: discussions (for members) and news, with facets, sort and pages."""

from __future__ import annotations

from django.shortcuts import render

from .backends import get_backend
from .backends.base import FacetSelection, Section, Sort
from .backends.errors import SearchUnavailable
from .query import parse, synonym_map

FACET_PARAMS = {
    "domain": "domein",
    "group": "groep",
    "author": "auteur",
    "year": "jaar",
    "theme": "thema",
}
NEWS_PER_PAGE = 5


def _int(value: str | None, default: int | None = None, *, maximum: int = 10**12) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if 0 < number <= maximum else default


def search(request):
    raw = request.GET.get("q", "")
    sort = request.GET.get("sorteer", Sort.RELEVANCE)
    if sort not in Sort.CHOICES:
        sort = Sort.RELEVANCE
    page = _int(request.GET.get("pagina"), 1, maximum=500)
    selection = FacetSelection(
        **{name: _int(request.GET.get(param)) for name, param in FACET_PARAMS.items()}
    )
    query = parse(raw, synonym_map()) if raw.strip() else None
    discussions = news = None
    if query is not None:
        backend = get_backend()
        try:
            if request.user.is_authenticated:
                discussions = backend.search(
                    query, request.user, kinds=Section.DISCUSSIONS, page=page, sort=sort,
                    facets=selection,
                )  # fmt: skip
            news = backend.search(
                query, request.user, kinds=Section.NEWS, page=1, per_page=NEWS_PER_PAGE, sort=sort
            )
        except SearchUnavailable:
            # Logged once per outage by the backend. The index lives in the engine only,
            # so there is nothing honest to fall back to: say so, with the query kept.
            response = render(request, "search/unavailable.html", {"query": query.raw}, status=503)
            response["Retry-After"] = "30"
            return response
    facet_groups = []
    if discussions:
        for name, param in FACET_PARAMS.items():
            values = discussions.facets.get(name) or []
            if values:
                links = [(value, _toggle(request.GET, param, value)) for value in values[:12]]
                facet_groups.append({"name": name, "links": links})
    return render(
        request,
        "search/search.html",
        {
            "query": query.raw if query else "",
            "parsed": query,
            "warnings": query.warnings if query else [],
            "sort": sort,
            "sorts": Sort.CHOICES,
            "discussions": discussions,
            "news": news,
            "facet_groups": facet_groups,
            "page_range": _page_range(discussions) if discussions else [],
        },
    )


def _toggle(params, name: str, value) -> str:
    """The URL that adds a facet value to the current search, or removes it if set."""
    params = params.copy()
    params.pop("pagina", None)
    if value.selected:
        params.pop(name, None)
    else:
        params[name] = str(value.key)
    return "?" + params.urlencode()


def _page_range(result) -> list[int]:
    last = result.num_pages
    return [p for p in range(max(1, result.page - 3), min(last, result.page + 3) + 1)]
