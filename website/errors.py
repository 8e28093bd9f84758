"""Error responses when a service is down: a 503 with a Dutch message (JSON under /api/).

A request that needs PostgreSQL while it is down fails at once (core/postgresql) with an
``OperationalError``; wherever that surfaces — a view, the session middleware, the page
cache asking who is logged in — the visitor gets "even niet bereikbaar" with status 503
and ``Retry-After``, and the JSON API gets ``{"detail": …, "code": "unavailable"}``. The
outage is logged once (core.outage), not as one traceback per request. Other errors keep
their 500, also as JSON under /api/. Nothing here may touch the database or the cache.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30

# Static HTML: the site's templates use context processors that query the database.
UNAVAILABLE_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Samendenk</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;">
<h1>{title}</h1>
<p>{text}</p>
<p><a href="">{again}</a></p>
</body></html>
"""


def unavailable_text() -> str:
    return _(
        "Samendenk is briefly unavailable: part of the site is not answering. None of your "
        "work has been lost; try again in half a minute."
    )


def is_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database is not answering (not a bug in a query)."""
    if not isinstance(exc, OperationalError | InterfaceError):
        # Django wraps the driver's errors; a pool timeout raised outside the wrapper
        # is the driver's own OperationalError.
        try:
            import psycopg
        except ImportError:  # pragma: no cover - SQLite-only installs
            return False
        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
    return True


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def unavailable_response(request) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse({"detail": unavailable_text(), "code": "unavailable"}, status=503)
    else:
        page = UNAVAILABLE_PAGE.format(
            lang=get_language() or "nl",
            title=escape(_("Briefly unavailable")),
            text=escape(unavailable_text()),
            again=escape(_("Try again")),
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The outage is logged once by core.outage, not once per request by django.request.
    response._has_been_logged = True
    return response


def server_error(request, *args, **kwargs) -> HttpResponse:
    """``handler500``: called while the exception is being handled, so it can tell an
    outage (503) from a bug (500)."""
    exc = sys.exc_info()[1]
    if is_unavailable(exc):
        _note_outage(exc)
        return unavailable_response(request)
    if wants_json(request):
        detail = _("Something went wrong on our side. Try again in a moment.")
        return JsonResponse({"detail": detail, "code": "server_error"}, status=500)
    # The static 500 page: no context processors, which would query the database.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def bad_request(request, exception, *args, **kwargs) -> HttpResponse:
    """``handler400``: a body too big (Django's RequestDataTooBig) is a 413 with a Dutch
    message (JSON under /api/); other bad requests keep Django's 400."""
    from django.core.exceptions import RequestDataTooBig
    from django.views.defaults import bad_request as django_bad_request

    if isinstance(exception, RequestDataTooBig):
        from .body_limit import too_big_body

        content_type, body = too_big_body(request.path)
        return HttpResponse(body, status=413, content_type=content_type.decode())
    if wants_json(request):
        return api_error_response(400)
    return django_bad_request(request, exception)


class ServiceUnavailableMiddleware:
    """Answers a view's database outage with the 503 before Django logs a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_unavailable(exception):
            _note_outage(exception)
            return unavailable_response(request)
        return None


class OutageTracebackFilter(logging.Filter):
    """Drops django.request's per-request traceback of a database outage: core.outage
    logs the outage once, with its cause."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "django.request" or not record.exc_info:
            return True
        return not is_unavailable(record.exc_info[1])


def _note_outage(exc: BaseException) -> None:
    """A query failed on a connection that broke: the next request fails fast."""
    from django.db import connection

    raw = getattr(connection, "connection", None)
    if raw is not None and getattr(raw, "broken", False):
        try:
            from core.postgresql.base import outage
        except ImportError:  # pragma: no cover
            return
        outage.failed(exc)


def api_error_message(status: int) -> tuple[str, str]:
    """The Dutch message and code of an API error answered outside the API's own handlers
    (an unknown path, a wrong method, a body too big, a refused CSRF check)."""
    messages = {
        400: (_("The request is not valid."), "invalid"),
        403: (_("You are not allowed to do this."), "forbidden"),
        404: (_("Not found."), "not_found"),
        405: (_("This method is not allowed here."), "method_not_allowed"),
        413: (_("The request is too big."), "too_big"),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return _("Something went wrong on our side. Try again in a moment."), "server_error"
    return _("The request could not be handled."), str(status)


def api_error_response(status: int) -> JsonResponse:
    detail, code = api_error_message(status)
    return JsonResponse({"detail": detail, "code": code}, status=status)


def api_not_found(request, *args, **kwargs) -> JsonResponse:
    return api_error_response(404)


class ApiJsonErrorsMiddleware:
    """Every error under /api/ answers JSON ``{"detail", "code"}`` with a Dutch message:
    the API's handlers do so for its own errors; this covers what Django answers around
    it (the catch-all's 404, the 405 of a wrong method, a 400 for a body too big)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            wants_json(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = api_error_response(response.status_code)
            for header in ("Allow", "Retry-After", "Cache-Control"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response

    def process_exception(self, request, exception):
        from django.core.exceptions import RequestDataTooBig

        if wants_json(request) and isinstance(exception, RequestDataTooBig):
            return bad_request(request, exception)
        return None


class DutchNotFoundMiddleware:
    """In development (DEBUG) a missing page is the site's Dutch 404, not Django's page that
    lists every URL pattern; tracebacks for 500s stay. Does nothing in production, where
    Django renders 404.html itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        from django.conf import settings

        # A path no pattern matched never reached a view (no resolver_match).
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and not wants_json(request)
        ):
            return self._not_found(request)
        return response

    def process_exception(self, request, exception):
        from django.conf import settings
        from django.http import Http404

        if settings.DEBUG and isinstance(exception, Http404) and not wants_json(request):
            return self._not_found(request, exception)
        return None

    @staticmethod
    def _not_found(request, exception=None):
        from django.views.defaults import page_not_found

        return page_not_found(request, exception or Exception())
