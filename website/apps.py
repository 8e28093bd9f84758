"""App config of the website (project + CMS pages)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import admin_csp, signals
        from .site_url import sync_default_site

        signals.connect()
        # The admin's widgets start without inline scripts (the site's CSP forbids them).
        admin_csp.install()
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="website-site-url")
