"""Guidance documents in numbered versions: the newest is current, older ones superseded."""

from __future__ import annotations

import datetime

from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .mixins import CachedPageMixin


class GuidanceDocumentPage(CachedPageMixin, RoutablePageMixin, Page):
    """A guidance document with numbered versions behind one stable URL."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = [
        *Page.content_panels,
        "intro",
        InlinePanel("versions", label=_("Versions"), min_num=1),
    ]
    parent_page_types = ["website.HomePage", "website.StandardPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")

    def version_list(self):
        return list(self.versions.select_related("document").order_by("-number"))

    @property
    def current_version(self):
        return self.versions.select_related("document").order_by("-number").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        versions = self.version_list()
        context["versions"] = versions
        context["current"] = versions[0] if versions else None
        return context

    @path("")
    def overview(self, request):
        return self.render(request)

    @path("download/", name="download")
    def download(self, request):
        """The stable link: always the newest version's file."""
        current = self.current_version
        if current is None or current.document_id is None:
            raise Http404(_("This document has no version yet."))
        return HttpResponseRedirect(current.document.url)

    def download_url(self):
        return self.url + self.reverse_subpage("download")


class GuidanceVersion(Orderable):
    page = ParentalKey(GuidanceDocumentPage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version number"))
    date = models.DateField(_("date"), default=datetime.date.today)
    changes = models.CharField(_("what changed"), max_length=500)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldRowPanel(["number", "date"]), "changes", "document"]

    class Meta(Orderable.Meta):
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="website_guidance_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.page.title} v{self.number}"
