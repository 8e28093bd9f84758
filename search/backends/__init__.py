"""Search backends behind one interface; `get_backend()` picks the configured one."""

from __future__ import annotations

from django.conf import settings

from .base import SearchBackend

_backends: dict[str, SearchBackend] = {}


def get_backend(name: str | None = None) -> SearchBackend:
    """The configured backend (settings.SEARCH_BACKEND): "database" or "elasticsearch"."""
    name = name or settings.SEARCH_BACKEND
    if name not in _backends:
        if name == "elasticsearch":
            from .elasticsearch import ElasticsearchBackend

            _backends[name] = ElasticsearchBackend(
                settings.ELASTICSEARCH_URL, prefix=settings.ELASTICSEARCH_INDEX_PREFIX
            )
        else:
            from .database import DatabaseBackend

            _backends[name] = DatabaseBackend()
    return _backends[name]
