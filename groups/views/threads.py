"""Pages of a thread: reading it (with the viewer's state in one query), replying, the first
unread post, following, and the mention autocomplete."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import empty
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import actions
from ..forms import ReplyForm
from ..fragments import AUTHENTICATED, post_page, render_neutral
from ..knowledge.panel import with_panel
from ..markdown import quote
from ..models import (
    POSTS_PER_PAGE,
    GroupRole,
    Post,
    ThinkGroup,
    Thread,
)
from ..permissions import Standing, check_read_thread
from ..querysets import readers_of_thread
from ..visibility import can_read_thread, is_bureau, is_member
from .common import page_number, toggle_follow

_ROLE_SEPARATOR = "\x1f"  # between the viewer's role names (see with_viewer_state)


def _unwrapped(user):
    """The member behind ``request.user`` (a lazy object around it)."""
    wrapped = vars(user).get("_wrapped", user)
    return user if wrapped is empty else wrapped


def _thread_for(request, pk: int, *, with_bell: bool = False) -> Thread:
    """The thread with the viewer's state on it, in one query; the right refusal otherwise.

    The query is plain (thread, group and the viewer's relation to it, see
    ``ThreadQuerySet.with_viewer_state``); who may read it is decided in Python by
    ``can_read_thread``, the mirror of ``Thread.objects.readable_by`` (tested equal)."""
    user = request.user
    if not is_member(user):
        thread = get_object_or_404(Thread.objects.select_related("group"), pk=pk)
        # The log-in page for what exists publicly; private groups do not exist.
        if not ThinkGroup.objects.listed_for(user).filter(pk=thread.group_id).exists():
            raise Http404
        raise _LoginRequired
    bell = with_bell and not hasattr(request, "_unread_notifications")
    role_names = "role_names" not in vars(_unwrapped(user))
    # The knowledge panel's link and verification come with it (groups.knowledge.panel).
    threads = with_panel(Thread.objects.select_related("group")).with_viewer_state(
        user, role_names=role_names, bell=bell
    )
    thread = next(iter(threads.filter(pk=pk)[:1]), None)
    if thread is None:
        raise Http404
    if bell:
        request._unread_notifications = thread.viewer_unread_notifications or 0
    if hasattr(thread, "viewer_role_names"):
        # What the cached property Member.role_names would have queried and stored.
        names = thread.viewer_role_names
        roles = frozenset(names.split(_ROLE_SEPARATOR) if names else ())
        vars(_unwrapped(user))["role_names"] = roles
    bureau = is_bureau(user)
    if not can_read_thread(user, thread, role=thread.my_role, bureau=bureau):
        # Not readable: the permission check says whether it is 404 or 403, from the role
        # this query already read.
        check_read_thread(user, thread, Standing(role=thread.my_role))
        raise Http404
    thread.is_moderator = bureau or thread.my_role == GroupRole.MODERATOR
    thread.can_post = not user.is_suspended and (bureau or thread.my_role is not None)
    return thread


def _with_unread_divider(posts_html: str, number: int) -> str:
    """The page's posts with "nieuw sinds je laatste bezoek" above post ``number`` (when it
    is on this page). The posts are viewer-neutral and cached; the divider is the
    viewer's own, so it goes in here."""
    at = posts_html.find(f' id="post-{number}" ')
    start = posts_html.rfind("<li", 0, at) if at >= 0 else -1
    if start < 0:
        return posts_html
    divider = render_to_string("groups/includes/unread_divider.html")
    return mark_safe(posts_html[:start] + divider + posts_html[start:])  # noqa: S308


def _platform_suspension(user):
    """The suspension that closes the reply box, with its reason and end (a query only
    for a suspended member: the end date is on the member row)."""
    if not getattr(user, "is_suspended", False):
        return None
    from ..moderation.models import GroupSuspension

    found = (
        GroupSuspension.objects.active()
        .filter(member=user, group__isnull=True)
        .order_by("-until")
        .first()
    )
    return found or GroupSuspension(member=user, until=user.suspended_until, reason="")


class _LoginRequired(Exception):
    pass


def thread_detail(request, pk):
    try:
        thread = _thread_for(request, pk, with_bell=True)
    except _LoginRequired:
        return redirect_to_login(request.get_full_path())
    last_page = (max(thread.last_number, 1) - 1) // POSTS_PER_PAGE + 1
    page = page_number(request, last_page)
    first, last = (page - 1) * POSTS_PER_PAGE + 1, page * POSTS_PER_PAGE
    # By number, not OFFSET: a post's page never changes, so links stay right; deleted
    # and hidden posts keep their place as placeholders.
    posts_html, last_number_on_page = post_page(
        Post.objects.filter(thread_id=thread.pk, number__gte=first, number__lte=last)
    )
    previously_read = thread.last_read or 0
    if last_number_on_page > previously_read:
        actions.mark_read(member=request.user, thread=thread, number=last_number_on_page)
        if previously_read:
            posts_html = _with_unread_divider(posts_html, previously_read + 1)
    # The reply form is written out in the template (a bound form's widgets cost more to
    # render than the rest of the form); "?citeer=N" prefills it with a quote.
    reply_body, quoted_number = "", None
    quote_number = request.GET.get("citeer", "")
    if quote_number.isdigit():
        quoted = (
            Post.objects.readable_by(request.user)
            .filter(thread=thread, number=int(quote_number))
            .select_related("author")
            .first()
        )
        if quoted:
            name = quoted.author.display_name if quoted.author else _("former member")
            reply_body, quoted_number = quote(quoted.body, author=name), str(quoted.number)
    return render(
        request,
        "groups/thread.html",
        {
            "thread": thread,
            "group": thread.group,
            "posts_html": posts_html,
            # Viewer-neutral parts, memoised by everything they show (render_neutral).
            "live_html": render_neutral(
                "groups/includes/live.html", user=AUTHENTICATED, page=page, last_page=last_page
            ),
            "pagination_html": render_neutral(
                "groups/includes/pagination.html",
                page=page,
                last_page=last_page,
                pages=range(1, last_page + 1),
            ),
            "page": page,
            "last_page": last_page,
            "pages": range(1, last_page + 1),
            "last_number_on_page": last_number_on_page,
            "first_unread": previously_read + 1 if previously_read < thread.last_number else None,
            "suspension": _platform_suspension(request.user),
            "reply_body": reply_body,
            "quoted_number": quoted_number,
        },
    )


@login_required
def first_unread(request, pk):
    thread = _thread_for(request, pk)
    number = min((thread.last_read or 0) + 1, max(thread.last_number, 1))
    probe = Post(thread_id=thread.pk, number=number)
    return redirect(probe.get_absolute_url())


@require_POST
@login_required
def reply(request, pk):
    thread = _thread_for(request, pk)
    form = ReplyForm(request.POST)
    status = 400
    if form.is_valid():
        quoted = None
        if form.cleaned_data.get("quoted"):
            quoted = Post.objects.filter(thread=thread, number=form.cleaned_data["quoted"]).first()
        try:
            post = actions.reply(
                member=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                quoted_post=quoted,
                confirm_privacy=form.privacy_confirmed,
            )
        except actions.ActionError as error:
            form.add_error(None, error.message_text)
            form.privacy_check(error)
            status = 429 if error.code == "rate_limited" else 400
        except PermissionDenied as denied:
            # Suspended meanwhile (or no longer a member): say so, and keep the typed text.
            form.add_error(None, str(denied.args[0]) if denied.args else _("You cannot reply."))
            status = 403
        else:
            return redirect(post.get_absolute_url())
    return render(request, "groups/reply.html", {"thread": thread, "form": form}, status=status)


@require_POST
@login_required
def follow_thread(request, pk):
    return toggle_follow(
        request,
        _thread_for(request, pk),
        follow=lambda member, thread: actions.follow_thread(member=member, thread=thread),
        unfollow=lambda member, thread: actions.unfollow_thread(member=member, thread=thread),
        followed=_("You follow this thread: you hear about new replies."),
        unfollowed=_("You no longer follow this thread."),
    )


@require_GET
@login_required
def mention_candidates(request, pk):
    """Autocomplete for @mentions: only colleagues who may read the thread."""
    thread = _thread_for(request, pk)
    term = " ".join(request.GET.get("q", "").split())[:80]
    people = readers_of_thread(thread).exclude(pk=request.user.pk)
    if term:
        people = people.filter(display_name__icontains=term)
    people = people.order_by("display_name").values(
        "pk", "display_name", "job_title", "organisation"
    )[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "id": p["pk"],
                    "name": p["display_name"],
                    "job_title": p["job_title"],
                    "organisation": p["organisation"],
                    # The id makes the mention name exactly this colleague.
                    "insert": f"@[{p['display_name']} #{p['pk']}]",
                }
                for p in people
            ]
        }
    )
