"""Post Markdown to sanitised HTML: rendered once when a post is written, stored on the row."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt

# Deeper quotes or lists add nothing a reader can follow; capping the nesting before
# parsing keeps hostile input ("> > > …" 10,000 deep) cheap to render.
MAX_QUOTE_DEPTH = 8
MAX_NESTING = 20

_md = MarkdownIt(
    "js-default",
    {"html": False, "linkify": True, "typographer": False, "maxNesting": MAX_NESTING},
)
# markdown-it's own link validation already refuses javascript:/vbscript:/file:
# (in any spelling it normalises); nh3 below is the allow-list that decides.
_md.validateLink = lambda url: bool(url) and _SAFE_URL.match(url.strip()) is not None  # noqa: E731

_SAFE_URL = re.compile(r"^(?:https?://|mailto:|/(?!/)|#|\?|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}
# No data: (so no data: images), no javascript:, no vbscript:, whatever their spelling.
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_QUOTE_PREFIX = re.compile(
    r"^((?:[ \t]{0,3}>[ \t]?){" + str(MAX_QUOTE_DEPTH + 1) + ",})", re.MULTILINE
)
_LIST_INDENT = re.compile(r"^([ \t]{" + str(4 * MAX_NESTING) + ",})", re.MULTILINE)


def _cap_nesting(text: str) -> str:
    text = _QUOTE_PREFIX.sub("> " * MAX_QUOTE_DEPTH, text)
    return _LIST_INDENT.sub(" " * (4 * MAX_NESTING), text)


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


def render(text: str, *, mentions: Mapping[str, str] | None = None) -> str:
    """Markdown to safe HTML. ``mentions`` maps what stands between ``@[`` and ``]`` to a
    profile URL; each resolved mention becomes a link showing the name (without ``#id``)."""
    rendered = _md.render(_cap_nesting(text))
    for raw, url in (mentions or {}).items():
        escaped = html.escape(raw, quote=False).replace('"', "&quot;")
        shown = html.escape(split_mention(raw)[0], quote=False).replace('"', "&quot;")
        rendered = rendered.replace(f"@[{escaped}]", f'<a href="{html.escape(url)}">@{shown}</a>')
    return sanitise(rendered)


def render_with_mentions(text: str, mentioned) -> str:
    """A post's Markdown to safe HTML, each ``@[name]`` of a ``mentioned`` member (resolved
    by the write function) a link to their profile, whatever capitals it was typed in."""
    from django.urls import reverse

    links = {m.display_name: reverse("community:profile", kwargs={"pk": m.pk}) for m in mentioned}
    by_pk = {m.pk: m for m in mentioned}
    for raw in mentioned_names(text):
        name, pk = split_mention(raw)
        if pk is not None:
            # ``@[name #id]`` (what the autocomplete inserts) links to exactly that member.
            if pk in by_pk:
                links[raw] = reverse("community:profile", kwargs={"pk": pk})
            continue
        for member in mentioned:
            if member.display_name.casefold() == name.casefold():
                links[raw] = links[member.display_name]
    return render(text, mentions=links)


MENTION = re.compile(r"@\[([^\[\]\n]{1,80})\]")


MENTION_ID = re.compile(r"^(.*?)\s+#(\d{1,12})$")


def split_mention(raw: str) -> tuple[str, int | None]:
    """``"Marieke van den Berg #12"`` → (name, 12); a bare name → (name, None)."""
    match = MENTION_ID.match(raw)
    if match and match.group(1).strip():
        return match.group(1).strip(), int(match.group(2))
    return raw, None


def mentioned_names(text: str) -> list[str]:
    """The distinct names in ``@[name]`` mentions, in order of appearance."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text):
        seen.setdefault(" ".join(match.group(1).split()), None)
    return list(seen)


def quote(text: str, *, author: str) -> str:
    """Markdown for quoting a post in a reply."""
    lines = text.strip().splitlines() or [""]
    return f"**{author}:**\n" + "\n".join(f"> {line}" for line in lines) + "\n\n"
