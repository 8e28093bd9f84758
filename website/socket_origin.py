"""Which origins may open the live socket: scheme, host and port must match.

Channels' ``AllowedHostsOriginValidator`` compares only the host name, so a page on
another port of the same host (``http://127.0.0.1:9999``) could open a socket with the
visitor's session cookie. Here the ``Origin`` of a handshake must equal, in scheme, host
and port, either an origin the site is configured for (``SITE_URL`` and
``CSRF_TRUSTED_ORIGINS``) or the origin the handshake itself was sent to (its ``Host``
header with http for ws and https for wss), and that host must be in ``ALLOWED_HOSTS``. A
handshake without an ``Origin`` header does not come from a browser (browsers always send
one), so no visitor's cookie can be abused through it; it is let through.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host

logger = logging.getLogger("samendenk.live")

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalised(origin: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL; None when it is not an http(s) origin."""
    try:
        parts = urlsplit(origin.strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        return scheme, parts.hostname.lower(), parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        return None


def configured_origins() -> set[tuple[str, str, int]]:
    urls = [settings.SITE_URL, *getattr(settings, "CSRF_TRUSTED_ORIGINS", [])]
    return {origin for origin in map(normalised, urls) if origin}


def handshake_origin(scope) -> tuple[str, str, int] | None:
    """The origin the handshake was sent to, if its host is one this site serves."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    return normalised(f"{scheme}://{host}")


def origin_allowed(scope) -> bool:
    headers = dict(scope.get("headers") or [])
    if b"origin" not in headers:
        return True
    origin = normalised(headers[b"origin"].decode("latin-1"))
    if origin is None:
        return False
    return origin in configured_origins() or origin == handshake_origin(scope)


class SocketOriginValidator:
    """ASGI middleware for the socket route: a handshake from another origin is refused
    (closed before it is accepted, as Channels' validator does)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            origin = dict(scope["headers"]).get(b"origin")
            logger.info("Refused a socket handshake from origin %r", origin)
            from channels.security.websocket import WebsocketDenier

            return await WebsocketDenier.as_asgi()(scope, receive, send)
        return await self.application(scope, receive, send)
