"""URLs of the think groups (pages; the JSON API is mounted at /api/ by website.urls)."""

from django.urls import include, path

from community import tokens

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_index, name="index"),
    path("meldingen/", views.notifications, name="notifications"),
    path("meldingen/laatste/", views.notifications_latest, name="notifications_latest"),
    path("uitnodigingen/", views.invitations, name="invitations"),
    path("api-sleutels/", tokens.token_settings, name="tokens"),
    path("onderwerp/<int:pk>/", views.thread_detail, name="thread"),
    path("onderwerp/<int:pk>/reageren/", views.reply, name="reply"),
    path("onderwerp/<int:pk>/voorbeeld/", views.reply_preview, name="reply_preview"),
    path("onderwerp/<int:pk>/volgen/", views.follow_thread, name="follow_thread"),
    path("onderwerp/<int:pk>/ongelezen/", views.first_unread, name="first_unread"),
    path("onderwerp/<int:pk>/collegas/", views.mention_candidates, name="mention_candidates"),
    path("bericht/<int:pk>/", views.post_link, name="post"),
    path("bericht/<int:pk>/bewerken/", views.edit_post, name="edit_post"),
    path("bericht/<int:pk>/verwijderen/", views.delete_post, name="delete_post"),
    path("bericht/<int:pk>/versies/", views.post_history, name="post_history"),
    path("moderatie/", include("groups.moderation.urls")),
    path("signalen/", include("groups.signals.urls")),
    path("kennis/", include("groups.knowledge.urls")),
    path("toetsen/", include("groups.toets.urls")),
    path("<slug:slug>/", views.group_detail, name="group"),
    path("<slug:slug>/nieuw-onderwerp/", views.new_thread, name="new_thread"),
    path("<slug:slug>/lidmaatschap/", views.membership, name="membership"),
    path("<slug:slug>/volgen/", views.follow_group, name="follow_group"),
    path("<slug:slug>/beheer/", views.manage_group, name="manage"),
]
