"""Pages of one post: its link, the edit and delete forms and its earlier versions, each
showing content only as ``groups.visibility`` allows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import actions
from ..forms import EditForm
from ..models import (
    Post,
    PostRevision,
)
from ..permissions import check_moderate_group, check_read_thread
from ..visibility import is_member
from .common import action_failed, refused


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
                refused(form, error)
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
            action_failed(request, error)
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
