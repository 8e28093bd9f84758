"""A small site crawler for tests: follows same-site links and finds English in the pages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# Words that are English and not Dutch (nor names the site uses): a page showing one of them
# shows an untranslated string. Lower case; matched as whole words.
_ENGLISH = """
    the and your you with this that are for from until none true false count confirm
    please which there have has been will would should could when where what who why
    how not yes no only also about after before other others than then them they their
    our we us his her its while into over under more most less least each every any
    some all choose choice chosen select selected save saved delete deleted edit edited
    add added remove removed create created update updated show hide hidden cancel
    submit send sent search results result member members thread threads reply replies
    post posts page pages group groups settings password sign log account accounts
    email address name title message messages notification notifications flag flags
    report reports view views home back next previous first last more read unread new
    open closed locked private public owner moderator moderators editor editors user
    users since ago today yesterday tomorrow day days week weeks month months year
    years hour hours minute minutes second seconds here click link links first
    welcome hello thanks thank sorry error errors warning field required invalid
    community dashboard guide approval
    """
ENGLISH_WORDS = frozenset(_ENGLISH.split())
# Dutch words that look like English ones above are not in the list (e.g. "is", "in",
# "of", "door", "over", "die", "want", "has"... "over" and "has" are removed below).
ENGLISH_WORDS = ENGLISH_WORDS - {
    *("over", "has", "post", "link", "links", "email", "sorry", "we", "open", "week", "last"),
    *("log", "account", "accounts", "die", "moderator", "moderators"),
}
# The formal address: the site says "je", never "u" or "uw".
FORMAL_WORDS = frozenset({"u", "uw", "uzelf"})

# Letters and digits together are one token (a file name's random suffix "l0lQ4u7" is not
# the words "l", "lQ" and "u"); tokens with digits are not words.
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+(?:[-'][0-9A-Za-zÀ-ÿ]+)*")
_SKIP_TAGS = {"script", "style", "code", "pre", "noscript", "template", "svg"}
_TEXT_ATTRS = ("title", "alt", "placeholder", "aria-label")
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class _Extract(HTMLParser):
    """Collects visible text (and text attributes) and same-site links of a page."""

    texts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    _skip: int = 0
    _json: bool = False
    # Open tags inside an element with the hidden attribute (nobody sees that text).
    _hidden: list[str] = field(default_factory=list)

    def __post_init__(self):
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in _VOID_TAGS and (self._hidden or "hidden" in attrs):
            self._hidden.append(tag)
        if self._hidden:
            return
        if tag in _SKIP_TAGS:
            self._skip += 1
            # Wagtail's admin menu comes as JSON props in a script tag.
            self._json = tag == "script" and attrs.get("type") == "application/json"
        for name in _TEXT_ATTRS:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._hidden:
            if tag in self._hidden:
                while self._hidden and self._hidden.pop() != tag:
                    pass
            return
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
            self._json = False

    def handle_data(self, data):
        if self._hidden:
            return
        if self._json:
            self._walk_json(data)
        elif not self._skip and data.strip():
            self.texts.append(data)

    def _walk_json(self, data: str) -> None:
        try:
            stack = [json.loads(data)]
        except ValueError:
            return
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    if key in {"label", "title"} and isinstance(value, str):
                        self.texts.append(value)
                    elif key == "url" and isinstance(value, str):
                        self.links.append(value)
                    else:
                        stack.append(value)
            elif isinstance(item, list):
                stack.extend(item)


def page_texts(html: str) -> tuple[list[str], list[str]]:
    parser = _Extract()
    parser.feed(html)
    return parser.texts, parser.links


def foreign_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """English words and the formal address ("u") in a piece of UI text."""
    for phrase in allowed:
        text = text.replace(phrase, " ")
    found = []
    for word in _WORD.findall(text):
        if any(char.isdigit() for char in word):
            continue
        low = word.lower()
        if low in ENGLISH_WORDS or low in FORMAL_WORDS:
            found.append(word)
    return found


def url_pattern(path: str) -> str:
    """One representative per kind of page: digits and slugs under known sections collapse."""
    path = re.sub(r"\d+", "N", path)
    return path


@dataclass
class Finding:
    url: str
    words: list[str]
    text: str


def crawl(
    get: Callable[[str], tuple[int, str, str]],
    seeds: Iterable[str],
    *,
    skip: Callable[[str], bool],
    limit: int = 400,
    per_pattern: int = 2,
) -> tuple[list[str], dict[str, tuple[list[str], list[str]]]]:
    """Visits pages reachable from the seeds; get(url) returns (status, content type, body).

    Returns the visited urls and, per url, its texts and links."""
    queue = list(seeds)
    seen: set[str] = set()
    per: dict[str, int] = {}
    pages: dict[str, tuple[list[str], list[str]]] = {}
    visited: list[str] = []
    while queue and len(visited) < limit:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in {"testserver"}:
            continue
        if parts.scheme and parts.scheme not in {"http", "https"}:
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if not url.startswith("/") or url in seen or skip(url):
            continue
        seen.add(url)
        pattern = url_pattern(parts.path)
        if per.get(pattern, 0) >= per_pattern:
            continue
        per[pattern] = per.get(pattern, 0) + 1
        status, content_type, body = get(url)
        visited.append(url)
        if status != 200 or "text/html" not in content_type:
            continue
        texts, links = page_texts(body)
        pages[url] = (texts, links)
        queue.extend(links)
    return visited, pages
