"""ASGI entry point: HTTP (Django + WhiteNoise) and WebSocket (Channels) on one port.

With SOCKETS_ONLY=true (settings/base.py) the process serves WebSockets only: it loads
the socket path's apps and answers any HTTP request with a 404.
"""

import gc
import os

import django
from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")


async def not_served_here(scope, receive, send):
    """HTTP on a socket-only process: nginx sends it /ws/ only (README, Production); the
    health report (/gezond/, /healthz) is answered for a load balancer's checks."""
    status, content_type = 404, b"text/plain; charset=utf-8"
    body = b"Deze server bedient alleen de live verbinding (/ws/)."
    if scope.get("path") in ("/gezond/", "/healthz"):
        import json

        from asgiref.sync import sync_to_async

        from website.health import run_checks

        status, report = await sync_to_async(run_checks)()
        content_type, body = b"application/json", json.dumps(report).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Django must be set up before the routing imports models.
if settings.SOCKETS_ONLY:
    django.setup(set_prefix=False)
    http_app = not_served_here
    # The website app (CMS pages) is not installed here, but its page cache still has to
    # hear of the forum changes this process writes.
    from website.signals import connect_forum

    connect_forum()
else:
    from website.body_limit import ASGIBodyLimit

    # Bodies over the limit are refused (413) before Daphne or Django read them.
    http_app = ASGIBodyLimit(get_asgi_application())

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from groups.live.socket_auth import SocketAuthMiddleware  # noqa: E402
from groups.routing import websocket_urlpatterns  # noqa: E402
from website.socket_origin import SocketOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": http_app,
        # Origin: scheme, host and port must match the site's (website/socket_origin.py).
        "websocket": SocketOriginValidator(SocketAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)


def warm_up() -> None:
    """Load now what the first frames would otherwise load while readers wait: the URLs'
    reverse table, the templates of pushed posts and thread rows, every language's
    catalog. Loaded here, they are also frozen with the rest below."""
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    reverse("groups:index")
    for name in ("groups/includes/post.html", "groups/includes/thread_row.html"):
        get_template(name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Live")


warm_up()

# Everything loaded so far (Django, Wagtail, the URLconf, templates) lives as long as the
# process: keep it out of the garbage collector's full passes, which otherwise walk it all
# while a thousand sockets wait (delivery p99 in bench/bench_fanout.py: 193 and 149 ms
# with this, 214 and 218 ms without).
gc.freeze()
# What remains is mostly the sockets' own objects (100,000–120,000 with 500 sockets), and
# Python's default thresholds (700, 10, 10) walk all of them in a full pass several times
# a minute under fan-out load: 150–190 ms pauses each, every reader waiting. Collecting
# the youngest generation every 20,000 new objects instead of 700 leaves cycles (rare
# here: almost everything is freed by reference counting) a little longer in memory and
# makes full passes rare (bench: p99 445 → 133 ms at 20 posts/s, 8 full passes → 0).
gc.set_threshold(20_000, 20, 20)
