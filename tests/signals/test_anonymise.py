"""core.anonymise: deduce and the privacy guard together, the API the next parts reuse, and
the recall of names and places on the labelled set (at least 100 sentences)."""

from __future__ import annotations

import pytest

from core import anonymise as anon
from tests.conftest import skip_or_fail

from . import recall


@pytest.fixture(scope="module")
def anonymise():
    if not anon.is_built():
        skip_or_fail("deduce's lookup structures are not built: python -m core.anonymise --build")
    return anon.anonymise


def test_the_set_has_at_least_100_labelled_sentences():
    examples = recall.load()
    assert len(examples) >= 100
    for example in examples:
        assert example.spans
        for span in example.spans:
            assert example.text[span.start : span.end] == span.text


def test_names_places_dates_and_client_data_are_replaced(anonymise):
    text = (
        "Mevrouw Jansen uit Utrecht (45 jaar) belde op 12 maart 2024; BSN 111222333, "
        "tel 06-12345678."
    )
    result = anonymise(text)
    assert "Jansen" not in result.text and "Utrecht" not in result.text
    assert "12 maart 2024" not in result.text and "111222333" not in result.text
    assert "06-12345678" not in result.text
    assert "[naam]" in result.text and "[plaats]" in result.text and "[datum]" in result.text
    kinds = {f.kind for f in result.findings}
    assert {"name", "place", "date", "bsn", "phone"} <= kinds
    for finding in result.findings:
        # Spans point into the original text, so a reviewer can highlight them.
        assert text[finding.start : finding.end] == finding.original
    assert {f.source for f in result.findings} == {"deduce", "guard"}


def test_domain_words_and_the_professionals_own_words_stay(anonymise):
    result = anonymise("Klant Pieter de Vries valt onder de Participatiewet en de Wmo 2015.")
    assert result.text.startswith("Klant [naam] valt onder de Participatiewet en de Wmo 2015")


def test_empty_and_odd_input(anonymise):
    assert anonymise("").text == ""
    assert anonymise("   ").findings == []
    odd = anonymise("<script>alert(1)</script> \u202e Jan Jansen")
    assert "Jan Jansen" not in odd.text and "<script>" in odd.text  # text, never HTML


def test_recall_of_names_and_places(anonymise):
    result = recall.score(recall.load(), anonymise)
    # The measured figure is in bench/bench_anonymise.py; this guards against regressions.
    assert result["recall"]["name"] >= 0.85, result["missed"]
    assert result["recall"]["place"] >= 0.85, result["missed"]


def test_missing_lookup_structures_raise_instead_of_building(monkeypatch, tmp_path):
    monkeypatch.setenv("DEDUCE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(anon, "_deduce", None)
    with pytest.raises(anon.AnonymiserUnavailable):
        anon.anonymise("Jan Jansen uit Utrecht")
