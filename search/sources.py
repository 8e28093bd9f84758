"""What is indexed, read from the database: posts, threads and the newsroom's articles as
index items (plain text, ids, flags), the same for every backend."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from .models import IndexKind
from .types import IndexItem


def post_items(queryset: QuerySet) -> tuple[list[IndexItem], list[int]]:
    """Index items for posts, and the ids of deleted ones (to remove from the index)."""
    items, deleted = [], []
    rows = queryset.values_list(
        "pk",
        "body",
        "created_at",
        "thread_id",
        "number",
        "thread__group_id",
        "thread__group__domain_id",
        "author_id",
        "author__display_name",
        "is_hidden",
        "is_held",
        "is_deleted",
        "thread__is_hidden",
        "thread__title",
    )
    for (
        pk,
        body,
        created,
        thread,
        number,
        group,
        domain,
        author,
        name,
        hid,
        held,
        dele,
        th,
        tt,
    ) in rows:
        if dele:
            deleted.append(pk)
            continue
        items.append(
            IndexItem(
                kind=IndexKind.POST,
                object_id=pk,
                title=tt,
                body=body,
                created_at=created,
                thread_id=thread,
                number=number,
                group_id=group,
                domain_id=domain,
                author_id=author,
                author_name=name or "",
                is_hidden=hid,
                is_held=held,
                thread_hidden=th,
            )
        )
    return items, deleted


def thread_items(queryset: QuerySet) -> list[IndexItem]:
    rows = queryset.values_list(
        "pk", "title", "created_at", "group_id", "group__domain_id", "author_id",
        "author__display_name", "is_hidden",
    )  # fmt: skip
    return [
        IndexItem(
            kind=IndexKind.THREAD,
            object_id=pk,
            title=title,
            body="",
            created_at=created,
            thread_id=pk,
            group_id=group,
            domain_id=domain,
            author_id=author,
            author_name=name or "",
            thread_hidden=hidden,
        )
        for pk, title, created, group, domain, author, name, hidden in rows
    ]


def article_model():
    """The newsroom's ArticlePage, when that part is installed."""
    from django.apps import apps

    try:
        return apps.get_model("website", "ArticlePage")
    except LookupError:
        return None


def _article_item(page) -> IndexItem:
    date = getattr(page, "date", None) or page.first_published_at
    if isinstance(date, datetime.date) and not isinstance(date, datetime.datetime):
        date = datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)
    text = page.search_text() if hasattr(page, "search_text") else page.title
    tags = [str(t) for t in page.tags.all()] if hasattr(page, "tags") else []
    return IndexItem(
        kind=IndexKind.ARTICLE,
        object_id=page.pk,
        title=page.title,
        body=text,
        created_at=date or datetime.datetime.now(tz=datetime.UTC),
        tags=tags,
    )


def article_items(ids: Iterable[int] | None = None) -> tuple[list[IndexItem], list[int]]:
    """Index items of the live, public articles (those of ``ids`` only), and the ids of
    ``ids`` that are not (to remove from the index)."""
    model = article_model()
    if model is None:
        return [], list(ids or [])
    pages = model.objects.live().public()
    if ids is not None:
        ids = list(ids)
        pages = pages.filter(pk__in=ids)
    items = [_article_item(page) for page in pages.specific().iterator(chunk_size=500)]
    found = {i.object_id for i in items}
    missing = [pk for pk in (ids or []) if pk not in found]
    return items, missing
