"""App config of the shared report rendering (templates and static files; abstract models)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "groups.reports"
    label = "reports"
    verbose_name = _("Shared report rendering")
