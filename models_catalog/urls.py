from django.urls import path

from . import views

app_name = "models_catalog"

urlpatterns = [
    path("models/", views.model_list, name="list"),
    path("models/compare/", views.model_compare, name="compare"),
    path("models/<slug:slug>/", views.model_detail, name="detail"),
    path("network/", views.network, name="network"),
    path("network/progress/", views.progress, name="progress"),
    path("network/progress.csv", views.progress_csv, name="progress_csv"),
    path("self-assessment/", views.self_assessment, name="self_assessment"),
    path("self-assessment/save/", views.save_self_assessment, name="save_self_assessment"),
]
