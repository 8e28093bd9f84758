"""The JSON API of the think groups (django-ninja, OpenAPI at /api/openapi.json).

Authenticated by the session (with CSRF for writes) or a personal access token
(``Authorization: Bearer <token>``). It reads through the same permission querysets and
writes through the same groups.actions as the pages; errors are JSON with a Dutch message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from community.tokens import member_for_token

from . import actions
from .models import Post, ThinkGroup, Thread
from .permissions import check_group_listed, check_read_thread
from .visibility import is_member

MAX_LIMIT = 100
# Bounds of the integers a request may carry (ids are PostgreSQL integers; beyond them the
# database refused the query and the API answered 500): out of range is a 400 in Dutch.
MAX_ID = 2_147_483_647
MAX_OFFSET = 1_000_000
Id = Annotated[int, Path(..., ge=1, le=MAX_ID)]


# --- authentication -------------------------------------------------------------------------


class Unauthorised(AuthenticationError):
    def __init__(self, message: str = ""):
        super().__init__()
        self.dutch = message


class TokenAuth(HttpBearer):
    """A personal access token (created under /denkgroepen/api-sleutels/)."""

    def authenticate(self, request: HttpRequest, token: str):
        member = member_for_token(token)
        if member is None:
            raise Unauthorised(_("This access token is unknown or has been revoked."))
        return member


class CsrfFailed(Exception):
    pass


class SessionAuth(APIKeyCookie):
    """The browser session; writes need the CSRF token as for a form."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest):
        if request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"}:
            request.csrf_processing_done = False
            middleware = CsrfViewMiddleware(lambda r: None)
            middleware.process_request(request)
            if middleware.process_view(request, lambda r: None, (), {}) is not None:
                raise CsrfFailed
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        if request.user.is_authenticated:
            return request.user
        return None


def anonymous(request: HttpRequest):
    """Reading the public face needs no log-in; a request that sent a token did log in."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    return AnonymousUser()


api = NinjaAPI(
    title="Samendenk API",
    version="1",
    description="Think groups, threads and posts of Samendenk, with the permissions of "
    "the member whose session or personal access token is used.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(), anonymous],
    docs_url="/docs",
)
WRITE_AUTH = [TokenAuth(), SessionAuth()]


def _error(request, status: int, message: str, code: str = ""):
    return api.create_response(
        request, {"detail": message, "code": code or str(status)}, status=status
    )


@api.exception_handler(actions.ActionError)
def _action_error(request, exc: actions.ActionError):
    status = 429 if exc.code == "rate_limited" else 400
    return _error(request, status, exc.message_text, exc.code or "invalid")


@api.exception_handler(CsrfFailed)
def _csrf_failed(request, exc):
    return _error(request, 403, _("The CSRF check failed; reload the page and try again."), "csrf")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    message = str(exc) or _("You are not allowed to do this.")
    if not is_member(getattr(request, "auth", None)):
        return _error(request, 401, _("Log in or use an access token."), "unauthorised")
    return _error(request, 403, message, "forbidden")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Not found."), "not_found")


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    message = getattr(exc, "dutch", "") or _("Log in or use an access token.")
    return _error(request, 401, message, "unauthorised")


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    fields = sorted(
        {".".join(str(p) for p in err.get("loc", [])[1:]) or "body" for err in exc.errors}
    )
    return api.create_response(
        request,
        {
            "detail": _("The request is not valid; check these fields: %(fields)s")
            % {"fields": ", ".join(fields)},
            "code": "invalid",
            "fields": fields,
        },
        status=400,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:
        return _error(request, 400, _("The request is not valid JSON."), "invalid")
    return _error(request, exc.status_code, str(exc))


# --- schemas ----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    code: str


class AuthorOut(Schema):
    id: int
    name: str


class GroupOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    domain: str
    visibility: str
    url: str
    member_count: int | None = None
    thread_count: int | None = None
    last_activity_at: datetime | None = None


class ThreadOut(Schema):
    id: int
    group: str
    title: str
    author: AuthorOut | None
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    last_number: int
    is_pinned: bool
    is_locked: bool
    url: str


class PostOut(Schema):
    id: int
    thread_id: int
    number: int
    author: AuthorOut | None
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    quoted_post_id: int | None
    url: str


class ThreadIn(Schema):
    title: str = Field(..., max_length=1000)
    body: str = Field(..., max_length=40000)
    # True after the privacy guard warned (400, code privacy_check_required) and the
    # author confirmed the text may be posted.
    confirm_privacy: bool = False


class PostIn(Schema):
    body: str = Field(..., max_length=40000)
    quoted_post_id: int | None = None
    confirm_privacy: bool = False


class Paging(Schema):
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(30, ge=1, le=MAX_LIMIT)


class PostPaging(Schema):
    after: int = Field(
        0, ge=0, le=MAX_ID, description="Only posts with a higher number (catch-up)."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


def _author(member) -> AuthorOut | None:
    if member is None:
        return None
    return AuthorOut(id=member.pk, name=member.display_name)


def _group_out(group: ThinkGroup, viewer) -> GroupOut:
    data = GroupOut(
        id=group.pk,
        slug=group.slug,
        name=group.name,
        description=group.description,
        domain=group.domain.name,
        visibility=group.visibility,
        url=group.get_absolute_url(),
    )
    if is_member(viewer):
        # Activity figures are for members, as on the pages.
        data.member_count = group.member_count
        data.thread_count = group.thread_count
        data.last_activity_at = group.last_activity_at
    return data


def _thread_out(thread: Thread) -> ThreadOut:
    return ThreadOut(
        id=thread.pk,
        group=thread.group.slug,
        title=thread.title,
        author=_author(thread.author),
        created_at=thread.created_at,
        last_post_at=thread.last_post_at,
        reply_count=thread.reply_count,
        last_number=thread.last_number,
        is_pinned=thread.is_pinned,
        is_locked=thread.is_locked,
        url=thread.get_absolute_url(),
    )


def _post_out(post: Post) -> PostOut:
    return PostOut(
        id=post.pk,
        thread_id=post.thread_id,
        number=post.number,
        author=_author(post.author),
        body=post.body,
        body_html=post.body_html,
        created_at=post.created_at,
        edited_at=post.edited_at,
        quoted_post_id=post.quoted_post_id,
        url=post.get_absolute_url(),
    )


def _viewer(request):
    return getattr(request, "auth", None) or AnonymousUser()


def _require_member(viewer) -> None:
    if not is_member(viewer):
        raise Unauthorised(_("Log in or use an access token."))


def _listed_group(viewer, slug: str) -> ThinkGroup:
    group = ThinkGroup.objects.listed_for(viewer).select_related("domain").filter(slug=slug).first()
    if group is None:
        raise Http404
    return group


def _readable_thread(viewer, pk: int) -> Thread:
    _require_member(viewer)
    thread = (
        Thread.objects.readable_by(viewer).select_related("group", "author").filter(pk=pk).first()
    )
    if thread is None:
        check_read_thread(viewer, get_object_or_404(Thread.objects.select_related("group"), pk=pk))
        raise Http404
    return thread


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 429: ErrorOut}


# --- endpoints ------------------------------------------------------------------------------


@api.get("/groups", response={200: list[GroupOut], **ERRORS}, tags=["groups"])
def list_groups(request, paging: Query[Paging]):
    """The groups the caller may know about (anonymous: open and closed groups)."""
    viewer = _viewer(request)
    groups = (
        ThinkGroup.objects.listed_for(viewer)
        .select_related("domain")
        .order_by("domain__position", "name")[paging.offset : paging.offset + paging.limit]
    )
    return [_group_out(g, viewer) for g in groups]


@api.get("/groups/{slug}", response={200: GroupOut, **ERRORS}, tags=["groups"])
def read_group(request, slug: str):
    viewer = _viewer(request)
    return _group_out(_listed_group(viewer, slug), viewer)


@api.get("/groups/{slug}/threads", response={200: list[ThreadOut], **ERRORS}, tags=["threads"])
def list_threads(request, slug: str, paging: Query[Paging]):
    """Threads of a group, pinned first, then by last activity (titles of a closed group
    are visible to every member, as on the pages)."""
    viewer = _viewer(request)
    group = _listed_group(viewer, slug)
    _require_member(viewer)
    threads = (
        Thread.objects.titles_visible_to(viewer)
        .filter(group=group)
        .select_related("group", "author")
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )
    if not ThinkGroup.objects.titles_visible_to(viewer).filter(pk=group.pk).exists():
        raise PermissionDenied(_("Only members of this group can read its discussions."))
    return [_thread_out(t) for t in threads[paging.offset : paging.offset + paging.limit]]


@api.post(
    "/groups/{slug}/threads",
    response={201: ThreadOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=["threads"],
)
def start_thread(request, slug: str, payload: ThreadIn):
    viewer = _viewer(request)
    group = _listed_group(viewer, slug)
    thread = actions.start_thread(
        member=viewer,
        group=group,
        title=payload.title,
        body=payload.body,
        confirm_privacy=payload.confirm_privacy,
    )
    thread.author = viewer
    return Status(201, _thread_out(thread))


@api.get("/threads/{thread_id}", response={200: ThreadOut, **ERRORS}, tags=["threads"])
def read_thread(request, thread_id: Id):
    return _thread_out(_readable_thread(_viewer(request), thread_id))


@api.get("/threads/{thread_id}/posts", response={200: list[PostOut], **ERRORS}, tags=["posts"])
def list_posts(request, thread_id: Id, paging: Query[PostPaging]):
    """Posts in order of their number; ``after`` gives what a client missed."""
    viewer = _viewer(request)
    thread = _readable_thread(viewer, thread_id)
    posts = (
        Post.objects.readable_by(viewer)
        .filter(thread=thread, number__gt=paging.after)
        .select_related("author")
        .order_by("number")[: paging.limit]
    )
    return [_post_out(p) for p in posts]


@api.post(
    "/threads/{thread_id}/posts",
    response={201: PostOut, **WRITE_ERRORS},
    auth=WRITE_AUTH,
    tags=["posts"],
)
def reply(request, thread_id: Id, payload: PostIn):
    viewer = _viewer(request)
    thread = _readable_thread(viewer, thread_id)
    quoted = None
    if payload.quoted_post_id:
        quoted = Post.objects.filter(pk=payload.quoted_post_id).first()
        if quoted is None:
            raise actions.ActionError(_("The quoted message is not part of this thread."), "quote")
    post = actions.reply(
        member=viewer,
        thread=thread,
        body=payload.body,
        quoted_post=quoted,
        confirm_privacy=payload.confirm_privacy,
    )
    return Status(201, _post_out(post))


@api.get("/posts/{post_id}", response={200: PostOut, **ERRORS}, tags=["posts"])
def read_post(request, post_id: Id):
    viewer = _viewer(request)
    _require_member(viewer)
    post = Post.objects.readable_by(viewer).select_related("author").filter(pk=post_id).first()
    if post is None:
        existing = Post.objects.select_related("thread__group").filter(pk=post_id).first()
        if existing is not None:
            check_group_listed(viewer, existing.thread.group)
            check_read_thread(viewer, existing.thread)
        raise Http404
    return _post_out(post)
