"""App config of search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.changes import content_changed

        from .models import SynonymGroup

        # Every content change a write function reports enters the outbox in its
        # transaction (the worker brings the index in line).
        content_changed.connect(_queue_index_work, dispatch_uid="search-outbox")

        # The synonym map is cached; an edit in the admin must take effect at once.
        post_save.connect(_clear_synonyms, sender=SynonymGroup, dispatch_uid="search-synonyms")
        post_delete.connect(_clear_synonyms, sender=SynonymGroup, dispatch_uid="search-synonyms-d")


def _clear_synonyms(**kwargs):
    from django.core.cache import cache

    from .query import SYNONYM_CACHE_KEY

    cache.delete(SYNONYM_CACHE_KEY)


def _queue_index_work(sender, *, kind, ids, delete, **kwargs):
    from .indexing import record_change

    record_change(kind, ids, delete=delete)
