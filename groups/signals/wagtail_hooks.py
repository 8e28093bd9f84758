"""Registers the signal desk in the Wagtail admin (menu "Signalen", bureau only)."""

from __future__ import annotations

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from community.admin_display import DutchInspectView
from groups.moderation.wagtail_hooks import BureauMenuItem, BureauReadOnlyPolicy
from groups.querysets import is_bureau

from . import actions, admin_views
from .chooser import report_chooser_viewset
from .models import Scheme, SignalLog

register_permission_policy(SignalLog, BureauReadOnlyPolicy(SignalLog))


class BureauEditsPolicy(BureauReadOnlyPolicy):
    """The bureau keeps the list of schemes (through ``actions.save_scheme``). Schemes are
    renamed, never deleted: signals refer to them."""

    actions = frozenset({"view", "add", "change"})


register_permission_policy(Scheme, BureauEditsPolicy(Scheme))


class SchemeForm(WagtailAdminModelForm):
    class Meta:
        model = Scheme
        fields = ["name", "position"]

    def clean_name(self):
        # The write function's own check, so a refusal shows on the form (ActionError is a
        # ValidationError).
        return actions.clean_scheme_name(self.cleaned_data.get("name", ""), self.instance)

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        return actions.save_scheme(
            actor=self.for_user,
            scheme=self.instance,
            name=self.cleaned_data["name"],
            position=self.cleaned_data["position"],
        )


class SchemeViewSet(ModelViewSet):
    model = Scheme
    icon = "doc-full"
    menu_label = _("Schemes and laws")
    name = "regelingen"
    add_to_admin_menu = False
    form_fields = ["name", "position"]
    list_display = ["name", "position"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return SchemeForm


class SignalLogInspectView(DutchInspectView):
    field_labels = {"report": _("Signal report")}


class SignalLogViewSet(ModelViewSet):
    model = SignalLog
    icon = "list-ul"
    menu_label = _("Signal desk log")
    name = "signaallog"
    add_to_admin_menu = False
    list_display = [
        "created_at",
        "kind",
        "actor",
        "theme",
        Column("report", label=_("Signal report")),
        "reason",
    ]
    list_filter = ["kind", "created_at"]
    search_fields = ["reason"]
    inspect_view_enabled = True
    inspect_view_class = SignalLogInspectView
    copy_view_enabled = False
    inspect_view_fields = [
        "created_at", "kind", "actor", "signal", "theme", "report", "reason", "before", "after",
    ]  # fmt: skip
    ordering = ["-created_at"]
    form_fields = ["reason"]


@hooks.register("register_admin_viewset")
def register_report_chooser():
    return report_chooser_viewset


@hooks.register("register_admin_viewset")
def register_scheme_viewset():
    return SchemeViewSet()


@hooks.register("register_admin_viewset")
def register_log_viewset():
    return SignalLogViewSet()


desk_patterns = [
    path("", admin_views.InboxView.as_view(), name="index"),
    path("signaal/<int:pk>/", admin_views.SignalView.as_view(), name="signal"),
    path("signaal/<int:pk>/<slug:verb>/", admin_views.SignalActView.as_view(), name="signal_act"),
    path("themas/", admin_views.ThemesView.as_view(), name="themes"),
    path("themas/nieuw/", admin_views.ThemeActView.as_view(), {"verb": "create"}, name="theme_new"),
    path("themas/<int:pk>/", admin_views.ThemeView.as_view(), name="theme"),
    path("themas/<int:pk>/<slug:verb>/", admin_views.ThemeActView.as_view(), name="theme_act"),
    path("rapporten/", admin_views.ReportsView.as_view(), name="reports"),
    path(
        "rapporten/nieuw/",
        admin_views.ReportActView.as_view(),
        {"verb": "create"},
        name="report_new",
    ),
    path("rapporten/<int:pk>/", admin_views.ReportView.as_view(), name="report"),
    path("rapporten/<int:pk>/<slug:verb>/", admin_views.ReportActView.as_view(), name="report_act"),
    path(
        "rapporten/<int:pk>/<slug:verb>/<int:item>/",
        admin_views.ReportActView.as_view(),
        name="report_item_act",
    ),
    path("trends/", admin_views.TrendsView.as_view(), name="trends"),
]


@hooks.register("register_admin_urls")
def register_desk_urls():
    return [path("signalen/", include((desk_patterns, "signal_desk"), namespace="signal_desk"))]


@hooks.register("register_admin_menu_item")
def register_desk_menu():
    items = [
        (_("Inbox"), "signal_desk:index", "pick"),
        (_("Themes"), "signal_desk:themes", "tag"),
        (_("Signal reports"), "signal_desk:reports", "doc-full-inverse"),
        (_("Theme trends"), "signal_desk:trends", "view"),
        (_("Schemes and laws"), "regelingen:index", "doc-full"),
        (_("Signal desk log"), "signaallog:index", "list-ul"),
    ]
    menu = Menu(
        items=[
            BureauMenuItem(label, reverse_lazy(name), icon_name=icon, order=i)
            for i, (label, name, icon) in enumerate(items)
        ]
    )
    return SubmenuMenuItem(_("Signals"), menu, icon_name="pick", order=260)


class SignalTrendsPanel(Component):
    """The admin home's panel for the bureau: the inbox and, per domain, the themes with the
    most new signals (database only; the rising words are on the trends page)."""

    name = "signal_trends"
    template_name = "signals/admin/home_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        from django.utils import timezone

        from groups.models import Domain

        from .models import Signal, SignalStatus
        from .trends import theme_counts

        context = super().get_context_data(parent_context)
        counts = theme_counts(timezone.now())
        context["inbox"] = Signal.objects.filter(status=SignalStatus.NEW).count()
        context["domains"] = [(d, counts.get(d.pk, [])[:3]) for d in Domain.objects.all()]
        return context


@hooks.register("construct_homepage_panels")
def add_signal_panel(request, panels):
    if is_bureau(request.user):
        panels.append(SignalTrendsPanel())
