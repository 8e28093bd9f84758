"""URLs of members: directory, profiles, profile edit, privacy (export and deletion)."""

from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("mijn-profiel/", views.profile_self, name="profile_self"),
    path("mijn-profiel/bewerken/", views.profile_edit, name="profile_edit"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.my_data_download, name="my_data_download"),
    path("mijn-gegevens/account-verwijderen/", views.delete_account, name="delete_account"),
    path("<int:pk>/", views.profile, name="profile"),
]
