"""Turning a backend's answer into results: hits into linked results from live rows, facet
keys into names."""

from __future__ import annotations

from django.utils.safestring import SafeString

from .highlight import highlight, markers_to_html
from .models import IndexKind
from .query import ParsedQuery
from .sources import article_model
from .types import FACET_NAMES, Hit


def facet_labels(facet_counts: dict[str, dict[int, int]]) -> dict:
    from community.models import Domain, Member
    from groups.models import ThinkGroup

    labels: dict[str, dict[int, str]] = {name: {} for name in FACET_NAMES}
    if facet_counts.get("group"):
        labels["group"] = dict(
            ThinkGroup.objects.filter(pk__in=list(facet_counts["group"])).values_list("pk", "name")
        )
    if facet_counts.get("domain"):
        labels["domain"] = dict(
            Domain.objects.filter(pk__in=list(facet_counts["domain"])).values_list("pk", "name")
        )
    if facet_counts.get("author"):
        labels["author"] = dict(
            Member.objects.filter(pk__in=list(facet_counts["author"])).values_list(
                "pk", "display_name"
            )
        )
    labels["year"] = {y: str(y) for y in facet_counts.get("year", {}) if y is not None}
    if facet_counts.get("theme"):
        from groups.signals.search import theme_labels

        labels["theme"] = theme_labels(facet_counts["theme"])
    return labels


def _post_hits(ids, query, fragments, member) -> dict:
    from groups.models import Post

    posts = (
        Post.objects.readable_by(member)
        .filter(pk__in=ids)
        .select_related("thread__group__domain", "author")
        .only(
            "pk", "number", "body", "created_at", "is_hidden", "is_held", "thread_id",
            "thread__title", "thread__group__name", "thread__group__domain__name",
            "author__display_name",
        )
    )  # fmt: skip
    found = {}
    for post in posts:
        key = (IndexKind.POST.value, post.pk)
        found[key] = Hit(
            kind=IndexKind.POST,
            object_id=post.pk,
            title=post.thread.title,
            url=post.get_absolute_url(),
            snippet=_snippet(key, post.body, query, fragments),
            created_at=post.created_at,
            author_name=post.author.display_name if post.author else "",
            group_name=post.thread.group.name,
            domain_name=post.thread.group.domain.name,
            is_hidden=post.is_hidden or post.is_held,
            number=post.number,
        )
    return found


def _thread_hits(ids, query, fragments, member) -> dict:
    from groups.models import Thread

    found = {}
    threads = Thread.objects.readable_by(member).filter(pk__in=ids)
    for thread in threads.select_related("group__domain", "author"):
        key = (IndexKind.THREAD.value, thread.pk)
        found[key] = Hit(
            kind=IndexKind.THREAD,
            object_id=thread.pk,
            title=thread.title,
            url=thread.get_absolute_url(),
            snippet=_snippet(key, thread.title, query, fragments),
            created_at=thread.created_at,
            author_name=thread.author.display_name if thread.author else "",
            group_name=thread.group.name,
            domain_name=thread.group.domain.name,
            is_hidden=thread.is_hidden,
        )
    return found


def _article_hits(ids, query, fragments, member) -> dict:
    model = article_model()
    if model is None:
        return {}
    found = {}
    for page in model.objects.live().public().filter(pk__in=ids).specific():
        key = (IndexKind.ARTICLE.value, page.pk)
        text = getattr(page, "intro", "") or page.title
        found[key] = Hit(
            kind=IndexKind.ARTICLE,
            object_id=page.pk,
            title=page.title,
            url=page.url or "",
            snippet=_snippet(key, str(text), query, fragments),
            created_at=getattr(page, "date", None) or page.first_published_at,
        )
    return found


_HITS = {
    IndexKind.POST.value: _post_hits,
    IndexKind.THREAD.value: _thread_hits,
    IndexKind.ARTICLE.value: _article_hits,
}


def hydrate(keys, query: ParsedQuery, member, fragments=None) -> list[Hit]:
    """Hits from live rows (one query per kind), in the backend's order.

    Each hit is checked again against its row as it is now, through the same permission
    QuerySets as every page: an index that has not caught up yet (Elasticsearch, until
    the worker has run) may still hold a post since hidden, held, deleted or moved into a
    group the member cannot read; such a hit is dropped here, never shown."""
    fragments = fragments or {}
    by_kind: dict[str, list[int]] = {}
    for kind, pk in keys:
        by_kind.setdefault(str(kind), []).append(pk)
    found: dict[tuple[str, int], Hit] = {}
    for kind, ids in by_kind.items():
        if kind in _HITS:
            found.update(_HITS[kind](ids, query, fragments, member))
    return [found[(str(k), int(pk))] for k, pk in keys if (str(k), int(pk)) in found]


def _snippet(key, text: str, query: ParsedQuery, fragments: dict) -> SafeString:
    if key in fragments:
        return markers_to_html(fragments[key])
    return highlight(text, query)
