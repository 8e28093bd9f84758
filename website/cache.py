"""Full-page cache for anonymous visitors, invalidated by bumping a generation number.

Every cached page is stored under a key that contains the current *generation*; any change
that could show on a page (publishing, unpublishing, moving or deleting a page, editing a
tag, category, author, document or image, a sign-up for an event) bumps the generation
after commit, so every key of the old generation is dead at once. The home page also shows
think-group activity, which changes far more often than news; it depends on a second
generation that only forum changes bump, so a busy forum does not empty the news cache.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.safestring import mark_safe

CONTENT_GENERATION = "pagecache:gen:content"
GROUPS_GENERATION = "pagecache:gen:groups"
# Paths whose page shows think-group activity.
GROUP_DEPENDENT_PATHS = {"/"}


def _timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _generation(key: str) -> int:
    value = cache.get(key)
    if value is None:
        # A fresh cache (or an evicted counter): start from a value nobody used before.
        import time

        value = int(time.time() * 1000)
        cache.add(key, value, None)
        value = cache.get(key, value)
    return value


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        _generation(key)
        with contextlib.suppress(ValueError):
            cache.incr(key)


def _bump_now_and_after_commit(key: str) -> None:
    # Bumping now hides the old page at once; bumping again after commit drops anything a
    # concurrent reader rendered from the not-yet-committed state in between.
    _bump(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(key))


def invalidate_content() -> None:
    """Every cached page becomes stale."""
    _bump_now_and_after_commit(CONTENT_GENERATION)


def invalidate_groups() -> None:
    """Pages that show think-group activity (the home page) become stale."""
    _bump_now_and_after_commit(GROUPS_GENERATION)


def fragment_key(name: str, *parts) -> str:
    """A cache key for a rendered fragment that dies with the content and group generations."""
    generations = f"{_generation(CONTENT_GENERATION)}:{_generation(GROUPS_GENERATION)}"
    return f"fragment:{generations}:{name}:{':'.join(str(p) for p in parts)}"


def cache_get_or_set(key: str, compute):
    """A value from the cache, or computed now and stored (computed always when disabled)."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return compute()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, _timeout())
    return value


def cached_fragment(key: str, render) -> str:
    """The fragment from the cache, or rendered now and stored."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return render()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), _timeout())
    # Only our own rendered templates are stored under fragment keys.
    return mark_safe(html)  # noqa: S308


def _key(request) -> str:
    path = request.path
    generations = [str(_generation(CONTENT_GENERATION))]
    if path in GROUP_DEPENDENT_PATHS:
        generations.append(str(_generation(GROUPS_GENERATION)))
    url = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{':'.join(generations)}:{request.method == 'HEAD'}:{digest}"


def _is_anonymous_plain_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    # A pending flash message must be shown, so such a request is rendered afresh.
    if request.COOKIES.get("messages"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        if request.user.is_authenticated:
            return False
        if request.session.get("_messages"):
            return False
    return True


class AnonymousPageCacheMiddleware:
    """Serves Wagtail pages to anonymous visitors from the cache; stores what pages mark."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_anonymous_plain_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            getattr(response, "samendenk_page_cache", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not getattr(request, "is_preview", False)
            # A page that rendered a CSRF token belongs to one visitor.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cached_response = _copy_for_cache(response)
            cache.set(key, cached_response, _timeout())
            response["X-Page-Cache"] = "miss"
        return response


def _copy_for_cache(response):
    from django.http import HttpResponse

    copy = HttpResponse(
        response.content, status=response.status_code, content_type=response["Content-Type"]
    )
    for header, value in response.items():
        if header.lower() not in ("set-cookie", "content-type"):
            copy[header] = value
    return copy


class PrivateNoStoreMiddleware:
    """What a logged-in member (session or API token) is shown is theirs alone: groups
    they belong to, threads, members, notifications, API keys, API answers. Such a
    response is ``Cache-Control: private, no-store``: no shared proxy keeps it and the
    browser does not store it (a shared computer's back button or disk cache). Anonymous
    responses keep their caching (the public pages and the page cache above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (user is not None and user.is_authenticated) or (
            "HTTP_AUTHORIZATION" in request.META
        )
        if personal and not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "private, no-store"
            if "Expires" in response:
                del response["Expires"]
        return response
