"""URLs of knowledge, under /denkgroepen/kennis/."""

from django.urls import path

from . import views

app_name = "knowledge"
urlpatterns = [
    path("onderwerp/<int:pk>/handreiking/", views.link, name="link"),
    path("onderwerp/<int:pk>/gecontroleerd/", views.check, name="check"),
    path("onderwerp/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("bericht/<int:pk>/verifieren/", views.verify, name="verify"),
    path("handreiking/<int:page_id>/", views.guidance, name="guidance"),
    path("handreiking/<int:page_id>/volgen/", views.follow, name="follow"),
]
