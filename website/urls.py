"""URL configuration: site pages, accounts, groups, search, admin and Wagtail's catch-all."""

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from groups.api import api
from groups.knowledge.api import router as knowledge_router
from groups.signals.api import router as signals_router
from groups.toets.api import router as toets_router

# Signals, themes and reports (groups/signals/api.py) under /api/signals; mounted here, so
# the forum's API module does not import the signals API that builds on it.
if not any(prefix == "signals" for prefix, _router in api._routers):
    api.add_router("/signals", signals_router)
# Guidance links and verified answers (groups/knowledge/api.py) under /api/knowledge.
if not any(prefix == "knowledge" for prefix, _router in api._routers):
    api.add_router("/knowledge", knowledge_router)
# The uitvoeringstoets (groups/toets/api.py) under /api/toetsen, for the same reason.
if not any(prefix == "toetsen" for prefix, _router in api._routers):
    api.add_router("/toetsen", toets_router)

from .errors import api_not_found
from .health import health
from .views import favicon

urlpatterns = [
    path("beheer/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/", include("allauth.urls")),
    path("leden/", include("community.urls")),
    path("denkgroepen/", include("groups.urls")),
    path("zoeken/", include("search.urls")),
    path("verhalen/", include("website.stories.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/", api.urls),
    # Any other path under /api/ is the API's JSON 404, not a redirect to a slash or a page.
    re_path(r"^api/", api_not_found),
    path("gezond/", health, name="health"),
    path("healthz", health),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", favicon),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A database outage answers 503 with a Dutch message (JSON under /api/), not a 500.
handler500 = "website.errors.server_error"
# A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 with a Dutch message, not a bare 400.
handler400 = "website.errors.bad_request"
