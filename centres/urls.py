from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_list, name="list"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("centres.geojson", views.centres_geojson, name="geojson"),
    path("<slug:slug>/", views.centre_detail, name="detail"),
]
