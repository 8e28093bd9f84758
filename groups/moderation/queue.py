"""The review queue: flagged and held posts a moderator may handle, and what acting on one does.

Shared by the Wagtail admin (the bureau) and the in-site queue (group moderators), so both
show the same items and call the same write functions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import ActionError
from groups.models import Post, ThinkGroup

from . import actions
from .forms import FlagForm, MoveForm, ReasonForm, RedactForm, SuspendForm
from .models import Flag, ModerationAction


def queue_posts(member):
    """Posts with open flags or held for review, in the groups ``member`` moderates; the
    oldest waiting first. Per-reason counts come from the prefetched ``open_flags``."""
    groups = ThinkGroup.objects.moderated_by(member).values("pk")
    open_flags = Flag.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    return (
        Post.objects.filter(thread__group__in=groups, is_deleted=False)
        .annotate(
            open_flag_count=Coalesce(
                Subquery(
                    open_flags.order_by().values("post").annotate(n=Count("pk")).values("n")[:1]
                ),
                0,
            ),
            first_flag_at=Subquery(open_flags.order_by("created_at").values("created_at")[:1]),
        )
        .filter(Q(open_flag_count__gt=0) | Q(is_held=True))
        .select_related("author", "thread", "thread__group", "thread__group__domain")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.open().select_related("reporter").order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .order_by(Coalesce("first_flag_at", "created_at"), "pk")
    )


def reason_counts(post) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for flag in post.open_flags:
        label = flag.get_reason_display()
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def post_for_review(member, pk: int) -> Post:
    """A post in a group the member moderates; others get 403 (moderators elsewhere too)."""
    post = (
        Post.objects.select_related("author", "thread", "thread__group", "hidden_by")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.open().select_related("reporter").order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .filter(pk=pk)
        .first()
    )
    if post is None:
        from django.http import Http404

        raise Http404
    if not ThinkGroup.objects.moderated_by(member).filter(pk=post.thread.group_id).exists():
        raise PermissionDenied(_("Only moderators of this group can do that."))
    return post


def log_for(post, member):
    """The log entries about a post and its thread. The text before a redaction is for the
    bureau only: others get the entries without it."""
    from groups.visibility import is_bureau

    entries = list(
        ModerationAction.objects.filter(Q(post=post) | Q(thread=post.thread_id, post__isnull=True))
        .select_related("actor")
        .order_by("-created_at", "-id")[:50]
    )
    if not is_bureau(member):
        for entry in entries:
            entry.before = {k: v for k, v in entry.before.items() if k != "body"}
            entry.after = {k: v for k, v in entry.after.items() if k != "body"}
    return entries


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return _("Check the form.")


def _suspend(moderator, post, data):
    if post.author is None:
        raise ActionError(_("This message has no author to act on."), "author")
    group = None if data["scope"] == "platform" else post.thread.group
    return actions.suspend_member(
        moderator=moderator,
        member=post.author,
        days=data["days"],
        reason=data["reason"],
        group=group,
    )


def _warn(moderator, post, data):
    if post.author is None:
        raise ActionError(_("This message has no author to act on."), "author")
    return actions.warn_member(
        moderator=moderator, member=post.author, reason=data["reason"], post=post
    )


# verb → (form, function(moderator, post, cleaned_data), success message)
VERBS = {
    "dismiss": (
        ReasonForm,
        lambda m, p, d: actions.dismiss_flags(moderator=m, post=p, reason=d["reason"]),
        gettext_noop("The reports have been dismissed."),
    ),
    "hide": (
        ReasonForm,
        lambda m, p, d: actions.hide_post(moderator=m, post=p, reason=d["reason"]),
        gettext_noop("The message has been hidden."),
    ),
    "unhide": (
        ReasonForm,
        lambda m, p, d: actions.unhide_post(moderator=m, post=p, reason=d["reason"]),
        gettext_noop("The message is visible again."),
    ),
    "release": (
        ReasonForm,
        lambda m, p, d: actions.release_post(moderator=m, post=p, reason=d["reason"]),
        gettext_noop("The message has been published."),
    ),
    "redact": (
        RedactForm,
        lambda m, p, d: actions.redact_post(
            moderator=m, post=p, passage=d["passage"], reason=d["reason"]
        ),
        gettext_noop("The passage has been removed."),
    ),
    "lock": (
        ReasonForm,
        lambda m, p, d: actions.lock_thread(moderator=m, thread=p.thread, reason=d["reason"]),
        gettext_noop("The thread has been closed."),
    ),
    "unlock": (
        ReasonForm,
        lambda m, p, d: actions.unlock_thread(moderator=m, thread=p.thread, reason=d["reason"]),
        gettext_noop("The thread has been reopened."),
    ),
    "pin": (
        ReasonForm,
        lambda m, p, d: actions.pin_thread(moderator=m, thread=p.thread, reason=d["reason"]),
        gettext_noop("The thread has been pinned."),
    ),
    "unpin": (
        ReasonForm,
        lambda m, p, d: actions.unpin_thread(moderator=m, thread=p.thread, reason=d["reason"]),
        gettext_noop("The thread has been unpinned."),
    ),
    "move": (
        MoveForm,
        lambda m, p, d: actions.move_thread(
            moderator=m, thread=p.thread, target=d["target"], reason=d["reason"]
        ),
        gettext_noop("The thread has been moved."),
    ),
    "suspend": (SuspendForm, _suspend, gettext_noop("The member has been suspended.")),
    "warn": (ReasonForm, _warn, gettext_noop("The member has been warned.")),
}


def perform(moderator, post, verb: str, data) -> str:
    """Run one verb on a post; returns the success message. Raises ActionError (bad input,
    a Dutch message) or PermissionDenied; either way nothing has changed."""
    if verb not in VERBS:
        raise ActionError(_("Unknown action."), "verb")
    form_class, function, message = VERBS[verb]
    form = form_class(data)
    if not form.is_valid():
        raise ActionError(_first_error(form), "form")
    function(moderator, post, form.cleaned_data)
    return _(message)


def forms_for(post) -> dict:
    return {
        "reason_form": ReasonForm(),
        "redact_form": RedactForm(),
        "move_form": MoveForm(),
        "suspend_form": SuspendForm(),
        "flag_form": FlagForm(),
    }


def listed(member, limit: int) -> list[Post]:
    """The first ``limit`` posts of the member's queue, each with its report reasons."""
    posts = list(queue_posts(member)[:limit])
    for post in posts:
        post.reasons = reason_counts(post)
    return posts


def act(request, pk: int, verb: str, *, review_url: str):
    """One verb from a review page, the site's or the admin's: perform it, tell the
    moderator how it went, and go back to the review page (``review_url``, a URL name)."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.urls import reverse

    post = post_for_review(request.user, pk)
    try:
        message = perform(request.user, post, verb, request.POST)
    except ActionError as error:
        messages.error(request, error.message_text)
    else:
        messages.success(request, message)
    return redirect(reverse(review_url, kwargs={"pk": post.pk}))
