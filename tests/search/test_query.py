"""The query language parser: structure, Dutch warnings, never raising."""

from __future__ import annotations

import datetime

import pytest

from search import analysis
from search.backends.fulltext import fts5_match, tsquery
from search.query import MAX_QUERY_LENGTH, parse

SYNONYMS = {"pw": [("participatiewet",)], "participatiewet": [("pw",)]}


def test_words_phrases_exclusions_and_alternatives():
    query = parse('bijstand "recht op bijstand" -beslag Wmo OF jeugdhulp')
    assert [[t.words for t in c.alternatives] for c in query.positive] == [
        [("bijstand",)],
        [("recht", "op", "bijstand")],
        [("wmo",), ("jeugdhulp",)],
    ]
    assert [c.alternatives[0].words for c in query.negative] == [("beslag",)]
    assert query.warnings == []


def test_filters_are_read():
    query = parse('schuld groep:armoede-rotterdam domein:zorg auteur:"Jan de Vries" '
                  "na:2025-01-01 voor:2025-12-31 in:titel")  # fmt: skip
    assert query.group == "armoede-rotterdam" and query.domain == "zorg"
    assert query.author == "Jan de Vries"
    assert query.after == datetime.date(2025, 1, 1)
    assert query.before == datetime.date(2025, 12, 31)
    assert query.in_title


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('schuld "open', "quote was not closed"),
        ("schuld kleur:rood", "Unknown filter"),
        ("schuld na:gisteren", "not a date"),
        ("schuld in:tekst", "Only in:titel"),
        ("-schuld", "exclusions alone"),
        ("schuld groep:", "has no value"),
    ],
)
def test_malformed_input_gets_a_warning(text, fragment):
    from django.utils import translation

    with translation.override("en"):
        query = parse(text)
    assert any(fragment in w for w in query.warnings), query.warnings


def test_unclosed_quote_still_searches_the_phrase():
    query = parse('schuld "recht op')
    assert query.positive[1].alternatives[0].words == ("recht", "op")


def test_query_length_is_capped():
    query = parse("schuld " * 200)
    assert len(query.raw) == MAX_QUERY_LENGTH and query.warnings


def test_synonyms_expand_into_alternatives():
    query = parse("Pw", SYNONYMS)
    assert [t.words for t in query.positive[0].alternatives] == [("pw",), ("participatiewet",)]


def test_stop_words_alone_are_dropped():
    assert parse("de het een").is_empty


@pytest.mark.parametrize(
    "hostile",
    ['"', "-", ":", "OF", "OR OR", '""', "\x00", "<script>", "a:b:c", "NEAR(x y)", "*", "^a"],
)
def test_never_raises_and_compiles_to_safe_syntax(hostile):
    query = parse(hostile)
    match = fts5_match(query)
    if match is not None:
        # Every user token is inside double quotes; only our operators stand outside.
        outside = [p for i, p in enumerate(match.split('"')) if i % 2 == 0]
        assert all(set(part) <= set("() ANDORT{}:_itlerms") for part in outside), match
    compiled = tsquery(query)
    if compiled is not None:
        sql, params = compiled
        assert all(p not in sql for p in params if len(p) > 2)


def test_fts5_match_quotes_stems():
    assert fts5_match(parse('schulden -beslag "recht op bijstand"')) == (
        '("schuld") AND ("recht bijstand") NOT ("beslag")'
    )


def test_analysis_stems_folds_and_splits():
    assert analysis.stem("schulden") == analysis.stem("schuld")
    assert analysis.stem("uitkeringen") == analysis.stem("uitkering")
    assert analysis.words("Één ĳverige cliënt") == ["een", "ijverige", "client"]
    assert analysis.decompound("bijstandsuitkering") == ("bijstand", "uitkering")
    assert analysis.decompound("schuldhulpverlening") == ("schuld", "hulp", "verlening")
    assert analysis.decompound("uitkering") == ()
