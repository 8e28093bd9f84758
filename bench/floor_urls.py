"""The site's URLs plus /_floor/<id>/: an article from one query with a trivial template."""

import json

from django.db import connection
from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path

from website.urls import urlpatterns as site_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang=nl><head><title>{{ title }}</title></head><body>"
    "<h1>{{ title }}</h1><p>{{ date }}</p><p>{{ intro }}</p>"
    "{% for block in body %}<div>{% if block.type == 'paragraph' %}{{ block.value|safe }}"
    "{% elif block.type == 'interview_turn' %}<b>{{ block.value.speaker }}</b> "
    "{{ block.value.text }}{% elif block.type == 'pull_quote' %}"
    "<blockquote>{{ block.value.quote }}</blockquote>{% else %}{{ block.value }}{% endif %}"
    "</div>{% endfor %}</body></html>"
)


def floor(request, pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.title, a.intro, a.date, a.body FROM website_articlepage a "
            "JOIN wagtailcore_page p ON p.id = a.page_ptr_id WHERE a.page_ptr_id = %s",
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    title, intro, date, body = row
    context = {"title": title, "intro": intro, "date": date, "body": json.loads(body)}
    return HttpResponse(FLOOR_TEMPLATE.render(context))


urlpatterns = [path("_floor/<int:pk>/", floor), *site_urlpatterns]
