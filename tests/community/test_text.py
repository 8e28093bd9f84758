"""Normalising names and texts: NFC, no control or bidi-override characters, no markup."""

import pytest
from django.core.exceptions import ValidationError

from community.text import clean_line, clean_text, has_markup
from community.validators import BIO_MAX, clean_bio, clean_name


def test_clean_line_composes_to_nfc():
    decomposed = "Zoe\u0308 de Vries"
    assert clean_line(decomposed) == "Zoë de Vries"
    assert len(clean_line(decomposed)) == len("Zoë de Vries")


@pytest.mark.parametrize(
    "hostile",
    ["Jan\u202eseiV", "\u2066Jan\u2069", "Jan\u200fVries", "Jan\x00\x07 Vries", "Jan\u200b Vries"],
)
def test_clean_line_strips_control_and_bidi_characters(hostile):
    cleaned = clean_line(hostile)
    assert not any(ch in cleaned for ch in "\u202e\u2066\u2069\u200f\x00\x07\u200b")


def test_clean_line_collapses_whitespace_and_newlines():
    assert clean_line("  Anouk \n\t  Bakker  ") == "Anouk Bakker"


def test_clean_text_keeps_line_breaks_but_drops_bidi():
    assert clean_text("Regel een\r\nRegel\u202e twee\r") == "Regel een\nRegel twee"


def test_has_markup_detects_angle_brackets():
    assert has_markup("<script>alert(1)</script>")
    assert not has_markup("Gemeente Utrecht & Zeist")


def test_clean_name_refuses_markup_with_a_dutch_message():
    with pytest.raises(ValidationError) as exc:
        clean_name("<script>alert(1)</script>")
    assert "< en >" in exc.value.messages[0]


def test_clean_name_refuses_a_name_that_is_only_invisible_characters():
    with pytest.raises(ValidationError) as exc:
        clean_name("\u202e\u200f ")
    assert exc.value.messages == ["Vul een naam in."]


def test_clean_name_refuses_oversized_names_after_normalising():
    with pytest.raises(ValidationError) as exc:
        clean_name("a" * 81)
    assert "maximaal 80 tekens" in exc.value.messages[0]
    assert clean_name("a" * 80 + "\u202e") == "a" * 80


def test_clean_bio_limits_length():
    assert clean_bio("x" * BIO_MAX) == "x" * BIO_MAX
    with pytest.raises(ValidationError):
        clean_bio("x" * (BIO_MAX + 1))
