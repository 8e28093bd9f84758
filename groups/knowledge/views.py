"""Pages of knowledge: link a thread to a guidance version, check it against the version in
force, verify or withdraw an answer, follow a guidance document, and per document the
discussions about it (only threads the viewer may read)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.models import Post, Thread
from groups.permissions import is_group_moderator

from . import actions
from .forms import LinkForm, VerifyForm, version_choices
from .models import GuidanceEdition, GuidanceFollow, ThreadLink


def _readable_thread(request, pk) -> Thread:
    return get_object_or_404(
        Thread.objects.readable_by(request.user).select_related("group"), pk=pk
    )


def _failed(request, error) -> int:
    messages.error(request, error.message_text if hasattr(error, "message_text") else str(error))
    return 400


@login_required
def link(request, pk):
    thread = _readable_thread(request, pk)
    current = ThreadLink.objects.filter(thread=thread).first()
    initial = {"version": f"{current.page_id}:{current.number}"} if current else {}
    form = LinkForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get("action") == "unlink":
            try:
                actions.unlink_thread(member=request.user, thread=thread)
            except PermissionDenied as error:
                raise error
            messages.success(request, _("The link to the guidance document has been removed."))
            return redirect(thread)
        if form.is_valid():
            page_id, number = form.cleaned_data["version"]
            try:
                actions.link_thread(
                    member=request.user, thread=thread, page_id=page_id, number=number
                )
            except actions.ActionError as error:
                form.add_error("version", error.message_text)
            else:
                messages.success(request, _("The thread is now linked to this version."))
                return redirect(thread)
    elif not (
        thread.author_id == request.user.pk or is_group_moderator(request.user, thread.group)
    ):
        raise PermissionDenied(_("Only the author of the thread or a moderator can link it."))
    return render(
        request,
        "knowledge/link.html",
        {"thread": thread, "form": form, "choices": version_choices(), "current": current},
        status=status,
    )


@require_POST
@login_required
def check(request, pk):
    thread = _readable_thread(request, pk)
    try:
        link = actions.mark_checked(moderator=request.user, thread=thread)
    except actions.ActionError as error:
        _failed(request, error)
    else:
        messages.success(request, _("Checked for version %(number)s.") % {"number": link.number})
    return redirect(thread)


@login_required
def verify(request, pk):
    post = get_object_or_404(
        Post.objects.readable_by(request.user).select_related("thread__group", "author"), pk=pk
    )
    if not is_group_moderator(request.user, post.thread.group):
        raise PermissionDenied(_("Only a moderator of this group or the bureau can do that."))
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            by_version = form.cleaned_data["until"] == VerifyForm.UNTIL_VERSION
            try:
                actions.verify_post(
                    moderator=request.user,
                    post=post,
                    valid_until=None if by_version else form.cleaned_data["valid_until"],
                    until_page_id=form.cleaned_data["page"] if by_version else None,
                )
            except actions.ActionError as error:
                form.add_error(None, error.message_text)
            else:
                messages.success(request, _("The answer has been verified."))
                return redirect(post.thread)
    return render(request, "knowledge/verify.html", {"post": post, "form": form}, status=status)


@require_POST
@login_required
def withdraw(request, pk):
    thread = _readable_thread(request, pk)
    try:
        actions.withdraw_verification(moderator=request.user, thread=thread)
    except actions.ActionError as error:
        _failed(request, error)
    else:
        messages.success(request, _("The verification has been withdrawn."))
    return redirect(thread)


def guidance(request, page_id):
    """Discussions about a guidance document, per version: threads the viewer may read."""
    editions = list(GuidanceEdition.objects.filter(page_id=page_id))
    if not editions:
        raise Http404
    threads = (
        Thread.objects.readable_by(request.user)
        .filter(guidance_link__page_id=page_id)
        .select_related("group", "guidance_link")
        .order_by("-guidance_link__number", "-last_post_at")
    )
    per_version: dict[int, list] = {e.number: [] for e in editions}
    for thread in threads[:500]:
        number = thread.guidance_link.number
        # A link to a withdrawn version stands for the newest one before it.
        shown = next((e.number for e in editions if e.number <= number), None)
        if shown is not None:
            per_version[shown].append(thread)
    following = (
        request.user.is_authenticated
        and GuidanceFollow.objects.filter(page_id=page_id, member=request.user).exists()
    )
    return render(
        request,
        "knowledge/guidance.html",
        {
            "document": editions[0],
            "versions": [(e, per_version[e.number]) for e in editions],
            "following": following,
        },
    )


@require_POST
@login_required
def follow(request, page_id):
    wanted = request.POST.get("action") != "unfollow"
    try:
        actions.follow_guidance(member=request.user, page_id=page_id, follow=wanted)
    except actions.ActionError as error:
        _failed(request, error)
    else:
        messages.success(
            request,
            _("You follow this guidance document.") if wanted else _("You no longer follow it."),
        )
    return redirect("groups:knowledge:guidance", page_id=page_id)
