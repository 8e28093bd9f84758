"""Request bodies over the limit are refused with a 413 before they are read.

Django refuses a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` only once it reads the body,
and an ASGI server hands the body over as it arrives (Daphne even queues all of it in
memory before the application reads a byte). So both entry points check first: the
declared ``Content-Length`` (refused at once, nothing read) and, for a body without one,
the bytes as they stream in (refused as soon as the count passes the limit). The limit is
``REQUEST_MAX_BODY_SIZE`` for the admin (image and document uploads) and
``DATA_UPLOAD_MAX_MEMORY_SIZE`` everywhere else (the site has no file uploads). nginx
refuses larger bodies still earlier (``client_max_body_size`` in the README).
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

logger = logging.getLogger("samendenk.website")

ADMIN_PREFIX = "/beheer/"
# The 413 is answered before Django (and django-csp) see the request: a policy of its own.
STRICT_POLICY = (
    b"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'self'"
)


def body_limit(path: str) -> int:
    if path.startswith(ADMIN_PREFIX):
        return settings.REQUEST_MAX_BODY_SIZE
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_big_text(limit: int) -> str:
    megabytes = max(1, round(limit / (1024 * 1024)))
    return _(
        "What you sent is too big: at most %(size)s MB fits in one request. Send a smaller "
        "file or a shorter text."
    ) % {"size": megabytes}


def too_big_body(path: str) -> tuple[bytes, bytes]:
    """The 413's content type and body: JSON under /api/, a short page elsewhere."""
    with translation.override(settings.LANGUAGE_CODE):
        text = too_big_text(body_limit(path))
        if path.startswith("/api/"):
            body = json.dumps({"detail": text, "code": "too_big"}).encode()
            return b"application/json", body
        title = _("Too big")
    page = (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{escape(title)}'
        f" · Samendenk</title></head><body><h1>{escape(title)}</h1><p>{escape(text)}</p>"
        "</body></html>"
    )
    return b"text/html; charset=utf-8", page.encode()


def declared_length(value: str | bytes | None) -> int | None:
    try:
        return int(value) if value not in (None, b"", "") else None
    except ValueError:
        return None


class ASGIBodyLimit:
    """ASGI middleware in front of Django (website/asgi.py), for Daphne and uvicorn."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        limit = body_limit(path)
        headers = dict(scope.get("headers") or [])
        length = declared_length(headers.get(b"content-length"))
        if length is not None and length > limit:
            logger.info("Refused a %s-byte request body to %s (limit %s)", length, path, limit)
            return await self._refuse(path, send)
        state = {"received": 0, "refused": False}

        async def counted_receive():
            message = await receive()
            if message["type"] == "http.request" and not state["refused"]:
                state["received"] += len(message.get("body", b""))
                if state["received"] > limit:
                    state["refused"] = True
                    logger.info("Refused a streamed request body to %s (limit %s)", path, limit)
                    await self._refuse(path, send)
                    # Django stops reading and answers nothing on a disconnect.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not state["refused"]:
                await send(message)

        return await self.app(scope, counted_receive, guarded_send)

    @staticmethod
    async def _refuse(path: str, send) -> None:
        content_type, body = too_big_body(path)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", content_type),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    (b"cache-control", b"no-store"),
                    (b"content-security-policy", STRICT_POLICY),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class WSGIBodyLimit:
    """The same check for the page processes under gunicorn (website/wsgi.py)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        length = declared_length(environ.get("CONTENT_LENGTH"))
        if length is not None and length > body_limit(path):
            logger.info("Refused a %s-byte request body to %s", length, path)
            content_type, body = too_big_body(path)
            start_response(
                "413 Request Entity Too Large",
                [
                    ("Content-Type", content_type.decode()),
                    ("Content-Length", str(len(body))),
                    ("Connection", "close"),
                    ("Content-Security-Policy", STRICT_POLICY.decode()),
                ],
            )
            return [body]
        # A chunked body without a length: Django counts what it reads against
        # DATA_UPLOAD_MAX_MEMORY_SIZE and the handler answers 413 (website/errors.py).
        return self.app(environ, start_response)
