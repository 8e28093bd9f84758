"""URLconf of a SOCKETS_ONLY process (settings/base.py): the routes its frames link to.

Pushed posts, thread rows and mentions link to thread, post, profile and moderation
pages; this URLconf lets such a process reverse those names without importing Wagtail's
admin and the CMS. It serves nothing: website/asgi.py answers every HTTP request of a
socket-only process with a 404.
"""

from django.urls import include, path

urlpatterns = [
    path("leden/", include("community.urls")),
    path("denkgroepen/", include("groups.urls")),
]
