"""The notifications page: a member's own notifications, marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.models import Notification


@login_required
def notifications(request):
    from ..notifications import mark_read

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
