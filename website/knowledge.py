"""Glue between the newsroom's guidance documents and the forum's knowledge: each publish
(or unpublish) of a guidance document tells the forum which versions are out."""

from __future__ import annotations


def sync(page) -> list[int]:
    from groups.knowledge.actions import sync_guidance

    versions = []
    if page.live:
        versions = [(v.number, v.date, v.changes) for v in page.versions.all()]
    return sync_guidance(
        page_id=page.pk, title=page.title, slug=page.slug, url=page.url or "", versions=versions
    )


def _published(sender, instance, **kwargs):
    sync(instance.specific if hasattr(instance, "specific") else instance)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished

    from .models import GuidanceDocumentPage

    page_published.connect(_published, sender=GuidanceDocumentPage, dispatch_uid="knowledge-pub")
    page_unpublished.connect(
        _published, sender=GuidanceDocumentPage, dispatch_uid="knowledge-unpub"
    )
