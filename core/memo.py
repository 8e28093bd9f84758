"""A per-process memo for viewer-neutral HTML: rendered once per key, never stale because the
key holds everything the output depends on."""

from __future__ import annotations

from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

_MEMO: dict = {}
_MEMO_LIMIT = 2048


def memoised(key: tuple, render) -> str:
    """``render()`` once per ``key`` (plus language, URL prefix and time zone) per process."""
    key = (key, get_language(), get_script_prefix(), timezone.get_current_timezone_name())
    html = _MEMO.get(key)
    if html is None:
        html = mark_safe(render())  # noqa: S308 - rendered by our own templates, escaped there
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO[key] = html
    return html
