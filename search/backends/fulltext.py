"""The parsed query compiled for the database backends: an FTS5 MATCH string (SQLite) and
a tsquery expression with bound parameters (PostgreSQL). User text only ever becomes quoted
tokens or parameters."""

from __future__ import annotations

from .. import analysis
from ..query import Clause, ParsedQuery, Term


def _fts5_term(term: Term) -> str | None:
    stems = analysis.query_stems(term.words)
    if not stems:
        return None
    # Stems are letters and digits only; quoting makes each one a string token anyway.
    quoted = '"' + " ".join(s.replace('"', '""') for s in stems) + '"'
    # A compound also matches a text that has all its parts ("bijstand" … "uitkering").
    parts = analysis.query_parts(term.words)
    if parts:
        return f"({quoted} OR (" + " AND ".join(f'"{analysis.stem(p)}"' for p in parts) + "))"
    return quoted


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
    parts = analysis.query_parts(term.words)
    if parts:
        sql = "(plainto_tsquery('dutch', %s) || plainto_tsquery('dutch', %s))"
        return sql, [term.words[0], " ".join(parts)]
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
