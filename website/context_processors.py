"""Template context shared by every page."""

from functools import partial

from django.conf import settings
from django.urls import reverse


def nav_current(request) -> str:
    """Which item of the main navigation is the current page ("" for none): the same tests
    the navigation made in the template, as one small value a memoised part can key on."""
    path = request.path
    if path[:8] == "/nieuws/":
        return "news"
    if path[:13] == "/denkgroepen/":
        return "groups"
    if path[:8] == "/zoeken/":
        return "search"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if path == "/leden/":
            return "members"
        if path[:11] == "/leden/mijn" or path == reverse("community:profile", args=[user.pk]):
            return "profile"
    elif path == reverse("account_login"):
        return "login"
    return ""


def site(request):
    # nav_current is called only when a template reads it (Django calls callables).
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "nav_current": partial(nav_current, request)}
