"""Post Markdown to sanitised HTML: rendered once when a post is written, stored on the row."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import urlsplit

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

MENTION = re.compile(r"@\[([^\[\]\n]{1,80})\]")


def _mention_key(match: re.Match) -> str:
    return " ".join(match.group(1).split())


def _mark_link_text(state) -> None:
    """Mark the text inside links: a mention there would be a link in a link (and an
    outside link dressed as a mention)."""
    for token in state.tokens:
        depth = 0
        for child in token.children or []:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth = max(0, depth - 1)
            elif child.type == "text" and depth:
                child.meta["in_link"] = True


def _render_text(self, tokens, idx, options, env) -> str:
    """Text nodes, with resolved mentions as links to the member's profile."""
    token = tokens[idx]
    mentions = (env or {}).get("mentions") or {}
    if not mentions or token.meta.get("in_link"):
        return html.escape(token.content)
    parts, last = [], 0
    for match in MENTION.finditer(token.content):
        url = mentions.get(_mention_key(match)) or mentions.get(match.group(1))
        if url is None:
            continue
        parts += [
            html.escape(token.content[last : match.start()]),
            f'<a href="{html.escape(url)}">@{html.escape(split_mention(match.group(1))[0])}</a>',
        ]
        last = match.end()
    return "".join(parts) + html.escape(token.content[last:])


def _same_origin(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def _render_image(self, tokens, idx, options, env) -> str:
    """Images from the site itself only: a third-party image would tell its host who
    reads what, when and from where. Others become a plain link with their alt text."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    if _same_origin(src):
        return f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    return f'<a href="{html.escape(src)}">{html.escape(alt or src)}</a>'


def _scripts(host: str) -> set[str]:
    """The scripts of the letters of a host name (LATIN, CYRILLIC, GREEK, …)."""
    return {unicodedata.name(ch, "?").split(" ")[0] for ch in host if ch.isalpha()}


_default_link_text = _md.normalizeLinkText


def _link_text(url: str) -> str:
    """How an auto-linked address is shown: Unicode, except a host that mixes scripts
    (a Cyrillic а in "аpple.com") is shown as punycode, as its link goes."""
    shown = _default_link_text(url)
    host = urlsplit(shown).hostname or ""
    if any(len(_scripts(label)) > 1 for label in host.split(".")):
        return _md.normalizeLink(url)
    return shown


_md.core.ruler.push("mark_link_text", _mark_link_text)
_md.add_render_rule("text", _render_text)
_md.add_render_rule("image", _render_image)
_md.normalizeLinkText = _link_text

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
    """Markdown to safe HTML. ``mentions`` maps a display name to a profile URL; each
    ``@[name]`` of a resolved mention in the text (not in a link, a link's title or an
    image's alt text, not in code) becomes a link."""
    return sanitise(_md.render(_cap_nesting(text), {"mentions": dict(mentions or {})}))


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


MENTION_ID = re.compile(r"^(.*?)\s+#(\d{1,12})$")


def split_mention(raw: str) -> tuple[str, int | None]:
    """``"Marieke van den Berg #12"`` → (name, 12); a bare name → (name, None)."""
    match = MENTION_ID.match(raw)
    if match and match.group(1).strip():
        return match.group(1).strip(), int(match.group(2))
    return raw, None


def mentioned_names(text: str) -> list[str]:
    """The distinct names in ``@[name]`` mentions of the text, in order of appearance
    (only where ``render`` would link them: not inside a link, its title, an image's
    alt text or code)."""
    seen: dict[str, None] = {}
    for token in _md.parse(_cap_nesting(text)):
        for child in token.children or []:
            if child.type == "text" and not child.meta.get("in_link"):
                for match in MENTION.finditer(child.content):
                    seen.setdefault(_mention_key(match), None)
    return list(seen)


def quote(text: str, *, author: str) -> str:
    """Markdown for quoting a post in a reply."""
    lines = text.strip().splitlines() or [""]
    return f"**{author}:**\n" + "\n".join(f"> {line}" for line in lines) + "\n\n"
