"""Signal pages on the site: marking a post, the author's consent, my signals, themes, and
the signal report for members and (through a token link) for outsiders, as HTML, PDF, CSV."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.actions import ActionError
from groups.models import Thread
from groups.querysets import is_bureau, is_member
from groups.reports.rendering import csv_response, pdf_download

from . import actions
from .forms import ConsentForm, MarkForm
from .models import (
    Report,
    ReportLink,
    ReportStatus,
    Signal,
    SignalStatus,
    Theme,
    ThemeFollow,
    ThemeStatus,
)
from .report import build, csv_rows

logger = logging.getLogger(__name__)


# --- marking and consent ---------------------------------------------------------------------


@login_required
def mark(request, pk):
    post = get_object_or_404(
        actions.markable_posts(request.user).select_related("thread__group", "author"), pk=pk
    )
    signal = Signal.objects.filter(post=post).select_related("theme").first()
    already = signal is not None and signal.marks.filter(member=request.user).exists()
    form = MarkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if signal is not None:
            try:
                created = actions.support_signal(member=request.user, signal=signal)
            except ActionError as error:
                messages.error(request, error.message_text)
            else:
                if created:
                    messages.success(request, _("Thank you: you recognise this signal."))
                else:
                    messages.info(request, _("You had marked this message already."))
                return redirect(post.get_absolute_url())
        elif form.is_valid():
            data = form.cleaned_data
            try:
                actions.mark_post(
                    member=request.user,
                    post=post,
                    theme=data["theme"],
                    new_theme_name=data["new_theme"],
                    scheme=data["scheme"],
                    kind=data["kind"],
                    sentence=data["sentence"],
                    quote_consent=data["quote_consent"],
                )
            except ActionError as error:
                form.add_error(None, error.message_text)
            else:
                messages.success(
                    request, _("Thank you. The bureau will look at your signal for policy.")
                )
                return redirect(post.get_absolute_url())
    context = {"post": post, "form": form, "signal": signal, "already": already}
    return render(request, "signals/mark.html", context, status=status)


@login_required
def consent(request, pk):
    signal = get_object_or_404(
        Signal.objects.select_related("post__thread", "theme"), pk=pk, post__author=request.user
    )
    form = ConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            actions.decide_consent(
                member=request.user, signal=signal, allow=form.cleaned_data["allow"]
            )
            messages.success(request, _("Your choice is saved; you can change it at any time."))
            return redirect("groups:signals:consent", pk=signal.pk)
    return render(request, "signals/consent.html", {"signal": signal, "form": form}, status=status)


@login_required
def mine(request):
    """What I marked (with the bureau's decision) and my messages others marked."""
    marked = (
        Signal.objects.filter(marks__member=request.user)
        .select_related("theme", "post__thread")
        .order_by("-created_at")[:200]
    )
    own = (
        Signal.objects.filter(post__author=request.user)
        .select_related("theme", "post__thread")
        .order_by("-created_at")[:200]
    )
    return render(request, "signals/mine.html", {"marked": marked, "own": own})


# --- themes ----------------------------------------------------------------------------------


@login_required
def themes(request):
    rows = Theme.objects.filter(status=ThemeStatus.ACTIVE).annotate(
        accepted=Count("signals", filter=Q(signals__status=SignalStatus.ACCEPTED))
    )
    followed = set(
        ThemeFollow.objects.filter(member=request.user).values_list("theme_id", flat=True)
    )
    return render(request, "signals/themes.html", {"themes": rows, "followed": followed})


@login_required
def theme(request, slug):
    found = get_object_or_404(Theme.objects.select_related("merged_into"), slug=slug)
    if found.status == ThemeStatus.MERGED:
        return redirect(actions.current_theme(found).get_absolute_url())
    if found.status != ThemeStatus.ACTIVE and not is_bureau(request.user):
        raise Http404
    signals = list(
        Signal.objects.counted()
        .filter(theme=found)
        .select_related("post__thread__group__domain", "scheme")
        .order_by("-created_at")[:200]
    )
    readable = set(
        Thread.objects.readable_by(request.user)
        .filter(pk__in={s.post.thread_id for s in signals})
        .values_list("pk", flat=True)
    )
    visible = [s for s in signals if s.post.thread_id in readable]
    reports = list(found.reports.filter(status=ReportStatus.FINAL).prefetch_related("dispatches"))
    context = {
        "theme": found,
        # Only signals from discussions the viewer may read, and only their number: a
        # count of the others would tell about private groups.
        "visible": visible,
        "reports": reports,
        "following": ThemeFollow.objects.filter(theme=found, member=request.user).exists(),
    }
    return render(request, "signals/theme.html", context)


@login_required
@require_POST
def follow(request, slug):
    found = get_object_or_404(Theme, slug=slug, status=ThemeStatus.ACTIVE)
    if request.POST.get("follow") == "1":
        actions.follow_theme(member=request.user, theme=found)
        messages.success(request, _("You follow this theme."))
    else:
        actions.unfollow_theme(member=request.user, theme=found)
        messages.success(request, _("You no longer follow this theme."))
    return redirect(found.get_absolute_url())


# --- reports ---------------------------------------------------------------------------------


def _member_report(request, pk) -> Report:
    if not is_member(request.user):
        raise PermissionDenied(_("Log in to read signal reports."))
    reports = Report.objects.all()
    if not is_bureau(request.user):
        reports = reports.filter(status=ReportStatus.FINAL)
    return get_object_or_404(reports, pk=pk)


def _report_context(report: Report, *, viewer, base: str) -> dict:
    return {
        "report": report,
        "data": build(report, viewer=viewer),
        "dispatches": list(report.dispatches.all()),
        "base_template": base,
        "links": viewer is not None,
    }


def _filename(report: Report, extension: str) -> str:
    from django.utils.text import slugify

    return f"signaalrapport-{slugify(report.title)[:60] or report.pk}.{extension}"


def _pdf(request, report: Report) -> HttpResponse:
    """The PDF: the outsiders' rendering (no links, no names), by WeasyPrint."""
    html = render_to_string(
        "signals/report_document.html",
        {**_report_context(report, viewer=None, base="reports/document.html"), "for_pdf": True},
    )
    return pdf_download(html, _filename(report, "pdf"))


@login_required
def report_page(request, pk):
    report = _member_report(request, pk)
    context = _report_context(report, viewer=request.user, base="base.html")
    context["is_bureau"] = is_bureau(request.user)
    return render(request, "signals/report_page.html", context)


@login_required
def report_pdf(request, pk):
    return _pdf(request, _member_report(request, pk))


@login_required
def report_csv(request, pk):
    report = _member_report(request, pk)
    return csv_response(csv_rows(build(report)), _filename(report, "csv"))


def _shared(token: str) -> ReportLink:
    link = ReportLink.objects.for_token(token).select_related("report").first()
    if link is None:
        raise Http404
    ReportLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())
    return link


def _private(response: HttpResponse) -> HttpResponse:
    """A shared report is never cached by a proxy, so a revoked link stops at once, and
    its token never travels on as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_report(request, token):
    link = _shared(token)
    context = _report_context(link.report, viewer=None, base="reports/document.html")
    context["token"] = token
    return _private(render(request, "signals/report_document.html", context))


def shared_pdf(request, token):
    return _private(_pdf(request, _shared(token).report))


def shared_csv(request, token):
    report = _shared(token).report
    return _private(csv_response(csv_rows(build(report)), _filename(report, "csv")))
