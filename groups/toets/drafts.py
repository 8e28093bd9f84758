"""Splitting a pasted draft into articles: on "Artikel N" headings, else numbered headings."""

from __future__ import annotations

import re

from community.text import clean_line, clean_text

# "Artikel 3", "Artikel 3a", "Artikel 12 Kostendelersnorm", "§ 2", "Paragraaf 4".
_ARTICLE = re.compile(r"^\s*((?:artikel|paragraaf|§)\s*\d+[a-z]?\b.*)$", re.IGNORECASE | re.M)
# "1.", "2)", "3.1" at the start of a line, followed by a short heading or text.
_NUMBERED = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*[.)]?\s+\S.*)$", re.M)

HEADING_MAX = 200


def split_articles(text: str) -> list[tuple[str, str]]:
    """``[(heading, text), …]`` of a pasted draft. Lines such as "Artikel 3 Kostendelersnorm"
    start an article; without them numbered lines ("1.", "2.1") do; without those the whole
    text is one article. Text before the first heading is left out (the preamble)."""
    text = clean_text(text or "")
    if not text:
        return []
    for pattern in (_ARTICLE, _NUMBERED):
        matches = list(pattern.finditer(text))
        if len(matches) >= 1 and (pattern is _ARTICLE or len(matches) >= 2):
            return _cut(text, matches)
    return [("Artikel 1", text)]


def _cut(text: str, matches) -> list[tuple[str, str]]:
    articles = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        heading = clean_line(match.group(1))[:HEADING_MAX]
        body = text[match.end() : end].strip()
        articles.append((heading, body))
    return articles
