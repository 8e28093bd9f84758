"""In-site moderation pages: the flag form for members, the queue for group moderators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ActionError
from groups.models import Post, ThinkGroup

from . import actions
from . import queue as queue_actions
from .forms import FlagForm
from .queue import forms_for, log_for, post_for_review, reason_counts

QUEUE_LIMIT = 100


def check_moderator(member) -> None:
    """The queue is for moderators of at least one group (and the bureau)."""
    if not ThinkGroup.objects.moderated_by(member).exists():
        raise PermissionDenied(_("Only moderators can open the moderation queue."))


@login_required
def flag(request, pk):
    post = get_object_or_404(
        Post.objects.readable_by(request.user).select_related("thread", "author"), pk=pk
    )
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.flag_post(
                    member=request.user,
                    post=post,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except ActionError as error:
                form.add_error(None, error.message_text)
            else:
                messages.success(request, _("Thank you. The moderators will look at your report."))
                return redirect(post.get_absolute_url())
    return render(request, "moderation/flag.html", {"post": post, "form": form}, status=status)


@login_required
def queue(request):
    check_moderator(request.user)
    posts = queue_actions.listed(request.user, QUEUE_LIMIT)
    return render(
        request,
        "moderation/queue.html",
        {"posts": posts, "review_url_name": "groups:moderation:review"},
    )


def review_context(request, post) -> dict:
    return {
        "post": post,
        "reasons": reason_counts(post),
        "log": log_for(post, request.user),
        "act_url_name": "groups:moderation:act",
        **forms_for(post),
    }


@login_required
def review(request, pk):
    check_moderator(request.user)
    post = post_for_review(request.user, pk)
    return render(request, "moderation/review.html", review_context(request, post))


@require_POST
@login_required
def act(request, pk, verb):
    """One moderation verb on a post (CSRF-protected like every POST)."""
    check_moderator(request.user)
    return queue_actions.act(request, pk, verb, review_url="groups:moderation:review")
