"""The embedded default backend: SQLite FTS5 or PostgreSQL tsvector, by database vendor.

Both store pre-analysed text in `search_document` and answer a page of hits, the total
and every facet count in ONE SQL statement over the permission-filtered set (a CTE
that the page, the counts and the total all read).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.utils import timezone

from .. import analysis
from ..models import SearchDocument
from ..query import Clause, ParsedQuery, Term
from .base import FacetSelection, IndexItem, RawHits, SearchBackend, Sort, permission_q

_COLUMNS = ("id", "kind", "object_id", "domain_id", "group_id", "author_id", "year", "created_at")
_UPDATE_FIELDS = [
    "thread_id", "group_id", "domain_id", "author_id", "author_name", "is_hidden", "is_held",
    "created_at", "year",
    "title_terms", "body_terms",
]  # fmt: skip


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, using: str = "default"):
        self.using = using

    @property
    def vendor(self) -> str:
        return connections[self.using].vendor

    # --- writing -------------------------------------------------------------------------

    def _analyse(self, text: str) -> str:
        if self.vendor == "sqlite":
            return analysis.stemmed_terms(text)
        return analysis.expanded_text(text)

    def to_document(self, item: IndexItem) -> SearchDocument:
        title = item.title if item.kind != "post" else ""
        return SearchDocument(
            kind=item.kind,
            object_id=item.object_id,
            thread_id=item.thread_id,
            group_id=item.group_id,
            domain_id=item.domain_id,
            author_id=item.author_id,
            author_name=(item.author_name or "")[:200],
            is_hidden=item.is_hidden or item.thread_hidden,
            is_held=item.is_held,
            created_at=item.created_at,
            year=timezone.localtime(item.created_at).year,
            title_terms=self._analyse(title) if title else "",
            body_terms=self._analyse(item.body) if item.body else "",
        )

    def index(self, items: Sequence[IndexItem]) -> None:
        if not items:
            return
        SearchDocument.objects.using(self.using).bulk_create(
            [self.to_document(item) for item in items],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=_UPDATE_FIELDS,
            batch_size=500,
        )

    def delete(self, kind: str, ids: Iterable[int]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), 500):
            SearchDocument.objects.using(self.using).filter(
                kind=kind, object_id__in=ids[start : start + 500]
            ).delete()

    def clear(self) -> None:
        SearchDocument.objects.using(self.using).all().delete()

    def indexed_keys(self, kind: str) -> set[int]:
        return set(
            SearchDocument.objects.using(self.using)
            .filter(kind=kind)
            .values_list("object_id", flat=True)
        )

    def finish_rebuild(self, *, keep: set[tuple[str, int]] | None = None) -> None:
        if keep is not None:
            stale = [
                pk
                for pk, kind, object_id in SearchDocument.objects.using(self.using).values_list(
                    "pk", "kind", "object_id"
                )
                if (kind, object_id) not in keep
            ]
            for start in range(0, len(stale), 500):
                SearchDocument.objects.using(self.using).filter(
                    pk__in=stale[start : start + 500]
                ).delete()
        with connections[self.using].cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            # Fresh statistics, or the planner misjudges the freshly filled table.
            cursor.execute("ANALYZE search_document")

    # --- searching -----------------------------------------------------------------------

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
    ) -> RawHits:
        docs = SearchDocument.objects.using(self.using).filter(permission_q(member, kinds))
        docs = docs.filter(**_filters(query, resolved, facets))
        if query.positive:
            matching = self._match(docs, query)
            if matching is None:
                return RawHits([], 0, {})
            docs = matching
        else:
            docs = docs.extra(select={"score": "0.0"})  # noqa: S610 - constant SQL
        try:
            # One SELECT with the text match and the permission filter side by side, so
            # the planner can start from the full-text index.
            cte_sql, cte_params = docs.values(*_COLUMNS, "score").query.sql_with_params()
        except EmptyResultSet:
            # Nothing the member may see in these kinds (e.g. no news model installed).
            return RawHits([], 0, {})
        order = (
            "created_at DESC, id DESC"
            if sort == Sort.NEWEST
            else "score DESC, created_at DESC, id DESC"
        )
        sql = f"""
            WITH m AS ({cte_sql})
            SELECT 'hit', kind, object_id, CAST(ROW_NUMBER() OVER (ORDER BY {order}) AS bigint)
              FROM (SELECT * FROM m ORDER BY {order} LIMIT %s OFFSET %s) page
            UNION ALL SELECT 'domain', NULL, domain_id, CAST(COUNT(*) AS bigint)
              FROM m GROUP BY domain_id
            UNION ALL SELECT 'group', NULL, group_id, CAST(COUNT(*) AS bigint)
              FROM m GROUP BY group_id
            UNION ALL SELECT 'author', NULL, author_id, CAST(COUNT(*) AS bigint)
              FROM m GROUP BY author_id
            UNION ALL SELECT 'year', NULL, CAST(year AS bigint), CAST(COUNT(*) AS bigint)
              FROM m GROUP BY year
            UNION ALL SELECT 'total', NULL, NULL, CAST(COUNT(*) AS bigint) FROM m
        """  # noqa: S608 - only our own SQL fragments; user text is in params
        params = [*cte_params, per_page, (page - 1) * per_page]
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hits: list[tuple[int, tuple[str, int]]] = []
        counts: dict[str, dict[int, int]] = {"domain": {}, "group": {}, "author": {}, "year": {}}
        total = 0
        for facet, kind, key, value in rows:
            if facet == "hit":
                hits.append((value, (kind, key)))
            elif facet == "total":
                total = value
            elif key is not None:
                counts[facet][key] = value
        if "article" in kinds and len(kinds) == 1:
            counts = {"year": counts["year"]}
        return RawHits([key for _rank, key in sorted(hits)], total, counts)

    def _match(self, docs, query: ParsedQuery):
        if self.vendor == "sqlite":
            match = fts5_match(query)
            if match is None:
                return None
            return docs.extra(
                select={
                    "score": "-bm25(search_fts, 3.0, 1.0) * (1.0 + 1.0 / (1.0 + "
                    "(julianday('now') - julianday(search_document.created_at)) / 180.0))"
                },
                tables=["search_fts"],
                where=["search_fts.rowid = search_document.id", "search_fts MATCH %s"],
                params=[match],
            )
        compiled = tsquery(query)
        if compiled is None:
            return None
        tsq_sql, tsq_params = compiled
        vector = (
            "search_document.title_vector" if query.in_title else "search_document.search_vector"
        )
        return docs.extra(  # noqa: S610 - our SQL; user text only in params
            select={
                "score": f"ts_rank({vector}, {tsq_sql}) * (1.0 + 1.0 / (1.0 + "
                "EXTRACT(EPOCH FROM (now() - search_document.created_at)) / 86400.0 / 180.0))"
            },
            select_params=tsq_params,
            where=[f"{vector} @@ ({tsq_sql})"],
            params=tsq_params,
        )


def _filters(query: ParsedQuery, resolved: dict, facets: FacetSelection) -> dict:
    filters: dict = {}
    if "group_id" in resolved:
        filters["group_id"] = resolved["group_id"]
    if "domain_id" in resolved:
        filters["domain_id"] = resolved["domain_id"]
    if query.author:
        filters["author_name__icontains"] = query.author
    tz = timezone.get_current_timezone()
    if query.after:
        filters["created_at__gte"] = datetime.datetime.combine(query.after, datetime.time(), tz)
    if query.before:
        end = query.before + datetime.timedelta(days=1)
        filters["created_at__lt"] = datetime.datetime.combine(end, datetime.time(), tz)
    for name in ("domain", "group", "author", "year"):
        value = getattr(facets, name)
        if value is not None:
            filters["year" if name == "year" else f"{name}_id"] = value
    return filters


# --- Compiling the parsed query; user text only ever becomes quoted tokens or params ----


def _fts5_term(term: Term) -> str | None:
    stems = analysis.query_stems(term.words)
    if not stems:
        return None
    # Stems are letters and digits only; quoting makes each one a string token anyway.
    return '"' + " ".join(s.replace('"', '""') for s in stems) + '"'


def _fts5_clause(clause: Clause) -> str | None:
    alternatives = [t for t in (_fts5_term(a) for a in clause.alternatives) if t]
    if not alternatives:
        return None
    return "(" + " OR ".join(alternatives) + ")"


def fts5_match(query: ParsedQuery) -> str | None:
    """The FTS5 MATCH string: quoted stems joined by operators we write ourselves."""
    positive = [c for c in (_fts5_clause(c) for c in query.positive) if c]
    if not positive:
        return None
    expression = " AND ".join(positive)
    for clause in query.negative:
        compiled = _fts5_clause(clause)
        if compiled:
            expression = f"{expression} NOT {compiled}"
    if query.in_title:
        return "{title_terms} : (" + expression + ")"
    return expression


def _ts_term(term: Term) -> tuple[str, list] | None:
    if not analysis.query_stems(term.words):
        return None
    if term.is_phrase:
        return "phraseto_tsquery('dutch', %s)", [term.text]
    return "plainto_tsquery('dutch', %s)", [term.words[0]]


def _ts_clause(clause: Clause) -> tuple[str, list] | None:
    parts = [t for t in (_ts_term(a) for a in clause.alternatives) if t]
    if not parts:
        return None
    return "(" + " || ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]


def tsquery(query: ParsedQuery) -> tuple[str, list] | None:
    """A tsquery expression built from plainto/phraseto_tsquery calls with bound text."""
    positive = [c for c in (_ts_clause(c) for c in query.positive) if c]
    if not positive:
        return None
    sql = " && ".join(p[0] for p in positive)
    params = [x for p in positive for x in p[1]]
    for clause in query.negative:
        compiled = _ts_clause(clause)
        if compiled:
            sql = f"({sql}) && !!{compiled[0]}"
            params += compiled[1]
    return sql, params
