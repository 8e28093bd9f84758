"""The Wagtail Site record follows SITE_URL: host name and port, set on every `migrate`.

Wagtail builds absolute page URLs (the sitemap, workflow e-mails, `page.full_url`) from
the default Site's host name and port, which its first migration sets to localhost:80.
Deriving them from SITE_URL — the one public address the rest of the site already uses
for e-mail links — keeps every absolute URL on the same address. It runs after
migrations, i.e. on every deployment and every `make run`, not on each process start.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger("samendenk.website")


def site_address(url: str) -> tuple[str, int]:
    """(host name, port) of ``url``; the scheme's default port when none is given."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"SITE_URL has no host name: {url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(**kwargs) -> None:
    """``post_migrate`` receiver: the default Site gets SITE_URL's host name and port."""
    from wagtail.models import Site

    hostname, port = site_address(settings.SITE_URL)
    using = kwargs.get("using", "default")
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    logger.info("Wagtail site set to %s:%s (SITE_URL)", hostname, port)
