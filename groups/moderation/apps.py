"""App config of moderation (a sub-app of groups with its own label and migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "groups.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
