"""Session and member for a WebSocket, read once when it connects.

Channels' ``AuthMiddlewareStack`` wraps the socket's ``send`` so that it can save a
modified session with a response; on a socket that writes twenty thousand frames a second
that wrapper is a measurable share of the process's CPU (it checks the session on every
frame). The live socket never changes the session, so this middleware does what the stack
does at connect — cookies, session, member with its session hash checked — and hands the
consumer the server's own ``send``.
"""

from __future__ import annotations

from importlib import import_module

from channels.auth import get_user
from django.conf import settings
from django.http import parse_cookie


class SocketAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner
        self.store = import_module(settings.SESSION_ENGINE).SessionStore

    async def __call__(self, scope, receive, send):
        cookies = {}
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                cookies = parse_cookie(value.decode("latin1"))
                break
        scope = dict(scope, cookies=cookies)
        scope["session"] = self.store(cookies.get(settings.SESSION_COOKIE_NAME))
        # Reads the session and the member (on Channels' database thread), and empties a
        # session whose password hash no longer matches, as Django's own log-in does.
        scope["user"] = await get_user(scope)
        return await self.inner(scope, receive, send)
