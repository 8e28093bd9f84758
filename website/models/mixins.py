"""What every page of the newsroom shares: fit for the anonymous full-page cache."""

from __future__ import annotations


class CachedPageMixin:
    """Marks a page's successful anonymous responses as fit for the full-page cache."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.samendenk_page_cache = True
        return response

    def get_view_restrictions(self):
        # Wagtail checks restrictions of the page and its ancestors on every request (two
        # queries). Which restrictions apply changes only when pages move or restrictions
        # are edited, both of which bump the content generation.
        from wagtail.models import PageViewRestriction

        from ..cache import cache_get_or_set, fragment_key

        ids = cache_get_or_set(
            fragment_key("restrictions", self.pk),
            lambda: list(
                super(CachedPageMixin, self).get_view_restrictions().values_list("pk", flat=True)
            ),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)
