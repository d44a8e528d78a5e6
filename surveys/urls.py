from django.urls import path

from . import views
from .answering import answer

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<slug:slug>/", views.survey_detail, name="detail"),
    path("<slug:slug>/results.csv", views.results_csv, name="results_csv"),
    path("<slug:slug>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<slug:slug>/answer/<slug:centre_slug>/", answer, name="answer"),
]
