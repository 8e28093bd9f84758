"""WSGI entry point: the page processes of a deployment (gunicorn, see the README).

WebSockets need the ASGI entry point (website/asgi.py); events written here are
published to the Redis channel layer, which the socket processes share."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
application = get_wsgi_application()

from website.body_limit import WSGIBodyLimit  # noqa: E402

# Bodies over the limit are refused (413) before Django reads them.
application = WSGIBodyLimit(application)
