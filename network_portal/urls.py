from django.contrib import admin
from django.urls import include, path, re_path

from centres.api import CentreDetail, CentreList
from models_catalog.api import OrganisationalModelList, ProgressView
from surveys.api import SurveyList, SurveyResults

from . import views
from .api import not_found
from .api_description import DocsView, RootView, SchemaView
from .open_data import open_data
from .sitemaps import robots_txt, sitemap_section, sitemap_xml

# The read-only JSON API; see /open-data/ and the interactive docs at /api/docs/.
api_patterns = [
    path("", RootView.as_view(), name="root"),
    path("centres/", CentreList.as_view(), name="centre_list"),
    path("centres/<slug:slug>/", CentreDetail.as_view(), name="centre_detail"),
    path("models/", OrganisationalModelList.as_view(), name="model_list"),
    path("surveys/", SurveyList.as_view(), name="survey_list"),
    path("surveys/<slug:slug>/results/", SurveyResults.as_view(), name="survey_results"),
    path("network/progress/", ProgressView.as_view(), name="progress"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        DocsView.as_view(url_name="api:schema", template_name="network_portal/api_docs.html"),
        name="docs",
    ),
    # Anything else under /api/ ending in a slash gets the API's JSON 404; an
    # address without the slash is still sent to the one with it first.
    re_path(r"^(?:.*/)?$", not_found),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("centres/", include("centres.urls")),
    path("", include("models_catalog.urls")),
    path("surveys/", include("surveys.urls")),
    path("my/", views.my_centres, name="my_centres"),
    path("about/", views.about, name="about"),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, "api"))),
    path("open-data/", open_data, name="open_data"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
]

handler400 = views.bad_request
handler500 = views.server_error
