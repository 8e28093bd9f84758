"""The admin chooser for signal reports, used by the article block "signal report"."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ReportChooserViewSet(ChooserViewSet):
    model = "signals.Report"
    icon = "doc-full-inverse"
    choose_one_text = _("Choose a signal report")
    choose_another_text = _("Choose another signal report")

    def get_object_list(self):
        from .models import Report

        return Report.objects.order_by("-period_end")


report_chooser_viewset = ReportChooserViewSet("signaalrapport_kiezer", url_prefix="rapport-kiezer")
