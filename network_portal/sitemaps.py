"""/sitemap.xml and /robots.txt: what search engines may index, and where to find it."""

from django.contrib import sitemaps
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from centres.models import Centre
from models_catalog.models import OrganisationalModel
from network_portal.cache import cache_public_page
from surveys.models import Survey


class CentreSitemap(sitemaps.Sitemap):
    """Every published centre's profile, last modified when its profile was saved."""

    def items(self):
        return Centre.objects.published().only("slug", "updated").order_by("slug")

    def location(self, centre):
        return centre.get_absolute_url()

    def lastmod(self, centre):
        return centre.updated


class ModelSitemap(sitemaps.Sitemap):
    """The four organisational models; the catalogue keeps no dates, so no lastmod."""

    def items(self):
        return OrganisationalModel.objects.only("slug").order_by("number")


class SurveySitemap(sitemaps.Sitemap):
    """Published surveys' results pages."""

    def items(self):
        return Survey.objects.filter(is_published=True).only("slug", "created").order_by("slug")

    def lastmod(self, survey):
        return survey.created


class PageSitemap(sitemaps.Sitemap):
    """The portal's own pages, by URL name."""

    def items(self):
        return [
            "home", "centres:list", "models_catalog:list", "models_catalog:compare",
            "models_catalog:network", "models_catalog:progress", "models_catalog:self_assessment",
            "surveys:list", "about", "open_data",
        ]  # fmt: skip

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "centres": CentreSitemap,
    "models": ModelSitemap,
    "surveys": SurveySitemap,
}


@cache_public_page
def sitemap_xml(request):
    """Every public page; at 10,000 centres rendering it takes a second, so it is cached."""
    return sitemap(request, SITEMAPS).render()


# Pages for signed-in people, and the forms that change things: no use to a search engine.
PRIVATE_PATHS = [
    "/admin/", "/my/", "/accounts/", "/centres/*/edit/", "/centres/*/history/",
    "/centres/*/confirm/", "/surveys/*/answer/", "/self-assessment/save/", "/i18n/",
]  # fmt: skip


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in PRIVATE_PATHS),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
