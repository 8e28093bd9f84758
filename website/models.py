"""Wagtail pages of the site: the home page (the newsroom adds its pages here)."""

from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, "intro"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
