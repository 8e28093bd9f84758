"""Pages of the think groups themselves: the index by domain, a group's thread list, a new
thread, joining and leaving, following, the moderators' management page, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.models import Member

from .. import actions
from ..forms import InviteForm, JoinRequestForm, ThreadForm
from ..knowledge.actions import link_thread
from ..knowledge.panel import with_badges
from ..models import (
    GroupFollow,
    GroupMembership,
    GroupRole,
    Invitation,
    JoinRequest,
    ReadState,
    RequestStatus,
    ThinkGroup,
    Thread,
    Visibility,
)
from ..permissions import check_moderate_group
from ..visibility import is_bureau, is_member
from .common import action_failed, refused, toggle_follow

THREADS_PER_PAGE = 30


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
            # Shown to moderators only (the badge on "Manage group").
            open_requests=Subquery(
                JoinRequest.objects.filter(group=OuterRef("pk"), status=RequestStatus.PENDING)
                .values("group")
                .annotate(n=Count("pk"))
                .values("n")[:1]
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
        threads = with_badges(
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
            with transaction.atomic():  # the thread and its guidance link, or neither
                thread = actions.start_thread(
                    member=request.user,
                    group=group,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    confirm_privacy=form.privacy_confirmed,
                )
                version = form.guidance_version()
                if version is not None:
                    link_thread(
                        member=request.user, thread=thread, page_id=version[0], number=version[1]
                    )
        except actions.ActionError as error:
            status = refused(form, error)
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
        action_failed(request, error)
    if verb == "leave" and group.visibility == Visibility.PRIVATE:
        return redirect("groups:index")
    return redirect(group)


@require_POST
@login_required
def follow_group(request, slug):
    return toggle_follow(
        request,
        get_object_or_404(ThinkGroup, slug=slug),
        follow=lambda member, group: actions.follow_group(member=member, group=group),
        unfollow=lambda member, group: actions.unfollow_group(member=member, group=group),
        followed=_("You follow this group: you hear about new threads."),
        unfollowed=_("You no longer follow this group."),
    )


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
            action_failed(request, error)
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
            action_failed(request, error)
        return redirect("groups:invitations")
    pending = Invitation.objects.filter(
        member=request.user, status=RequestStatus.PENDING
    ).select_related("group", "invited_by")
    return render(request, "groups/invitations.html", {"invitations": pending})
