"""Views of the website outside Wagtail's page tree: the attendee list as CSV, the favicon."""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.utils.translation import gettext as _

from .models import EventPage


def export_attendees(request, page_id: int):
    """The bureau downloads an event's attendee list as CSV (admin URL)."""
    if not getattr(request.user, "is_bureau", False) and not request.user.is_superuser:
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=page_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deelnemers-{event.slug}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Name"), _("E-mail address"), _("Organisation"), _("Signed up at")])
    for signup in event.signups.select_related("member").order_by("created_at"):
        member = signup.member
        writer.writerow(
            [
                _csv_safe(member.display_name),
                _csv_safe(member.email),
                _csv_safe(getattr(member, "organisation", "")),
                signup.created_at.strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with =, +, - or @ is a formula in spreadsheet programs.
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def publish_signal_report(request, pk):
    """The signal desk's "Publiceer als nieuwsartikel": a draft article, then its editor."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import get_object_or_404, redirect
    from django.urls import reverse

    from groups.querysets import is_bureau
    from groups.signals.models import Report

    from .publishing import publish_signal_report as publish

    if request.method != "POST":
        return redirect(reverse("signal_desk:report", kwargs={"pk": pk}))
    if not is_bureau(request.user):
        raise PermissionDenied
    report = get_object_or_404(Report, pk=pk)
    try:
        page = publish(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(reverse("signal_desk:report", kwargs={"pk": pk}))
    messages.success(request, _("A draft news article is made; check and publish it."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; the file is a static one."""
    return HttpResponsePermanentRedirect(static("website/favicon.ico"))
