"""App config of the signals (a sub-app of groups with its own label and migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "groups.signals"
    label = "signals"
    verbose_name = _("Signals")
