"""What every page of the think groups shares: page numbers, refusals, the way back, and
following or unfollowing (a thread or a group) from a form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from core.errors import ActionError


def page_number(request, last_page: int) -> int:
    try:
        page = int(request.GET.get("pagina", 1))
    except (TypeError, ValueError):
        page = 1
    return min(max(page, 1), max(last_page, 1))


def action_failed(request, error: ActionError) -> None:
    messages.error(request, error.message_text)


def back(request, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def refused(form, error: ActionError) -> int:
    """Show a refused write on its form (with the privacy guard's confirmation where it
    warned); the status to answer with (429 when posting too quickly)."""
    form.add_error(None, error.message_text)
    form.privacy_check(error)
    return 429 if error.code == "rate_limited" else 400


def toggle_follow(request, target, *, follow, unfollow, followed: str, unfollowed: str):
    """The follow button of a thread or a group: ``action=unfollow`` stops, anything else
    follows (through the write functions); back to where the form was."""
    if request.POST.get("action") == "unfollow":
        unfollow(request.user, target)
        messages.success(request, unfollowed)
    else:
        follow(request.user, target)
        messages.success(request, followed)
    return back(request, target.get_absolute_url())
