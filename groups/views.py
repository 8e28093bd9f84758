"""Pages of the think groups: plain forms and links, everything works without JavaScript.

Reads go through the permission querysets (groups.querysets), writes through
groups.actions; a view never writes a model itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import empty
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.models import Member, Notification

from . import actions
from .forms import EditForm, InviteForm, JoinRequestForm, ReplyForm, ThreadForm
from .fragments import AUTHENTICATED, post_page, render_neutral
from .markdown import quote
from .models import (
    POSTS_PER_PAGE,
    GroupFollow,
    GroupMembership,
    GroupRole,
    Invitation,
    JoinRequest,
    Post,
    PostRevision,
    ReadState,
    RequestStatus,
    ThinkGroup,
    Thread,
    ThreadFollow,
    Visibility,
)
from .permissions import Standing, check_moderate_group, check_read_thread
from .querysets import can_read_thread, is_bureau, is_member, readers_of_thread

THREADS_PER_PAGE = 30


def _page_number(request, last_page: int) -> int:
    try:
        page = int(request.GET.get("pagina", 1))
    except (TypeError, ValueError):
        page = 1
    return min(max(page, 1), max(last_page, 1))


def _action_failed(request, error: actions.ActionError) -> None:
    messages.error(request, error.message_text)


def _back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


# --- groups ----------------------------------------------------------------------------------


def group_index(request):
    """Groups by domain; the viewer's own groups first. Anonymous visitors get the public
    face (open and closed groups, no activity figures) and an invitation to join."""
    user = request.user
    groups = ThinkGroup.objects.listed_for(user).select_related("domain")
    if is_member(user):
        groups = groups.annotate(
            is_mine=Exists(GroupMembership.objects.filter(group=OuterRef("pk"), member=user))
        )
    groups = list(groups.order_by("domain__position", "domain__name", "name"))
    mine = [g for g in groups if getattr(g, "is_mine", False)]
    others = [g for g in groups if not getattr(g, "is_mine", False)]
    domains: dict = {}
    for group in others:
        domains.setdefault(group.domain, []).append(group)
    return render(
        request,
        "groups/index.html",
        {"mine": mine, "domains": list(domains.items()), "show_activity": is_member(user)},
    )


def _group_for(request, slug: str) -> ThinkGroup:
    """The group with the viewer's relation to it, in one query; 404 when not listed."""
    user = request.user
    groups = ThinkGroup.objects.listed_for(user).select_related("domain")
    if is_member(user):
        groups = groups.annotate(
            my_role=Subquery(
                GroupMembership.objects.filter(group=OuterRef("pk"), member=user).values("role")[:1]
            ),
            is_following=Exists(GroupFollow.objects.filter(group=OuterRef("pk"), member=user)),
            pending_request=Exists(
                JoinRequest.objects.filter(
                    group=OuterRef("pk"), member=user, status=RequestStatus.PENDING
                )
            ),
        )
    group = groups.filter(slug=slug).first()
    if group is None:
        raise Http404
    bureau = is_bureau(user)
    role = getattr(group, "my_role", None)
    group.is_member = role is not None
    group.is_moderator = bureau or role == GroupRole.MODERATOR
    group.can_read = (
        bureau or group.is_member or (is_member(user) and group.visibility == Visibility.OPEN)
    )
    group.can_see_titles = group.can_read or (
        is_member(user) and group.visibility == Visibility.CLOSED
    )
    return group


def _unread_state(thread) -> str:
    last_read = getattr(thread, "last_read", None)
    if last_read is None:
        return "new"
    return "unread" if thread.last_number > last_read else ""


def group_detail(request, slug):
    group = _group_for(request, slug)
    user = request.user
    page_obj = None
    if group.can_see_titles:
        threads = (
            Thread.objects.titles_visible_to(user)
            .filter(group=group)
            .select_related("author", "last_poster")
            .order_by("-is_pinned", "-last_post_at", "-pk")
        )
        if is_member(user):
            threads = threads.annotate(
                last_read=Subquery(
                    ReadState.objects.filter(thread=OuterRef("pk"), member=user).values(
                        "last_read_number"
                    )[:1]
                )
            )
        paginator = Paginator(threads, THREADS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("pagina"))
        for thread in page_obj:
            thread.unread = _unread_state(thread) if is_member(user) else ""
    return render(
        request,
        "groups/group.html",
        {
            "group": group,
            "page_obj": page_obj,
            "titles_only": not group.can_read,
            "request_form": JoinRequestForm(),
        },
    )


@login_required
def new_thread(request, slug):
    group = _group_for(request, slug)
    if not group.can_read:
        raise PermissionDenied(_("Join this group to take part in the discussion."))
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            thread = actions.start_thread(
                member=request.user,
                group=group,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                confirm_privacy=form.privacy_confirmed,
            )
        except actions.ActionError as error:
            form.add_error(None, error.message_text)
            form.privacy_check(error)
            status = 429 if error.code == "rate_limited" else 400
        else:
            messages.success(request, _("Your thread has been started."))
            return redirect(thread)
    elif request.method == "POST":
        status = 400
    return render(request, "groups/new_thread.html", {"group": group, "form": form}, status=status)


@require_POST
@login_required
def membership(request, slug):
    group = get_object_or_404(ThinkGroup, slug=slug)
    verb = request.POST.get("action")
    try:
        if verb == "join":
            actions.join_group(member=request.user, group=group)
            messages.success(request, _("Welcome to %(group)s.") % {"group": group.name})
        elif verb == "leave":
            actions.leave_group(member=request.user, group=group)
            messages.success(request, _("You have left %(group)s.") % {"group": group.name})
        elif verb == "request":
            form = JoinRequestForm(request.POST)
            text = form.cleaned_data["message"] if form.is_valid() else ""
            actions.request_to_join(member=request.user, group=group, message=text)
            messages.success(request, _("Your request has been sent to the moderators."))
        elif verb == "withdraw":
            join_request = get_object_or_404(
                JoinRequest, group=group, member=request.user, status=RequestStatus.PENDING
            )
            actions.withdraw_join_request(member=request.user, request=join_request)
            messages.success(request, _("Your request has been withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
    except actions.ActionError as error:
        _action_failed(request, error)
    if verb == "leave" and group.visibility == Visibility.PRIVATE:
        return redirect("groups:index")
    return redirect(group)


@require_POST
@login_required
def follow_group(request, slug):
    group = get_object_or_404(ThinkGroup, slug=slug)
    if request.POST.get("action") == "unfollow":
        actions.unfollow_group(member=request.user, group=group)
        messages.success(request, _("You no longer follow this group."))
    else:
        actions.follow_group(member=request.user, group=group)
        messages.success(request, _("You follow this group: you hear about new threads."))
    return _back(request, group.get_absolute_url())


@login_required
def manage_group(request, slug):
    """Moderators: pending join requests, members and their roles, invitations."""
    group = _group_for(request, slug)
    check_moderate_group(request.user, group)
    invite_form = InviteForm()
    if request.method == "POST":
        verb = request.POST.get("action")
        try:
            if verb in {"approve", "refuse"}:
                join_request = get_object_or_404(
                    JoinRequest, pk=request.POST.get("id"), group=group
                )
                actions.decide_join_request(
                    moderator=request.user, request=join_request, approve=verb == "approve"
                )
                messages.success(request, _("The decision has been recorded."))
            elif verb == "invite":
                invite_form = InviteForm(request.POST)
                if invite_form.is_valid():
                    who = invite_form.cleaned_data["who"].strip()
                    found = list(
                        Member.objects.filter(is_active=True).filter(
                            Q(email__iexact=who) | Q(display_name__iexact=who)
                        )[:2]
                    )
                    if len(found) != 1:
                        invite_form.add_error(
                            "who", _("No single colleague matches; use their e-mail address.")
                        )
                    else:
                        actions.invite(inviter=request.user, group=group, member=found[0])
                        messages.success(request, _("The invitation has been sent."))
                        return redirect("groups:manage", slug=group.slug)
            elif verb in {"remove", "make_moderator", "make_member"}:
                person = get_object_or_404(Member, pk=request.POST.get("member"))
                if verb == "remove":
                    actions.remove_member(moderator=request.user, group=group, member=person)
                else:
                    role = GroupRole.MODERATOR if verb == "make_moderator" else GroupRole.MEMBER
                    actions.set_group_role(
                        moderator=request.user, group=group, member=person, role=role
                    )
                messages.success(request, _("The membership has been changed."))
            if verb != "invite":
                return redirect("groups:manage", slug=group.slug)
        except actions.ActionError as error:
            _action_failed(request, error)
            return redirect("groups:manage", slug=group.slug)
    return render(
        request,
        "groups/manage.html",
        {
            "group": group,
            "requests": JoinRequest.objects.filter(
                group=group, status=RequestStatus.PENDING
            ).select_related("member"),
            "memberships": GroupMembership.objects.filter(group=group)
            .select_related("member")
            .order_by("-role", "member__display_name"),
            "invitations": Invitation.objects.filter(
                group=group, status=RequestStatus.PENDING
            ).select_related("member"),
            "invite_form": invite_form,
        },
    )


@login_required
def invitations(request):
    if request.method == "POST":
        invitation = get_object_or_404(Invitation, pk=request.POST.get("id"), member=request.user)
        try:
            if request.POST.get("action") == "accept":
                actions.accept_invitation(member=request.user, invitation=invitation)
                messages.success(
                    request, _("Welcome to %(group)s.") % {"group": invitation.group.name}
                )
                return redirect(invitation.group)
            actions.decline_invitation(member=request.user, invitation=invitation)
            messages.success(request, _("The invitation has been declined."))
        except actions.ActionError as error:
            _action_failed(request, error)
        return redirect("groups:invitations")
    pending = Invitation.objects.filter(
        member=request.user, status=RequestStatus.PENDING
    ).select_related("group", "invited_by")
    return render(request, "groups/invitations.html", {"invitations": pending})


# --- threads ------------------------------------------------------------------------------


# The viewer's role names as one text (unit separator between names; the roles are
# auth groups such as "Leden", "Redactie", "Bureau"), per database vendor.
_ROLE_SEPARATOR = "\x1f"
_ROLE_NAMES_AGGREGATE = {
    "postgresql": "string_agg(g.name, chr(31))",
    "sqlite": "group_concat(g.name, char(31))",
}


def _unwrapped(user):
    """The member behind ``request.user`` (a lazy object around it)."""
    wrapped = vars(user).get("_wrapped", user)
    return user if wrapped is empty else wrapped


def _viewer_relation(user, *, with_bell: bool) -> dict:
    """Annotations of a thread with the viewer's relation to it: follow, read state, role
    in the group, platform role names and (``with_bell``) the unread-notification count
    for the bell. Plain correlated subqueries on indexed keys, written as SQL because the
    page runs them on every view and building them as ORM subqueries cost more than
    running them. Only table names (from the models) go into the text; values are
    parameters."""
    from django.contrib.auth.models import Group

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    thread, follows, reads = table(Thread), table(ThreadFollow), table(ReadState)
    memberships, roles, role = table(GroupMembership), table(Member.groups.through), table(Group)
    parts = {
        "is_following": (
            f"EXISTS (SELECT 1 FROM {follows} WHERE thread_id = {thread}.id"  # noqa: S608
            " AND member_id = %s)",
            [user.pk],
            BooleanField(),
        ),
        "last_read": (
            f"(SELECT last_read_number FROM {reads} WHERE thread_id = {thread}.id"  # noqa: S608
            " AND member_id = %s LIMIT 1)",
            [user.pk],
            IntegerField(),
        ),
        "my_role": (
            f"(SELECT role FROM {memberships} WHERE group_id = {thread}.group_id"  # noqa: S608
            " AND member_id = %s LIMIT 1)",
            [user.pk],
            CharField(),
        ),
    }
    names = _ROLE_NAMES_AGGREGATE.get(connection.vendor)
    if names and "role_names" not in vars(_unwrapped(user)):
        # The viewer's platform roles (Member.role_names), once per request, here.
        parts["viewer_role_names"] = (
            f"(SELECT {names} FROM {roles} mg INNER JOIN {role} g"  # noqa: S608
            " ON g.id = mg.group_id WHERE mg.member_id = %s)",
            [user.pk],
            TextField(),
        )
    if with_bell:
        notifications = table(Notification)
        parts["viewer_unread_notifications"] = (
            f"(SELECT COUNT(*) FROM {notifications} WHERE recipient_id = %s"  # noqa: S608
            " AND read_at IS NULL)",
            [user.pk],
            IntegerField(),
        )
    return {
        name: RawSQL(sql, params, output_field=field)  # noqa: S611 - our SQL; values in params
        for name, (sql, params, field) in parts.items()
    }


def _thread_for(request, pk: int, *, with_bell: bool = False) -> Thread:
    """The thread with the viewer's state on it, in one query; the right refusal otherwise.

    The query is plain (thread, group and the viewer's relation to it, see
    ``_viewer_relation``); who may read it is decided in Python by ``can_read_thread``, the
    mirror of ``Thread.objects.readable_by`` (tested equal)."""
    user = request.user
    if not is_member(user):
        thread = get_object_or_404(Thread.objects.select_related("group"), pk=pk)
        # The log-in page for what exists publicly; private groups do not exist.
        if not ThinkGroup.objects.listed_for(user).filter(pk=thread.group_id).exists():
            raise Http404
        raise _LoginRequired
    annotations = _viewer_relation(
        user, with_bell=with_bell and not hasattr(request, "_unread_notifications")
    )
    thread = next(
        iter(Thread.objects.select_related("group").annotate(**annotations).filter(pk=pk)[:1]),
        None,
    )
    if thread is None:
        raise Http404
    if "viewer_unread_notifications" in annotations:
        request._unread_notifications = thread.viewer_unread_notifications or 0
    if "viewer_role_names" in annotations:
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


class _LoginRequired(Exception):
    pass


def thread_detail(request, pk):
    try:
        thread = _thread_for(request, pk, with_bell=True)
    except _LoginRequired:
        return redirect_to_login(request.get_full_path())
    last_page = (max(thread.last_number, 1) - 1) // POSTS_PER_PAGE + 1
    page = _page_number(request, last_page)
    first, last = (page - 1) * POSTS_PER_PAGE + 1, page * POSTS_PER_PAGE
    # By number, not OFFSET: a post's page never changes, so links stay right; deleted
    # and hidden posts keep their place as placeholders.
    posts_html, last_number_on_page = post_page(
        Post.objects.filter(thread_id=thread.pk, number__gte=first, number__lte=last)
    )
    previously_read = thread.last_read or 0
    if last_number_on_page > previously_read:
        actions.mark_read(member=request.user, thread=thread, number=last_number_on_page)
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
        else:
            return redirect(post.get_absolute_url())
    return render(request, "groups/reply.html", {"thread": thread, "form": form}, status=status)


@require_POST
@login_required
def follow_thread(request, pk):
    thread = _thread_for(request, pk)
    if request.POST.get("action") == "unfollow":
        actions.unfollow_thread(member=request.user, thread=thread)
        messages.success(request, _("You no longer follow this thread."))
    else:
        actions.follow_thread(member=request.user, thread=thread)
        messages.success(request, _("You follow this thread: you hear about new replies."))
    return _back(request, thread.get_absolute_url())


@require_GET
@login_required
def mention_candidates(request, pk):
    """Autocomplete for @mentions: only colleagues who may read the thread."""
    thread = _thread_for(request, pk)
    term = " ".join(request.GET.get("q", "").split())[:80]
    people = readers_of_thread(thread).exclude(pk=request.user.pk)
    if term:
        people = people.filter(display_name__icontains=term)
    people = people.order_by("display_name").values("pk", "display_name", "job_title")[:10]
    return JsonResponse(
        {
            "results": [
                {
                    "id": p["pk"],
                    "name": p["display_name"],
                    "job_title": p["job_title"],
                    "insert": f"@[{p['display_name']}]",
                }
                for p in people
            ]
        }
    )


# --- posts --------------------------------------------------------------------------------


def _post_for(request, pk: int) -> Post:
    """The post in a thread the viewer may read (its content may still be hidden from
    them: see ``_readable_post``)."""
    post = get_object_or_404(
        Post.objects.select_related("thread", "thread__group", "author"), pk=pk
    )
    if not is_member(request.user):
        raise Http404
    check_read_thread(request.user, post.thread)
    return post


def _readable_post(request, pk: int) -> Post:
    """A post whose content the viewer may read (``groups.visibility``): what a page that
    shows the text (its history, the edit form) needs; 404 for everything else."""
    post = _post_for(request, pk)
    if not Post.objects.readable_by(request.user).filter(pk=post.pk).exists():
        raise Http404
    return post


@login_required
def post_link(request, pk):
    post = _post_for(request, pk)
    return redirect(post.get_absolute_url())


@login_required
def edit_post(request, pk):
    post = _readable_post(request, pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("You can only change your own messages."))
    form = EditForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.edit_post(
                    member=request.user,
                    post=post,
                    body=form.cleaned_data["body"],
                    confirm_privacy=form.privacy_confirmed,
                )
            except actions.ActionError as error:
                form.add_error(None, error.message_text)
                form.privacy_check(error)
            else:
                messages.success(request, _("Your message has been changed."))
                return redirect(post.get_absolute_url())
    return render(request, "groups/edit_post.html", {"post": post, "form": form}, status=status)


@login_required
def delete_post(request, pk):
    post = _post_for(request, pk)
    if request.method == "POST":
        try:
            actions.delete_post(member=request.user, post=post)
        except actions.ActionError as error:
            _action_failed(request, error)
        else:
            messages.success(request, _("The message has been deleted."))
        return redirect(post.get_absolute_url())
    if post.author_id != request.user.pk:
        check_moderate_group(request.user, post.thread.group)
    return render(request, "groups/delete_post.html", {"post": post})


@login_required
def post_history(request, pk):
    """Earlier versions of a post whose content the viewer may read; those a moderator
    hid (a redacted passage) only for moderators."""
    post = _readable_post(request, pk)
    revisions = PostRevision.objects.readable_by(request.user).filter(post=post)
    revisions = revisions.select_related("edited_by")
    return render(request, "groups/post_history.html", {"post": post, "revisions": revisions})


# --- notifications --------------------------------------------------------------------------


@login_required
def notifications(request):
    from .notifications import mark_read

    if request.method == "POST":
        if request.POST.get("id", "").isdigit():
            note = get_object_or_404(Notification, pk=request.POST["id"], recipient=request.user)
            mark_read(member=request.user, ids=[note.pk])
            if request.POST.get("open") and note.url.startswith("/"):
                return redirect(note.url)
        else:
            mark_read(member=request.user)
            messages.success(request, _("All notifications are marked as read."))
        return redirect("groups:notifications")
    paginator = Paginator(
        Notification.objects.filter(recipient=request.user).select_related("actor"), 30
    )
    return render(
        request,
        "groups/notifications.html",
        {"page_obj": paginator.get_page(request.GET.get("pagina"))},
    )
