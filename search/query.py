"""The search query language: words, "phrases", -exclusions, OF/OR and filters.

`parse()` never raises: malformed input yields the best interpretation plus Dutch
warnings. The result is a small tree of folded words; backends turn it into their own
structures (quoted FTS5 strings, tsquery functions with bound parameters, Elasticsearch
clauses), so user text never becomes query syntax.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import analysis, filters

MAX_QUERY_LENGTH = 300
MAX_CLAUSES = 12
OR_WORDS = {"OF", "OR"}


@dataclass(frozen=True)
class Term:
    """One word (len(words) == 1) or an exact phrase, as folded words."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Clause:
    """Alternatives of which one must match (or, when negated, none may)."""

    alternatives: list[Term]
    negated: bool = False


@dataclass
class ParsedQuery:
    raw: str = ""
    clauses: list[Clause] = field(default_factory=list)
    group: str = ""
    domain: str = ""
    author: str = ""
    after: datetime.date | None = None
    before: datetime.date | None = None
    in_title: bool = False
    signal: str = ""  # signaal:thema-slug
    guidance: str = ""  # handreiking:slug
    version: int | None = None  # versie:13
    state: str = ""  # is:geverifieerd
    warnings: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self) -> list[Clause]:
        return [c for c in self.clauses if c.negated]

    @property
    def has_filters(self) -> bool:
        return bool(
            self.group
            or self.domain
            or self.author
            or self.after
            or self.before
            or self.signal
            or self.guidance
            or self.version
            or self.state
        )

    @property
    def is_empty(self) -> bool:
        return not self.positive and not self.has_filters

    def highlight_words(self) -> set[str]:
        return {w for c in self.positive for t in c.alternatives for w in t.words}


@dataclass
class _Token:
    text: str
    quoted: bool = False
    negated: bool = False


def _tokenize(raw: str, warnings: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not raw[i + 1].isspace():
            negated = True
            i += 1
            ch = raw[i]
        if ch == '"':
            end = raw.find('"', i + 1)
            if end == -1:
                warnings.append(_("A quote was not closed; the rest is searched as a phrase."))
                end = n
            tokens.append(_Token(raw[i + 1 : end], quoted=True, negated=negated))
            i = end + 1
            continue
        start = i
        while i < n and not raw[i].isspace():
            # A filter value may be quoted: auteur:"Jan de Vries".
            if raw[i] == '"' and i > start and raw[i - 1] == ":":
                end = raw.find('"', i + 1)
                if end == -1:
                    warnings.append(_("A quote was not closed; the rest is searched as a phrase."))
                    end = n - 1
                i = end + 1
                continue
            i += 1
        tokens.append(_Token(raw[start:i], negated=negated))
    return tokens


def _filter_token(query: ParsedQuery, token: _Token) -> bool:
    """Apply a ``name:value`` token; True when it was a filter (known or not: an unknown
    one is said to be searched as ordinary words, which the caller then does)."""
    if token.quoted or ":" not in token.text:
        return False
    name, _sep, value = token.text.partition(":")
    if analysis.fold(name) in filters.FILTERS:
        filters.apply(query, analysis.fold(name), value)
        return True
    if name and value:
        query.warnings.append(
            _("Unknown filter “%(name)s:”; it is searched as ordinary words.") % {"name": name[:40]}
        )
    return False


def _terms(token: _Token, synonyms) -> list[Term]:
    """The token's term and its synonyms; none for an empty token or a lone stop word
    (stop words never narrow a search; they count only inside phrases)."""
    folded = tuple(analysis.words(token.text))
    if not folded:
        return []
    if not token.quoted and len(folded) == 1 and analysis.is_stop(folded[0]):
        return []
    return [Term(folded)] + [Term(alt) for alt in (synonyms or {}).get(" ".join(folded), [])]


def _add_clause(query: ParsedQuery, terms: list[Term], *, negated: bool, join: bool) -> bool:
    """Add the terms as a clause, or as alternatives of the last one (after OF); False
    when the clause limit is reached."""
    if join and not negated:
        last = query.clauses[-1].alternatives
        last.extend(t for t in terms if t not in last)
        return True
    if len(query.clauses) >= MAX_CLAUSES:
        query.warnings.append(_("Only the first %(n)d search terms are used.") % {"n": MAX_CLAUSES})
        return False
    query.clauses.append(Clause(terms, negated=negated))
    return True


def _check(query: ParsedQuery) -> None:
    if query.negative and not query.positive:
        query.warnings.append(
            _("A search needs at least one word that must occur; exclusions alone are ignored.")
        )
        query.clauses = []
    if query.after and query.before and query.after > query.before:
        query.warnings.append(_("The date after na: lies after the date after voor:."))


def parse(raw: str, synonyms: dict[str, list[tuple[str, ...]]] | None = None) -> ParsedQuery:
    """Parse a query; never raises. `synonyms` maps a folded term to its alternatives."""
    raw = (raw or "").replace("\x00", "")
    query = ParsedQuery(raw=raw)
    if len(raw) > MAX_QUERY_LENGTH:
        query.warnings.append(
            _("The query was too long; only the first %(n)d characters are used.")
            % {"n": MAX_QUERY_LENGTH}
        )
        raw = raw[:MAX_QUERY_LENGTH]
    query.raw = raw
    join_next = False
    for token in _tokenize(raw, query.warnings):
        if not token.quoted and token.text in OR_WORDS and not token.negated:
            join_next = bool(query.clauses) and not query.clauses[-1].negated
            continue
        if _filter_token(query, token):
            join_next = False
            continue
        terms = _terms(token, synonyms)
        if not terms:
            if token.text.strip() and analysis.words(token.text):
                join_next = False  # a lone stop word ends an OF chain
            continue
        if not _add_clause(query, terms, negated=token.negated, join=join_next):
            break
        join_next = False
    _check(query)
    return query


def synonym_map() -> dict[str, list[tuple[str, ...]]]:
    """Folded term → its alternatives, from the bureau's synonym list (cached)."""
    from django.core.cache import cache

    from .models import SynonymGroup

    cached = cache.get(SYNONYM_CACHE_KEY)
    if cached is not None:
        return cached
    mapping: dict[str, list[tuple[str, ...]]] = {}
    for group in SynonymGroup.objects.all():
        terms = [tuple(analysis.words(t)) for t in group.term_list()]
        terms = [t for t in terms if t]
        for term in terms:
            mapping.setdefault(" ".join(term), []).extend(t for t in terms if t != term)
    cache.set(SYNONYM_CACHE_KEY, mapping, 3600)
    return mapping


SYNONYM_CACHE_KEY = "search:synonyms:v1"
