"""URLs of the signal pages, under /denkgroepen/signalen/."""

from django.urls import path

from . import views

app_name = "signals"
urlpatterns = [
    path("", views.themes, name="themes"),
    path("mijn/", views.mine, name="mine"),
    path("markeren/<int:pk>/", views.mark, name="mark"),
    path("toestemming/<int:pk>/", views.consent, name="consent"),
    path("thema/<slug:slug>/", views.theme, name="theme"),
    path("thema/<slug:slug>/volgen/", views.follow, name="follow"),
    path("rapport/<int:pk>/", views.report_page, name="report"),
    path("rapport/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("rapport/<int:pk>/csv/", views.report_csv, name="report_csv"),
    path("gedeeld/<str:token>/", views.shared_report, name="shared"),
    path("gedeeld/<str:token>/pdf/", views.shared_pdf, name="shared_pdf"),
    path("gedeeld/<str:token>/csv/", views.shared_csv, name="shared_csv"),
]
