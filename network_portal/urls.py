from django.contrib import admin
from django.urls import include, path

from . import views

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
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
]

handler400 = views.bad_request
handler500 = views.server_error
