"""Knowledge in the JSON API (mounted at /api/knowledge): a thread's guidance link and
verified answer, linking and verifying, with the pages' permissions (only threads and posts
the viewer may read; ids of others' private threads answer 404)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from ninja import Field, Router, Schema

from groups.api import ERRORS, WRITE_AUTH, WRITE_ERRORS, _require_member, _viewer
from groups.models import Post, Thread

from . import actions
from .models import GuidanceEdition, Verification
from .panel import panel_state

router = Router(tags=["knowledge"])


class VersionOut(Schema):
    number: int
    date: date
    changes: str


class GuidanceOut(Schema):
    page_id: int
    title: str
    slug: str
    url: str
    versions: list[VersionOut] = Field(description="Newest (in force) first.")


class VerificationOut(Schema):
    post_id: int
    status: str = Field(description="active or expired")
    verified_by: str
    verified_at: datetime
    valid_until: date | None
    until_version: int | None = Field(description="Ends when this version is published.")


class KnowledgeOut(Schema):
    thread_id: int
    guidance_page_id: int | None
    version: int | None = Field(description="The version the thread is about.")
    version_in_force: int | None
    outdated: bool = Field(description="A newer version is in force (the banner shows).")
    verification: VerificationOut | None


class LinkIn(Schema):
    guidance_page_id: int
    version: int | None = Field(None, description="Default: the version in force.")


class VerifyIn(Schema):
    valid_until: date | None = Field(None, description="Default: twelve months from today.")
    until_next_version_of: int | None = Field(
        None, description="A guidance page id: valid until its next version is published."
    )


def _verification_out(verification: Verification | None) -> dict | None:
    if verification is None:
        return None
    who = verification.verified_by
    return {
        "post_id": verification.post_id,
        "status": verification.status,
        "verified_by": who.display_name if who else "",
        "verified_at": verification.verified_at,
        "valid_until": verification.valid_until,
        "until_version": verification.until_number,
    }


def _knowledge_out(thread: Thread) -> dict:
    state = panel_state(thread)
    return {
        "thread_id": thread.pk,
        "guidance_page_id": state.link.page_id if state.link else None,
        "version": state.edition.number if state.edition else None,
        "version_in_force": state.current.number if state.current else None,
        "outdated": state.outdated,
        "verification": _verification_out(state.verification),
    }


def _thread(viewer, thread_id: int) -> Thread:
    thread = Thread.objects.readable_by(viewer).select_related("group").filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    return thread


@router.get("/guidance", response={200: list[GuidanceOut], **ERRORS})
def list_guidance(request):
    documents: dict[int, dict] = {}
    for edition in GuidanceEdition.objects.order_by("title", "page_id", "-number"):
        document = documents.setdefault(
            edition.page_id,
            {
                "page_id": edition.page_id,
                "title": edition.title,
                "slug": edition.slug,
                "url": edition.url,
                "versions": [],
            },
        )
        document["versions"].append(
            {"number": edition.number, "date": edition.date, "changes": edition.changes}
        )
    return list(documents.values())


@router.get("/threads/{thread_id}", response={200: KnowledgeOut, **ERRORS})
def read_thread(request, thread_id: int):
    return _knowledge_out(_thread(_viewer(request), thread_id))


@router.put(
    "/threads/{thread_id}/guidance", response={200: KnowledgeOut, **WRITE_ERRORS}, auth=WRITE_AUTH
)
def link_thread(request, thread_id: int, payload: LinkIn):
    viewer = _viewer(request)
    _require_member(viewer)
    thread = _thread(viewer, thread_id)
    actions.link_thread(
        member=viewer, thread=thread, page_id=payload.guidance_page_id, number=payload.version
    )
    return _knowledge_out(thread)


@router.post(
    "/threads/{thread_id}/checked", response={200: KnowledgeOut, **WRITE_ERRORS}, auth=WRITE_AUTH
)
def mark_checked(request, thread_id: int):
    viewer = _viewer(request)
    _require_member(viewer)
    thread = _thread(viewer, thread_id)
    actions.mark_checked(moderator=viewer, thread=thread)
    return _knowledge_out(thread)


@router.post(
    "/posts/{post_id}/verification", response={200: KnowledgeOut, **WRITE_ERRORS}, auth=WRITE_AUTH
)
def verify(request, post_id: int, payload: VerifyIn):
    viewer = _viewer(request)
    _require_member(viewer)
    post = (
        Post.objects.readable_by(viewer).select_related("thread__group").filter(pk=post_id).first()
    )
    if post is None:
        raise Http404
    actions.verify_post(
        moderator=viewer,
        post=post,
        valid_until=payload.valid_until,
        until_page_id=payload.until_next_version_of,
    )
    return _knowledge_out(post.thread)


@router.delete(
    "/threads/{thread_id}/verification",
    response={200: KnowledgeOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
)
def withdraw(request, thread_id: int):
    viewer = _viewer(request)
    _require_member(viewer)
    thread = _thread(viewer, thread_id)
    actions.withdraw_verification(moderator=viewer, thread=thread)
    return _knowledge_out(thread)
