"""Rendered post lists, cached by what they show.

The post partial (``groups/includes/post.html``) is viewer-neutral: the same HTML for
every reader, with controls a reader may not use hidden by the page's style and checked
on the server. A page of posts is therefore cached under a fingerprint of everything the
partial reads — each post's id, number, flags, dates, edit count, text and its author's
name, role and state — plus the partial's own source and the language. The posts are still
read from the database on every request (one query, which the page needs for its unread
state anyway), so an edit, a hide, a deletion or a renamed author changes the fingerprint
and the next request renders afresh: there is nothing to invalidate and nothing stale.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.memo import memoised

POST_TEMPLATE = "groups/includes/post.html"
# Templates the partial includes: their source is part of the fingerprint too.
_TEMPLATES = (POST_TEMPLATE, "moderation/includes/flag_link.html")


@functools.cache
def _templates_digest() -> str:
    """A digest of the partial's templates: a deploy that changes them gets fresh keys."""
    digest = hashlib.blake2b(digest_size=8)
    for name in _TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


# What the partial reads of a post and its author, in fingerprint order (``body_html``
# last). The thread page reads only these columns and loads whole posts only to render a
# page whose fingerprint is new.
ROW_FIELDS = (
    "pk",
    "thread_id",
    "number",
    "author_id",
    "author__display_name",
    "author__job_title",
    "author__organisation",
    "author__is_active",
    "created_at",
    "edited_at",
    "edit_count",
    "is_deleted",
    "is_hidden",
    "is_held",
    "body_html",
)


def _row(post) -> tuple:
    """``post`` (with ``author`` selected) as the values of ``ROW_FIELDS``."""
    author = post.author
    return (
        post.pk,
        post.thread_id,
        post.number,
        post.author_id,
        author.display_name if author else None,
        author.job_title if author else None,
        author.organisation if author else None,
        author.is_active if author else None,
        post.created_at,
        post.edited_at,
        post.edit_count,
        post.is_deleted,
        post.is_hidden,
        post.is_held,
        post.body_html,
    )


def _fingerprint(rows) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_templates_digest()}|{get_language()}|{settings.TIME_ZONE}".encode())
    for row in rows:
        body_html = row[-1]
        digest.update(repr((*row[:-1], len(body_html))).encode())
        digest.update(body_html.encode())
    return digest.hexdigest()


def _render(posts) -> str:
    return "".join(
        render_to_string(POST_TEMPLATE, {"post": post, "request": None}) for post in posts
    )


def _cache_seconds() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def render_posts(posts) -> str:
    """The ``<li>`` items of ``posts`` (with ``author`` selected), from the cache if seen."""
    if not posts:
        return ""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return mark_safe(_render(posts))  # noqa: S308 - our own template, escaped there
    key = f"posts:{_fingerprint([_row(post) for post in posts])}"
    html = cache.get(key)
    if html is None:
        html = _render(posts)
        cache.set(key, html, _cache_seconds())
    return mark_safe(html)  # noqa: S308 - only our own rendered partials are stored here


def post_page(posts) -> tuple[str, int]:
    """``(rendered <li> items, number of the last post)`` of the query set ``posts`` (one
    page of a thread): one query for the fingerprint's columns; on a cache miss a second
    one loads the posts to render them, stored under the fingerprint of what was
    rendered (so a change in between can only make the stored list newer, never let it
    stand for a state it does not show)."""
    posts = posts.order_by("number")
    if getattr(settings, "PAGE_CACHE_ENABLED", True):
        rows = list(posts.values_list(*ROW_FIELDS))
        if not rows:
            return "", 0
        html = cache.get(f"posts:{_fingerprint(rows)}")
        if html is not None:
            return mark_safe(html), rows[-1][2]  # noqa: S308 - only our own rendered partials
    loaded = list(posts.select_related("author"))
    if not loaded:
        return "", 0
    return render_posts(loaded), loaded[-1].number


# --- viewer-neutral page parts ------------------------------------------------------------


class _Authenticated:
    """What a neutral part may know of the viewer: only that they are logged in."""

    is_authenticated = True


AUTHENTICATED = _Authenticated()


def render_neutral(template_name: str, **inputs) -> str:
    """``template_name`` rendered with ``inputs`` alone (no request, no context processors),
    memoised in this process under everything the output can depend on: the template's
    source, the language, the URL prefix, the time zone and the inputs (hashable values;
    see ``core/memo.py``). Such a part is a pure function of that key,
    so the memo is never stale; it holds translated chrome (the live-update strings, the
    page links), never a token or a message. A test holds each part equal to its render
    with the full page context."""
    template = get_template(template_name)
    key = (template_name, template.template.source, tuple(sorted(inputs.items())))
    return memoised(key, lambda: template.render(inputs))
