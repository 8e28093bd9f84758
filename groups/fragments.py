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

from website.templatetags.neutral import memoised

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


def _fingerprint(posts) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_templates_digest()}|{get_language()}|{settings.TIME_ZONE}".encode())
    for post in posts:
        author = post.author
        digest.update(
            repr(
                (
                    post.pk,
                    post.thread_id,
                    post.number,
                    post.author_id,
                    author
                    and (
                        author.display_name,
                        author.job_title,
                        author.organisation,
                        author.is_active,
                    ),
                    post.created_at,
                    post.edited_at,
                    post.edit_count,
                    post.is_deleted,
                    post.is_hidden,
                    post.is_held,
                    len(post.body_html),
                )
            ).encode()
        )
        digest.update(post.body_html.encode())
    return digest.hexdigest()


def render_posts(posts) -> str:
    """The ``<li>`` items of ``posts`` (with ``author`` selected), from the cache if seen."""

    def render():
        return "".join(
            render_to_string(POST_TEMPLATE, {"post": post, "request": None}) for post in posts
        )

    if not posts:
        return ""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return mark_safe(render())  # noqa: S308 - our own template, escaped there
    key = f"posts:{_fingerprint(posts)}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, getattr(settings, "PAGE_CACHE_SECONDS", 600))
    return mark_safe(html)  # noqa: S308 - only our own rendered partials are stored here


# --- viewer-neutral page parts ------------------------------------------------------------


class _Authenticated:
    """What a neutral part may know of the viewer: only that they are logged in."""

    is_authenticated = True


AUTHENTICATED = _Authenticated()


def render_neutral(template_name: str, **inputs) -> str:
    """``template_name`` rendered with ``inputs`` alone (no request, no context processors),
    memoised in this process under everything the output can depend on: the template's
    source, the language, the URL prefix, the time zone and the inputs (hashable values;
    see ``website/templatetags/neutral.py``). Such a part is a pure function of that key,
    so the memo is never stale; it holds translated chrome (the live-update strings, the
    page links), never a token or a message. A test holds each part equal to its render
    with the full page context."""
    template = get_template(template_name)
    key = (template_name, template.template.source, tuple(sorted(inputs.items())))
    return memoised(key, lambda: template.render(inputs))
