"""Normalising user-entered text: NFC, no control or bidi-override characters."""

import unicodedata

# Bidi embedding/override/isolate controls that can disguise text direction.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} | {
    "\u200e",
    "\u200f",
    "\u061c",
}


def clean_line(value: str) -> str:
    """A single-line name or title: NFC, no control/format characters, single spaces."""
    value = unicodedata.normalize("NFC", value or "")
    kept = [
        ch
        for ch in value
        if ch not in _BIDI_CONTROLS
        and unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs"}
        or ch == " "
    ]
    return " ".join("".join(kept).split())


def clean_text(value: str) -> str:
    """Multi-line text: NFC, newlines kept, other control and bidi characters removed."""
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    kept = [
        ch
        for ch in value
        if ch in "\n\t"
        or (ch not in _BIDI_CONTROLS and unicodedata.category(ch) not in {"Cc", "Cf", "Co", "Cs"})
    ]
    return "".join(kept).strip()


def has_markup(value: str) -> bool:
    """True when a one-line value contains angle brackets, i.e. looks like HTML or script.

    Names and titles never need them, and refusing them keeps a name that is
    shown in e-mails, notifications and other people's pages plainly a name.
    """
    return "<" in value or ">" in value
