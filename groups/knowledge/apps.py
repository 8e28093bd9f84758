"""App config of knowledge (a sub-app of groups with its own label and migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "groups.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from . import receivers

        receivers.connect()
