"""URLs of the uitvoeringstoets pages, under /denkgroepen/toetsen/."""

from django.urls import path

from . import views

app_name = "toets"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/artikel/<int:article_pk>/", views.rate, name="rate"),
    path("<int:pk>/oordeel/", views.verdict, name="verdict"),
    path("<int:pk>/rapport/", views.report_page, name="report"),
    path("<int:pk>/rapport/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/rapport/csv/", views.report_csv, name="report_csv"),
    path("gedeeld/<str:token>/", views.shared_report, name="shared"),
    path("gedeeld/<str:token>/pdf/", views.shared_pdf, name="shared_pdf"),
    path("gedeeld/<str:token>/csv/", views.shared_csv, name="shared_csv"),
]
