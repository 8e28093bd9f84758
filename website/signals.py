"""Receivers that keep the page cache and the search outbox in step with the content."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate_content, invalidate_groups


def _content_changed(sender, **kwargs):
    invalidate_content()


def _groups_changed(sender, **kwargs):
    invalidate_groups()


GROUP_FIELDS_SHOWN_ON_PAGES = ("name", "slug", "visibility", "description")


def _remember_group(sender, instance, **kwargs):
    # Reading a deferred field here would load the row again and recurse through
    # post_init; without a snapshot, a save invalidates conservatively.
    if instance.get_deferred_fields() & set(GROUP_FIELDS_SHOWN_ON_PAGES):
        return
    instance._newsroom_shown = tuple(getattr(instance, f) for f in GROUP_FIELDS_SHOWN_ON_PAGES)


def _group_saved(sender, instance, created=False, **kwargs):
    shown = tuple(getattr(instance, f) for f in GROUP_FIELDS_SHOWN_ON_PAGES)
    # A renamed group, or one that became private, must vanish from article call-outs at
    # once; mere activity only concerns the home page.
    if not created and shown != getattr(instance, "_newsroom_shown", None):
        invalidate_content()
    invalidate_groups()
    instance._newsroom_shown = shown


def _article_published(sender, instance, **kwargs):
    from core.changes import record_change

    record_change("article", [instance.pk])


def _article_removed(sender, instance, **kwargs):
    from core.changes import record_change

    record_change("article", [instance.pk], delete=True)


def connect_forum() -> None:
    """The receivers for the forum's own models. Socket-only processes (SOCKETS_ONLY), in
    which this app is not installed, write replies too: website/asgi.py connects these
    there, so a reply over a socket still refreshes the home page's group activity."""
    from groups.models import Post, ThinkGroup, Thread

    # The home page lists think groups by recent activity.
    post_init.connect(_remember_group, sender=ThinkGroup, dispatch_uid="pagecache-group-init")
    post_save.connect(_group_saved, sender=ThinkGroup, dispatch_uid="pagecache-group-save")
    post_delete.connect(_content_changed, sender=ThinkGroup, dispatch_uid="pagecache-group-del")
    for model in (Thread, Post):
        post_save.connect(_groups_changed, sender=model, dispatch_uid=f"pagecache-g-{model}")
        post_delete.connect(_groups_changed, sender=model, dispatch_uid=f"pagecache-gd-{model}")


def connect() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from .models import ArticlePage, Author, Category, EventSignup, Tag

    connect_forum()

    from . import knowledge

    # Guidance versions: the forum's copy, banners, notifications, expiry of verified answers.
    knowledge.connect()

    # Any live page change: published, unpublished, moved or deleted.
    from groups.signals.notices import reports_changed

    # A published article may show a signal report; quotes and figures change under it.
    reports_changed.connect(_content_changed, dispatch_uid="pagecache-signal-reports")
    page_published.connect(_content_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(_content_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_content_changed, dispatch_uid="pagecache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache-deleted")
    for model in (
        Tag,
        Category,
        Author,
        EventSignup,
        Site,
        PageViewRestriction,
        get_document_model(),
        get_image_model(),
    ):
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-del-{model}")
    m2m_changed.connect(
        _content_changed, sender=ArticlePage.tags.through, dispatch_uid="pagecache-tags"
    )

    # The search outbox: articles enter on publish and leave on unpublish or delete.
    page_published.connect(_article_published, sender=ArticlePage, dispatch_uid="search-pub")
    page_unpublished.connect(_article_removed, sender=ArticlePage, dispatch_uid="search-unpub")
    post_delete.connect(_article_removed, sender=ArticlePage, dispatch_uid="search-delete")


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate_content()
