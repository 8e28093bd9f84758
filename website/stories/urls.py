"""URLs of the member's practice stories, under /verhalen/."""

from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("", views.stories_index, name="index"),
    path("mijn/", views.mine, name="mine"),
    path("schrijven/", views.write, name="write"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.write, name="edit"),
    path("<int:pk>/status/", views.analysis_state, name="state"),
    path("<int:pk>/vervangingen/", views.replacements, name="replacements"),
    path("<int:pk>/insturen/", views.submit, name="submit"),
    path("<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("<int:pk>/antwoord/", views.answer, name="answer"),
]
