"""The bureau's signal desk in the Wagtail admin: inbox, signal review with the quote side by
side, themes (edit, accept, merge, delete), reports (links, dispatches, answers) and trends."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from groups.actions import ActionError
from groups.querysets import is_bureau

from . import actions
from .forms import (
    AnswerForm,
    DeleteThemeForm,
    DispatchForm,
    LinkForm,
    MergeForm,
    MoveForm,
    QuoteForm,
    RejectForm,
    ReportForm,
    ThemeForm,
)
from .jobs import quote_source
from .models import (
    Report,
    ReportDispatch,
    ReportLink,
    Signal,
    SignalLog,
    SignalStatus,
    Theme,
    ThemeStatus,
)
from .report import build

INBOX_LIMIT = 300


class BureauOnlyMixin:
    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if not is_bureau(request.user):
            raise PermissionDenied(_("Only the bureau can do that."))
        return super().dispatch(request, *args, **kwargs)


class DeskPage(BureauOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "pick"


class ActionView(BureauOnlyMixin, View):
    """POST-only: run one write function, report its outcome, go back."""

    http_method_names = ["post"]

    def run(self, request, **kwargs) -> tuple[str, str]:  # (message, redirect url)
        raise NotImplementedError

    def post(self, request, **kwargs):
        try:
            message, url = self.run(request, **kwargs)
        except ActionError as error:
            messages.error(request, error.message_text)
            return redirect(request.POST.get("back") or self.fallback(**kwargs))
        messages.success(request, message)
        return redirect(url)

    def fallback(self, **kwargs) -> str:
        return reverse("signal_desk:index")


def _form_error(form) -> ActionError:
    first = next(iter(form.errors.values()))[0] if form.errors else _("Check the form.")
    return ActionError(str(first))


# --- the inbox and one signal ---------------------------------------------------------------


def _signal_rows():
    return Signal.objects.select_related(
        "post__thread__group__domain", "post__author", "theme", "scheme", "marked_by"
    )


class InboxView(DeskPage):
    template_name = "signals/admin/inbox.html"
    page_title = gettext_lazy("Signal desk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", SignalStatus.NEW)
        if status not in SignalStatus.values:
            status = SignalStatus.NEW
        rows = list(
            _signal_rows()
            .filter(status=status)
            .order_by("theme__name", "-created_at")[:INBOX_LIMIT]
        )
        per_theme: dict[str, list[Signal]] = {}
        for signal in rows:
            per_theme.setdefault(signal.theme.name, []).append(signal)
        counts = dict(Signal.objects.values_list("status").annotate(n=Count("pk")).order_by())
        context.update(
            per_theme=per_theme,
            status=status,
            statuses=[(s.value, s.label, counts.get(s.value, 0)) for s in SignalStatus],
            proposed_themes=Theme.objects.filter(status=ThemeStatus.PROPOSED).count(),
        )
        return context


class SignalView(DeskPage):
    template_name = "signals/admin/signal.html"
    page_title = gettext_lazy("Signal")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signal = get_object_or_404(_signal_rows(), pk=self.kwargs["pk"])
        post = signal.post
        previous = (
            post.thread.posts.filter(number__lt=post.number, is_deleted=False)
            .select_related("author")
            .order_by("-number")
            .first()
        )
        quote_initial = signal.quote_text if signal.quote_approved_at else signal.proposal_text
        context.update(
            signal=signal,
            post=post,
            previous=previous,
            source=quote_source(post.body),
            proposal_current=signal.proposal_is_current(post),
            quote_current=signal.quote_is_current(post),
            quote_form=QuoteForm(initial={"text": quote_initial}),
            move_form=MoveForm(initial={"theme": signal.theme_id}),
            reject_form=RejectForm(),
            log=SignalLog.objects.filter(signal=signal).select_related("actor")[:50],
        )
        return context


class SignalActView(ActionView):
    def fallback(self, pk, verb):
        return reverse("signal_desk:signal", kwargs={"pk": pk})

    def run(self, request, pk, verb):
        signal = get_object_or_404(Signal, pk=pk)
        back = reverse("signal_desk:signal", kwargs={"pk": pk})
        actor = request.user
        if verb == "accept":
            actions.accept_signal(actor=actor, signal=signal)
            return _("The signal is accepted."), back
        if verb == "move":
            form = MoveForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            actions.move_signal(actor=actor, signal=signal, theme=form.cleaned_data["theme"])
            return _("The signal is moved."), back
        if verb == "reject":
            actions.reject_signal(actor=actor, signal=signal, reason=request.POST.get("reason", ""))
            return _("The signal is rejected; the marker is told why."), back
        if verb == "approve":
            actions.approve_quote(actor=actor, signal=signal, text=request.POST.get("text", ""))
            return _("The quote is approved."), back
        if verb == "unapprove":
            actions.unapprove_quote(actor=actor, signal=signal)
            return _("The quote is no longer approved."), back
        raise ActionError(_("Unknown action."))


# --- themes ------------------------------------------------------------------------------------


class ThemesView(DeskPage):
    template_name = "signals/admin/themes.html"
    page_title = gettext_lazy("Themes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            themes=Theme.objects.exclude(status=ThemeStatus.MERGED)
            .annotate(
                new=Count("signals", filter=Q(signals__status=SignalStatus.NEW)),
                accepted=Count("signals", filter=Q(signals__status=SignalStatus.ACCEPTED)),
            )
            .order_by("status", "name"),
            form=ThemeForm(),
        )
        return context


class ThemeView(DeskPage):
    template_name = "signals/admin/theme.html"
    page_title = gettext_lazy("Theme")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = get_object_or_404(Theme, pk=self.kwargs["pk"])
        signals = _signal_rows().filter(theme=theme)
        counts = dict(signals.values_list("status").annotate(n=Count("pk")).order_by())
        context.update(
            theme=theme,
            accepted=list(signals.filter(status=SignalStatus.ACCEPTED)[:300]),
            counts=[(s.label, counts.get(s.value, 0)) for s in SignalStatus],
            form=ThemeForm(initial={"name": theme.name, "summary": theme.summary}),
            merge_form=MergeForm(),
            delete_form=DeleteThemeForm(),
            reports=theme.reports.all(),
        )
        context["merge_form"].fields["target"].queryset = Theme.objects.exclude(
            status=ThemeStatus.MERGED
        ).exclude(pk=theme.pk)
        context["delete_form"].fields["move_to"].queryset = (
            context["merge_form"].fields["target"].queryset
        )
        return context


class ThemeActView(ActionView):
    def fallback(self, pk=None, verb=None):
        if pk:
            return reverse("signal_desk:theme", kwargs={"pk": pk})
        return reverse("signal_desk:themes")

    def run(self, request, verb, pk=None):
        actor = request.user
        if verb == "create":
            form = ThemeForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            theme = actions.create_theme(actor=actor, **form.cleaned_data)
            return _("The theme is added."), reverse("signal_desk:theme", kwargs={"pk": theme.pk})
        theme = get_object_or_404(Theme, pk=pk)
        back = reverse("signal_desk:theme", kwargs={"pk": theme.pk})
        if verb == "save":
            form = ThemeForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            actions.save_theme(actor=actor, theme=theme, **form.cleaned_data)
            return _("The theme is saved."), back
        if verb == "accept":
            actions.accept_theme(actor=actor, theme=theme)
            return _("The theme is accepted."), back
        if verb == "merge":
            form = MergeForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            target = actions.merge_themes(
                actor=actor, source=theme, target=form.cleaned_data["target"]
            )
            return _("The themes are merged."), reverse(
                "signal_desk:theme", kwargs={"pk": target.pk}
            )
        if verb == "delete":
            form = DeleteThemeForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            actions.delete_theme(actor=actor, theme=theme, move_to=form.cleaned_data["move_to"])
            return _("The theme is deleted."), reverse("signal_desk:themes")
        raise ActionError(_("Unknown action."))


# --- reports -------------------------------------------------------------------------------------


class ReportsView(DeskPage):
    template_name = "signals/admin/reports.html"
    page_title = gettext_lazy("Signal reports")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reports=Report.objects.prefetch_related("themes"),
            form=ReportForm(initial={"status": "draft"}),
        )
        return context


class ReportView(DeskPage):
    template_name = "signals/admin/report.html"
    page_title = gettext_lazy("Signal report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(Report, pk=self.kwargs["pk"])
        context.update(
            report=report,
            data=build(report),
            form=ReportForm(
                initial={
                    "title": report.title,
                    "themes": list(report.themes.all()),
                    "period_start": report.period_start,
                    "period_end": report.period_end,
                    "summary": report.summary,
                    "status": report.status,
                }
            ),
            links=report.links.all(),
            link_form=LinkForm(),
            dispatches=report.dispatches.all(),
            dispatch_form=DispatchForm(),
            answer_form=AnswerForm(),
            new_link=self.request.session.pop("signals_new_link", None),
        )
        return context


def _report_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "themes": list(data["themes"]),
        "period_start": data["period_start"],
        "period_end": data["period_end"],
        "summary": data["summary"],
        "status": data["status"],
    }


class ReportActView(ActionView):
    def fallback(self, pk=None, verb=None, item=None):
        if pk:
            return reverse("signal_desk:report", kwargs={"pk": pk})
        return reverse("signal_desk:reports")

    def run(self, request, verb, pk=None, item=None):
        actor = request.user
        if verb == "create":
            form = ReportForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            report = actions.save_report(actor=actor, **_report_fields(form))
            return _("The report is made."), reverse("signal_desk:report", kwargs={"pk": report.pk})
        report = get_object_or_404(Report, pk=pk)
        back = reverse("signal_desk:report", kwargs={"pk": report.pk})
        if verb == "save":
            form = ReportForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            actions.save_report(actor=actor, report=report, **_report_fields(form))
            return _("The report is saved."), back
        if verb == "link":
            _link, token = actions.create_report_link(
                actor=actor, report=report, label=request.POST.get("label", "")
            )
            url = request.build_absolute_uri(
                reverse("groups:signals:shared", kwargs={"token": token})
            )
            request.session["signals_new_link"] = url
            return _("The link is made; copy it now, it is shown only once."), back
        if verb == "revoke":
            link = get_object_or_404(ReportLink, pk=item, report=report)
            actions.revoke_report_link(actor=actor, link=link)
            return _("The link is revoked; it no longer opens the report."), back
        if verb == "dispatch":
            form = DispatchForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            actions.record_dispatch(actor=actor, report=report, **form.cleaned_data)
            return _("Recorded where the report went."), back
        if verb == "answer":
            dispatch = get_object_or_404(ReportDispatch, pk=item, report=report)
            form = AnswerForm(request.POST)
            if not form.is_valid():
                raise _form_error(form)
            actions.record_answer(actor=actor, dispatch=dispatch, **form.cleaned_data)
            return _("The answer is recorded; the members concerned are notified."), back
        raise ActionError(_("Unknown action."))


class TrendsView(DeskPage):
    template_name = "signals/admin/trends.html"
    page_title = gettext_lazy("Theme trends")

    def get_context_data(self, **kwargs):
        from .trends import trends

        context = super().get_context_data(**kwargs)
        context["domains"] = trends()
        return context
