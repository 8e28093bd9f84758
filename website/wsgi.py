"""WSGI entry point (used only by the bench floor and by tools that want WSGI)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
application = get_wsgi_application()
