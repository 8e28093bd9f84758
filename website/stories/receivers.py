"""Wagtail's workflow and publication steps reach a story through its write functions."""

from __future__ import annotations


def _story_of_page(page_pk):
    from .models import Story

    return Story.objects.filter(page_id=page_pk).select_related("author").first()


def _published(sender, instance, **kwargs):
    from . import actions

    story = _story_of_page(instance.pk)
    if story is not None:
        revision = kwargs.get("revision")
        actions.record_published(story=story, actor=getattr(revision, "user", None))


def _task_rejected(sender, instance, user=None, **kwargs):
    from . import actions

    state = instance.workflow_state
    if state.base_content_type.model != "page":
        return
    story = _story_of_page(int(state.object_id))
    if story is not None:
        actions.record_changes_asked(story=story, actor=user, comment=instance.comment or "")


def connect() -> None:
    from wagtail.signals import page_published, task_rejected

    from ..models import ArticlePage

    page_published.connect(_published, sender=ArticlePage, dispatch_uid="stories-published")
    task_rejected.connect(_task_rejected, dispatch_uid="stories-task-rejected")
