"""The notifications page and the bell's dropdown: a member's own notifications, marking
them read (one entry, which may fold several, or all of them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.models import Notification

from .. import inbox


def _mark(request):
    from ..notifications import mark_read

    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
    if ids:
        # Only the member's own rows: someone else's id marks nothing.
        mine = list(
            Notification.objects.filter(pk__in=ids[:200], recipient=request.user).values_list(
                "url", flat=True
            )
        )
        mark_read(member=request.user, ids=ids[:200])
        opened = request.POST.get("open") and request.POST.get("url", "")
        if opened and opened in mine and opened.startswith("/"):
            return redirect(opened)
    else:
        mark_read(member=request.user)
        messages.success(request, _("All notifications are marked as read."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("groups:notifications")


@login_required
def notifications(request):
    if request.method == "POST":
        return _mark(request)
    paginator = Paginator(inbox.rows_for(request.user), 30)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    return render(
        request,
        "groups/notifications.html",
        {"page_obj": page_obj, "entries": inbox.group(list(page_obj))},
    )


@login_required
@require_GET
def notifications_latest(request):
    """The bell's dropdown (fetched when it opens or a notification arrives): its HTML and
    the unread count."""
    entries = inbox.latest(request.user)
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    html = render_to_string(
        "groups/includes/notification_dropdown.html",
        {"entries": entries, "unread": unread, "next": back},
        request=request,
    )
    response = JsonResponse({"unread": unread, "html": html})
    response["Cache-Control"] = "no-store"
    return response
