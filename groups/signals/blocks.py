"""The article block that shows a signal report (news articles of kind "signaalrapport")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .chooser import report_chooser_viewset

ReportChooserBlock = report_chooser_viewset.get_block_class(
    name="ReportChooserBlock", module_path="groups.signals.blocks"
)


class SignalReportBlock(blocks.StructBlock):
    """Renders the report as outsiders see it (figures, approved quotes, no links into the
    platform, no group names), computed at render time: a withdrawn consent leaves the
    article at once (the page cache is invalidated by the write functions)."""

    report = ReportChooserBlock(label=_("Signal report"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Signal report")
        template = "signals/blocks/report.html"

    def get_context(self, value, parent_context=None):
        from .report import build

        context = super().get_context(value, parent_context=parent_context)
        report = value.get("report")
        if report is not None:
            context["report"] = report
            context["data"] = build(report)
            context["dispatches"] = list(report.dispatches.all())
            context["links"] = False
        return context
