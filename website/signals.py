"""Receivers that keep the page cache and the search outbox in step with the content."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import invalidate_content, invalidate_groups


def _content_changed(sender, **kwargs):
    invalidate_content()


def _groups_changed(sender, **kwargs):
    invalidate_groups()


def _article_published(sender, instance, **kwargs):
    from search.indexing import record_change

    record_change("article", [instance.pk])


def _article_removed(sender, instance, **kwargs):
    from search.indexing import record_change

    record_change("article", [instance.pk], delete=True)


def connect() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Site

    from groups.models import Post, ThinkGroup, Thread

    from .models import ArticlePage, Author, Category, EventSignup, Tag

    # Any live page change: published, unpublished, moved or deleted.
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
        get_document_model(),
        get_image_model(),
    ):
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-del-{model}")
    # The home page lists think groups by recent activity.
    for model in (ThinkGroup, Thread, Post):
        post_save.connect(_groups_changed, sender=model, dispatch_uid=f"pagecache-g-{model}")
        post_delete.connect(_groups_changed, sender=model, dispatch_uid=f"pagecache-gd-{model}")
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
