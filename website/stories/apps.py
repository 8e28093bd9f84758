"""App config of the practice stories (a sub-app of website with its own label and migrations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "website.stories"
    label = "stories"
    verbose_name = _("Practice stories")

    def ready(self):
        from . import receivers

        receivers.connect()
