"""Rising words in a domain's discussions (the bureau's trend panel): the score every backend
uses, and the database backend's document frequencies per word."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

from .. import analysis


@dataclass(frozen=True)
class TermRise:
    """A word that rose in a domain's discussions: in how many posts now and before."""

    term: str
    current: int
    previous: int
    score: float


def rank_rising(
    current: dict[str, int], current_docs: int, previous: dict[str, int], previous_docs: int,
    *, size: int = 10, min_docs: int = 2,
) -> list[TermRise]:  # fmt: skip
    """Words whose share of posts rose most, by the JLH score Elasticsearch's significant
    terms use by default: (share now - share before) × (share now / share before). A word
    absent before counts as half a post, so a new word ranks high but not infinitely."""
    if not current_docs:
        return []
    ranked = []
    for term, now in current.items():
        if now < min_docs or len(term) < 3:
            continue
        before = previous.get(term, 0)
        fg = now / current_docs
        bg = max(before, 0.5) / max(previous_docs, 1)
        if fg > bg:
            ranked.append(TermRise(term, now, before, round((fg - bg) * (fg / bg), 4)))
    ranked.sort(key=lambda t: (-t.score, t.term))
    return ranked[:size]


def document_frequencies(docs, terms: list[str] | None) -> dict[str, int]:
    """How many of ``docs`` hold each word: SQLite reads the FTS5 index's vocabulary
    (an ``fts5vocab`` instance table), PostgreSQL ``ts_stat`` over the tsvectors."""
    ids_sql, ids_params = docs.values("id").query.sql_with_params()
    connection = connections[docs.db]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
                "USING fts5vocab(main, search_fts, instance)"
            )
            # ids_sql is the ORM's own SQL with placeholders; values go as params.
            sql = f"SELECT term, COUNT(DISTINCT doc) FROM temp.search_vocab WHERE doc IN ({ids_sql}) GROUP BY term"  # noqa: E501, S608
            cursor.execute(sql, ids_params)
        else:
            inner = connection.ops.compose_sql(
                f"SELECT search_vector FROM search_document WHERE id IN ({ids_sql})",  # noqa: S608
                ids_params,
            )
            sql = "SELECT word, ndoc FROM ts_stat(%s)"
            params: list = [inner]
            if terms is not None:
                sql += " WHERE word = ANY(%s)"
                params.append(terms)
            cursor.execute(sql, params)
        rows = dict(cursor.fetchall())
    if terms is not None:
        wanted = set(terms)
        rows = {t: n for t, n in rows.items() if t in wanted}
    return {t: n for t, n in rows.items() if not analysis.is_stop(t) and not t.isdigit()}
