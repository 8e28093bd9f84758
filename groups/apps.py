"""App config of the think groups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Think groups")

    def ready(self):
        from . import events

        # Logging out ends the live subscriptions of that session.
        events.connect_signals()
