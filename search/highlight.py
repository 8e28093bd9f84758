"""Snippets: a short, HTML-safe piece of a hit's text with the matching words marked."""

from __future__ import annotations

import html
import re

from django.utils.safestring import SafeString, mark_safe

from . import analysis
from .query import ParsedQuery

MARK_START, MARK_END = "\ue000", "\ue001"
_MARKER_SPLIT = re.compile("([\ue000\ue001])")
SNIPPET_WORDS = 36


def markers_to_html(text: str) -> SafeString:
    """Escape text first, then turn our private-use markers into <mark> tags."""
    escaped = html.escape(text, quote=True)
    # Unbalanced markers (a fragment cut mid-highlight) are balanced here.
    out, open_mark = [], False
    for part in _MARKER_SPLIT.split(escaped):
        if part == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif part == MARK_END:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(part)
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - escaped above, only our tags added


_TOKEN_RE = re.compile(r"[^\W_]+|[\W_]+", re.UNICODE)


def _matches(part: str, wanted: set[str]) -> bool:
    """A word matches on its stem or the stem of one of its compound parts."""
    folded = analysis.fold(part)
    stems = {analysis.stem(folded), *(analysis.stem(p) for p in analysis.decompound(folded))}
    return bool(stems & wanted)


def _mark(parts: list[str], wanted: set[str]) -> tuple[list[str], int | None]:
    """The parts with matching words between markers, and the index of the first match."""
    first = None
    marked = []
    for i, part in enumerate(parts):
        if wanted and part[0].isalnum() and _matches(part, wanted):
            first = i if first is None else first
            marked.append(MARK_START + part + MARK_END)
        else:
            marked.append(part)
    return marked, first


def _window(parts: list[str], word_positions: list[int], first: int, words: int):
    """(start, end) of the parts to show: a few words before the first match, ``words``
    words in all, and whether more text follows."""
    idx = word_positions.index(first) if first in word_positions else 0
    start_word = max(0, idx - 6)
    start = word_positions[start_word] if word_positions else 0
    end_word = min(len(word_positions), start_word + words)
    if not word_positions or end_word >= len(word_positions):
        return start, len(parts), False  # the whole rest, closing punctuation included
    end = word_positions[end_word - 1] + 1
    return start, end, end < len(parts)


def highlight(text: str, query: ParsedQuery, *, words: int = SNIPPET_WORDS) -> SafeString:
    """A short snippet around the first match with matching words in <mark>, HTML-safe.

    Matches on stems and compound parts, so "uitkeringen" marks "bijstandsuitkering".
    """
    text = text.replace(MARK_START, "").replace(MARK_END, "")
    wanted = {analysis.stem(w) for w in query.highlight_words() if not analysis.is_stop(w)}
    parts = _TOKEN_RE.findall(text)
    word_positions = [i for i, p in enumerate(parts) if p[0].isalnum()]
    marked, first = _mark(parts, wanted)
    if first is None:
        first = word_positions[0] if word_positions else 0
    start, end, more = _window(parts, word_positions, first, words)
    snippet = "".join(marked[start:end]).strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if more else ""
    return markers_to_html(prefix + snippet + suffix)
