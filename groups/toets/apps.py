"""App config of the uitvoeringstoets (a sub-app of groups with its own label and migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToetsConfig(AppConfig):
    name = "groups.toets"
    label = "toets"
    verbose_name = _("Implementation tests")
