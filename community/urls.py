"""URLs of members: profiles, directory, privacy."""

from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("mijn-profiel/", views.profile_self, name="profile_self"),
    path("<int:pk>/", views.profile, name="profile"),
]
