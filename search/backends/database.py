"""The embedded default backend: SQLite FTS5 or PostgreSQL tsvector, by database vendor.

Both store pre-analysed text in `search_document` and answer a page of hits, the total
and every facet count in ONE SQL statement over the permission-filtered set (a CTE
that the page, the counts and the total all read).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.utils import timezone

from .. import analysis
from ..filters import EQUALS, FROM_DAY, IN_IDS, PHRASE, SIGNAL_THEME, UNTIL_DAY
from ..models import SearchDocument
from ..query import ParsedQuery
from ..types import FACET_NAMES
from .base import FacetSelection, IndexItem, RawHits, SearchBackend, Sort
from .fulltext import fts5_match, tsquery
from .permissions import permission_q
from .trends import TermRise, document_frequencies, rank_rising

_COLUMNS = ("id", "kind", "object_id", "domain_id", "group_id", "author_id", "year", "created_at")
_UPDATE_FIELDS = [
    "thread_id", "group_id", "domain_id", "author_id", "author_name", "is_hidden", "is_held",
    "created_at", "year",
    "title_terms", "body_terms",
]  # fmt: skip

_BUILD_TABLE = "search_document_build"
_PG_INSERT = """
    INSERT INTO {table} (kind, object_id, thread_id, group_id, domain_id, author_id,
        author_name, is_hidden, is_held, created_at, year, title_terms, body_terms,
        title_vector, search_vector)
    SELECT kind, object_id, thread_id, group_id, domain_id, author_id, author_name,
        is_hidden, is_held, created_at, year, '', '',
        to_tsvector('dutch'::regconfig, title),
        setweight(to_tsvector('dutch'::regconfig, title), 'A')
            || setweight(to_tsvector('dutch'::regconfig, body), 'B')
    FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[],
        %s::bigint[], %s::varchar[], %s::boolean[], %s::boolean[], %s::timestamptz[],
        %s::smallint[], %s::text[], %s::text[])
        AS v(kind, object_id, thread_id, group_id, domain_id, author_id, author_name,
             is_hidden, is_held, created_at, year, title, body)
    {conflict}
"""
_PG_ON_CONFLICT = """
    ON CONFLICT (kind, object_id) DO UPDATE SET thread_id = EXCLUDED.thread_id,
        group_id = EXCLUDED.group_id, domain_id = EXCLUDED.domain_id,
        author_id = EXCLUDED.author_id, author_name = EXCLUDED.author_name,
        is_hidden = EXCLUDED.is_hidden, is_held = EXCLUDED.is_held,
        created_at = EXCLUDED.created_at, year = EXCLUDED.year,
        title_terms = '', body_terms = '',
        title_vector = EXCLUDED.title_vector, search_vector = EXCLUDED.search_vector
"""
# What a rebuilt PostgreSQL table gets after its bulk load (the names migrations gave the
# live table; built with a `_build` suffix, renamed at the swap).
PG_INDEXES = [
    ("search_document_pkey", "ALTER TABLE {table} ADD CONSTRAINT {name} PRIMARY KEY (id)"),
    ("unique_search_document",
     "ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE (kind, object_id)"),
    ("search_document_vector", "CREATE INDEX {name} ON {table} USING gin (search_vector)"),
    ("search_document_title_vector", "CREATE INDEX {name} ON {table} USING gin (title_vector)"),
    ("search_document_newest", "CREATE INDEX {name} ON {table} (created_at DESC, id DESC)"),
]  # fmt: skip


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, using: str = "default"):
        self.using = using
        # PostgreSQL rebuild: the table being filled while search_document stays live.
        self._build_table: str | None = None

    @property
    def vendor(self) -> str:
        return connections[self.using].vendor

    # --- trends --------------------------------------------------------------------------

    def _period_docs(self, domain_id: int, start, end):
        return SearchDocument.objects.using(self.using).filter(
            kind="post",
            domain_id=domain_id,
            created_at__gte=start,
            created_at__lt=end,
            is_hidden=False,
            is_held=False,
        )

    def significant_terms(
        self, *, domain_id: int, start, middle, end, size: int = 10
    ) -> list[TermRise]:
        now_docs = self._period_docs(domain_id, middle, end)
        before_docs = self._period_docs(domain_id, start, middle)
        current = document_frequencies(now_docs, None)
        top = sorted(current, key=lambda t: -current[t])[:500]
        previous = document_frequencies(before_docs, top) if top else {}
        return rank_rising(
            {t: current[t] for t in top}, now_docs.count(), previous, before_docs.count(),
            size=size,
        )  # fmt: skip

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
        if self.vendor == "postgresql":
            self._pg_write(items)
            return
        SearchDocument.objects.using(self.using).bulk_create(
            [self.to_document(item) for item in items],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=_UPDATE_FIELDS,
            batch_size=500,
        )

    def _pg_write(self, items: Sequence[IndexItem]) -> None:
        """One INSERT per batch from arrays; PostgreSQL builds the tsvectors itself and the
        analysed text is not stored (nothing reads it back), which keeps rows narrow."""
        columns: list[list] = [[] for _ in range(13)]
        for item in items:
            doc = self.to_document(item)
            row = (
                doc.kind, doc.object_id, doc.thread_id, doc.group_id, doc.domain_id,
                doc.author_id, doc.author_name, doc.is_hidden, doc.is_held, doc.created_at,
                doc.year, doc.title_terms, doc.body_terms,
            )  # fmt: skip
            for column, value in zip(columns, row, strict=True):
                column.append(str(value) if isinstance(value, str) else value)
        table = self._build_table or "search_document"
        # The build table has no unique index until the rebuild finishes, and a rebuild
        # reads every object once: a plain INSERT there.
        conflict = "" if self._build_table else _PG_ON_CONFLICT
        with connections[self.using].cursor() as cursor:
            cursor.execute(_PG_INSERT.format(table=table, conflict=conflict), columns)

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

    def begin_rebuild(self) -> None:
        if self.vendor != "postgresql":
            return
        # Build a new table without indexes (bulk load, then one index build each) and
        # swap it in at the end; searches read the old table meanwhile.
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_BUILD_TABLE}")
            cursor.execute(
                f"CREATE TABLE {_BUILD_TABLE} (LIKE search_document INCLUDING DEFAULTS "
                "INCLUDING IDENTITY INCLUDING STORAGE)"
            )
        self._build_table = _BUILD_TABLE

    def abort_rebuild(self) -> None:
        if self._build_table:
            self._build_table = None
            with connections[self.using].cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {_BUILD_TABLE}")

    def finish_rebuild(self, *, keep: set[tuple[str, int]] | None = None) -> None:
        if self._build_table:
            self._swap_in_build_table()
            return
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

    def _swap_in_build_table(self) -> None:
        build = self._build_table
        self._build_table = None
        connection = connections[self.using]
        with connection.cursor() as cursor:
            # Each index is built once over the loaded rows, far faster than maintaining
            # it row by row; a GIN build benefits most from the memory.
            cursor.execute("SET maintenance_work_mem = '256MB'")
            try:
                for name, definition in PG_INDEXES:
                    cursor.execute(definition.format(table=build, name=f"{name}_build"))
            finally:
                cursor.execute("RESET maintenance_work_mem")
            # VACUUM sets hint bits and the visibility map now, so the first searches after
            # the swap do not pay for it; it cannot run inside a transaction (tests).
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {build}")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {build}")
        with transaction.atomic(using=self.using), connection.cursor() as cursor:
            # Queries on the old table finish first; new ones wait the moment of the swap.
            cursor.execute("LOCK TABLE search_document IN ACCESS EXCLUSIVE MODE")
            cursor.execute("DROP TABLE search_document")
            cursor.execute(f"ALTER TABLE {build} RENAME TO search_document")
            cursor.execute(
                f"ALTER SEQUENCE IF EXISTS {build}_id_seq RENAME TO search_document_id_seq"
            )
            for name, definition in PG_INDEXES:
                kind = "CONSTRAINT" if "CONSTRAINT" in definition else "INDEX"
                if kind == "CONSTRAINT":
                    cursor.execute(
                        f"ALTER TABLE search_document RENAME CONSTRAINT {name}_build TO {name}"
                    )
                else:
                    cursor.execute(f"ALTER INDEX {name}_build RENAME TO {name}")

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
        """Candidates first: the newest `limit` + 1 permitted matches (a cheap order the
        indexes serve). Total and facets are counted over them, exact up to `limit`;
        only the candidates are ranked, and only the shown page is hydrated and
        highlighted. Beyond `limit` the result says so (`capped`)."""
        limit = max(int(getattr(settings, "SEARCH_EXACT_LIMIT", 1000)), 1)
        docs = SearchDocument.objects.using(self.using).filter(permission_q(member, kinds))
        docs = docs.filter(**compile_filters(resolved, facets))
        score_sql, score_params = "0.0", []
        if query.positive:
            matched = self._match(docs, query)
            if matched is None:
                return RawHits([], 0, {})
            docs, score_sql, score_params = matched
        if sort == Sort.NEWEST:
            score_sql, score_params = "0.0", []
        try:
            candidates = docs.order_by("-created_at", "-id").values(*_COLUMNS)[: limit + 1]
            cte_sql, cte_params = candidates.query.sql_with_params()
        except EmptyResultSet:
            # Nothing the member may see in these kinds (e.g. no news model installed).
            return RawHits([], 0, {})
        # Current verified answers (groups.knowledge) rank above other hits.
        order = (
            "created_at DESC, id DESC"
            if sort == Sort.NEWEST
            else "verified DESC, score DESC, created_at DESC, id DESC"
        )
        ranked = (
            f"SELECT c.*, {score_sql} AS score, {_VERIFIED} AS verified "  # noqa: S608
            f"FROM {self._rank_join()}"
            if score_params
            else f"SELECT c.*, 0.0 AS score, {_VERIFIED} AS verified FROM c"  # noqa: S608
        )
        sql = f"""
            WITH c AS MATERIALIZED ({cte_sql}),
            m AS MATERIALIZED (SELECT * FROM c ORDER BY created_at DESC, id DESC LIMIT {limit:d}),
            r AS ({ranked})
            SELECT 'hit', kind, object_id, CAST(ROW_NUMBER() OVER (ORDER BY {order}) AS bigint)
              FROM (SELECT * FROM r WHERE id IN (SELECT id FROM m)
                    ORDER BY {order} LIMIT %s OFFSET %s) page
            UNION ALL SELECT 'domain', NULL, domain_id, CAST(COUNT(*) AS bigint)
              FROM m GROUP BY domain_id
            UNION ALL SELECT 'group', NULL, group_id, CAST(COUNT(*) AS bigint)
              FROM m GROUP BY group_id
            UNION ALL SELECT 'author', NULL, author_id, CAST(COUNT(*) AS bigint)
              FROM m GROUP BY author_id
            UNION ALL SELECT 'year', NULL, CAST(year AS bigint), CAST(COUNT(*) AS bigint)
              FROM m GROUP BY year
            UNION ALL SELECT 'theme', NULL, CAST(s.theme_id AS bigint), CAST(COUNT(*) AS bigint)
              FROM m JOIN signals_signal s ON m.kind = 'post' AND s.post_id = m.object_id
              WHERE s.status <> 'rejected' GROUP BY s.theme_id
            UNION ALL SELECT 'total', NULL, NULL, CAST(COUNT(*) AS bigint) FROM c
        """  # noqa: S608 - only our own SQL fragments; user text is in params
        # The limits are literal integers: SQLite sizes the candidate CTEs from them (with a
        # bound parameter it guesses tiny ones and scans them once per FTS match).
        params = [*cte_params, *score_params, per_page, (page - 1) * per_page]
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hits: list[tuple[int, tuple[str, int]]] = []
        counts: dict[str, dict[int, int]] = {name: {} for name in FACET_NAMES}
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
        capped = total > limit
        keys = [key for _rank, key in sorted(hits)]
        return RawHits(keys, min(total, limit), counts, capped=capped)

    def _rank_join(self) -> str:
        if self.vendor == "sqlite":
            # CROSS JOIN keeps the FTS scan outside: one pass over the match with bm25()
            # for the candidates only (found through an automatic index on c). The other
            # order re-runs the MATCH per candidate, some 0.5 ms each.
            return "search_fts CROSS JOIN c ON search_fts.rowid = c.id WHERE search_fts MATCH %s"
        return "c JOIN search_document d ON d.id = c.id"

    def _match(self, docs, query: ParsedQuery):
        """The queryset narrowed to matching documents, and the score expression (with
        its params) that ranks the candidates in `r` (see raw_search)."""
        if self.vendor == "sqlite":
            match = fts5_match(query)
            if match is None:
                return None
            docs = docs.extra(  # noqa: S610 - our SQL; user text only in params
                tables=["search_fts"],
                where=["search_fts.rowid = search_document.id", "search_fts MATCH %s"],
                params=[match],
            )
            score = (
                "-bm25(search_fts, 3.0, 1.0) * (1.0 + 1.0 / (1.0 + "
                "(julianday('now') - julianday(c.created_at)) / 180.0))"
            )
            return docs, score, [match]
        compiled = tsquery(query)
        if compiled is None:
            return None
        tsq_sql, tsq_params = compiled
        column = "title_vector" if query.in_title else "search_vector"
        docs = docs.extra(  # noqa: S610 - our SQL; user text only in params
            where=[f"search_document.{column} @@ ({tsq_sql})"], params=tsq_params
        )
        score = (
            f"ts_rank(d.{column}, {tsq_sql}) * (1.0 + 1.0 / (1.0 + "
            "EXTRACT(EPOCH FROM (now() - c.created_at)) / 86400.0 / 180.0))"
        )
        return docs, score, tsq_params


_VERIFIED = (
    "(CASE WHEN c.kind = 'post' AND c.object_id IN (SELECT v.post_id FROM "
    "knowledge_verification v WHERE v.status = 'active') THEN 1 ELSE 0 END)"
)


def compile_filters(resolved: dict, facets: FacetSelection) -> dict:
    """The query's filter conditions (``search.filters``) and the clicked facets as field
    lookups on the search documents."""
    tz = timezone.get_current_timezone()
    filters: dict = {}
    themes: set[int] = set()
    for condition in resolved.get("conditions", ()):
        field, value = condition.field, condition.value
        if condition.kind == EQUALS:
            filters[field] = value
        elif condition.kind == PHRASE:
            filters[f"{field}__icontains"] = value
        elif condition.kind == FROM_DAY:
            filters[f"{field}__gte"] = datetime.datetime.combine(value, datetime.time(), tz)
        elif condition.kind == UNTIL_DAY:
            end = value + datetime.timedelta(days=1)
            filters[f"{field}__lt"] = datetime.datetime.combine(end, datetime.time(), tz)
        elif condition.kind == SIGNAL_THEME:
            themes.add(value)
        elif condition.kind == IN_IDS:
            # Two conditions on one field (handreiking: and versie:) must both hold.
            key = f"{field}__in"
            filters[key] = sorted(set(value) & set(filters[key])) if key in filters else value
        else:
            raise ValueError(f"no database form for the condition {condition.kind}")
    for name in ("domain", "group", "author", "year"):
        value = getattr(facets, name)
        if value is not None:
            filters["year" if name == "year" else f"{name}_id"] = value
    if facets.theme is not None:
        themes.add(facets.theme)
    if themes:
        from groups.signals.search import signal_post_ids

        # Posts marked as a signal in the theme; two different themes (filter and facet)
        # match nothing, as a post has one signal.
        filters["kind"] = "post"
        filters["object_id__in"] = signal_post_ids(themes.pop() if len(themes) == 1 else -1)
    return filters
