"""What search needs of knowledge: the ``handreiking:``, ``versie:`` and ``is:geverifieerd``
filters (ids read from the database: the index holds no knowledge data, so a new link or
verification needs no reindex), and the ids of current verified answers for ranking."""

from __future__ import annotations

from .models import GuidanceEdition, ThreadLink, Verification, VerificationStatus

MAX_IDS = 10_000


def guidance_page_id(slug: str) -> int | None:
    edition = GuidanceEdition.objects.filter(slug=slug.strip().lower()[:255]).first()
    return edition.page_id if edition else None


def linked_thread_ids(*, page_id: int | None = None, number: int | None = None) -> tuple:
    links = ThreadLink.objects.all()
    if page_id is not None:
        links = links.filter(page_id=page_id)
    if number is not None:
        links = links.filter(number=number)
    return tuple(links.order_by("thread_id").values_list("thread_id", flat=True)[:MAX_IDS])


def verified_post_ids() -> tuple:
    current = Verification.objects.filter(status=VerificationStatus.ACTIVE)
    return tuple(current.order_by("post_id").values_list("post_id", flat=True)[:MAX_IDS])
