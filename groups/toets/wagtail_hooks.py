"""Registers the uitvoeringstoets desk in the Wagtail admin (menu "Uitvoeringstoetsen")."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from groups.moderation.wagtail_hooks import BureauMenuItem

from . import admin_views

desk_patterns = [
    path("", admin_views.ToetsenView.as_view(), name="index"),
    path("<int:pk>/", admin_views.ToetsView.as_view(), name="toets"),
]


@hooks.register("register_admin_urls")
def register_desk_urls():
    return [path("toetsen/", include((desk_patterns, "toets_desk"), namespace="toets_desk"))]


@hooks.register("register_admin_menu_item")
def register_desk_menu():
    return BureauMenuItem(
        _("Implementation tests"), reverse("toets_desk:index"), icon_name="tasks", order=265
    )
