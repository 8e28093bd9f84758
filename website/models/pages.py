"""The home page and the standing pages (professional code, statute, register)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import Page

from .events import EventPage
from .mixins import CachedPageMixin
from .news import ArticlePage, NewsIndexPage


class HomePage(CachedPageMixin, Page):
    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, "intro"]
    max_count = 1
    subpage_types = [
        "website.NewsIndexPage",
        "website.GuidanceDocumentPage",
        "website.EventPage",
        "website.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        # Which page a path leads to changes only with publishing, moving or deleting, all
        # of which bump the content generation: remember it, and load just that page.
        from django.contrib.contenttypes.models import ContentType

        from ..cache import cache, fragment_key

        key = fragment_key("route", self.pk, *path_components)
        known = cache.get(key) if path_components else None
        if known is not None:
            content_type_id, pk = known
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            queryset = model.objects.all()
            if model is ArticlePage:
                queryset = queryset.select_related("category", "image")
            page = queryset.filter(pk=pk).first()
            if page is not None and page.depth > self.depth:
                return page.route(request, path_components[page.depth - self.depth :])
        result = self._route_uncached(request, path_components)
        if path_components and result is not None:
            page = result[0]
            cache.set(
                key, (page.content_type_id, page.pk), getattr(settings, "PAGE_CACHE_SECONDS", 600)
            )
        return result

    def _route_uncached(self, request, path_components):
        # The news index in one query (Wagtail's default takes two: the page, then its type).
        if path_components:
            news = NewsIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if news is not None:
                news._cached_parent_obj = self
                return news.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from django.contrib.auth.models import AnonymousUser

        from groups.models import ThinkGroup

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = ArticlePage.objects.for_listing(None)[:5]
        # Only groups an anonymous visitor may know about: the page is the same for everyone.
        context["active_groups"] = (
            ThinkGroup.objects.listed_for(AnonymousUser())
            .filter(last_activity_at__isnull=False)
            .select_related("domain")
            .order_by("-last_activity_at")[:6]
        )
        context["upcoming_events"] = (
            EventPage.objects.live().filter(start__gte=timezone.now()).order_by("start")[:3]
        )
        context["news_index"] = NewsIndexPage.objects.live().first()
        return context


class StandardPage(CachedPageMixin, Page):
    """A standing page: professional code, statute, register, about the association."""

    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, "intro", "body"]
    parent_page_types = ["website.HomePage", "website.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def get_meta_description(self) -> str:
        return self.search_description or Truncator(self.intro).chars(200)
