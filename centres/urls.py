from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("", views.centre_list, name="list"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("centres.geojson", views.centres_geojson, name="geojson"),
    path("<slug:slug>/", views.centre_detail, name="detail"),
    path("<slug:slug>/edit/", views.centre_edit, name="edit"),
    path("<slug:slug>/confirm/", views.centre_confirm, name="confirm"),
    path("<slug:slug>/history/", views.centre_history, name="history"),
    path("<slug:slug>/history/<int:history_id>/revert/", views.centre_revert, name="revert"),
]
