"""Template helpers of the newsroom: absolute URLs for canonical links and Open Graph."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def absolute_url(path: str) -> str:
    """The public address of a path, from SITE_URL (never from the request's Host header)."""
    if not path:
        return settings.SITE_URL.rstrip("/") + "/"
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path
