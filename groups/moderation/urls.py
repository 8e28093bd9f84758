"""URLs of the in-site moderation pages, under /denkgroepen/moderatie/."""

from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bericht/<int:pk>/", views.review, name="review"),
    path("bericht/<int:pk>/<slug:verb>/", views.act, name="act"),
    path("melden/<int:pk>/", views.flag, name="flag"),
]
