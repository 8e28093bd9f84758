"""URLs of the think groups (pages; the JSON API lives under /api/)."""

from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_index, name="index"),
    path("uitnodigingen/", views.invitations, name="invitations"),
    path("<slug:slug>/", views.group_detail, name="group"),
    path("onderwerp/<int:pk>/", views.thread_detail, name="thread"),
]
