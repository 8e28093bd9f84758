"""App config of search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import SynonymGroup

        # The synonym map is cached; an edit in the admin must take effect at once.
        post_save.connect(_clear_synonyms, sender=SynonymGroup, dispatch_uid="search-synonyms")
        post_delete.connect(_clear_synonyms, sender=SynonymGroup, dispatch_uid="search-synonyms-d")


def _clear_synonyms(**kwargs):
    from django.core.cache import cache

    from .query import SYNONYM_CACHE_KEY

    cache.delete(SYNONYM_CACHE_KEY)
