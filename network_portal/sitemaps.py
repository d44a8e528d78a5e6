"""/sitemap.xml and /robots.txt: what search engines may index, and where to find it.

/sitemap.xml is an index of sections, /sitemap-<section>.xml (`?p=` for the
centres' later pages), so no single file lists 10,000 profiles.
"""

from datetime import datetime
from xml.sax.saxutils import escape

from django.contrib import sitemaps
from django.contrib.sitemaps.views import index, sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from centres.models import Centre
from models_catalog.models import OrganisationalModel
from network_portal.cache import cache_public_page
from surveys.models import Survey

PLACEHOLDER = "centre-slug"


class CentreSitemap(sitemaps.Sitemap):
    """Every published centre's profile, last modified when its profile was saved.

    A thousand profiles a page: each page is one indexed query, however large the registry.
    """

    limit = 1000

    def items(self):
        # Two columns, not model instances: a thousand of them make a page.
        return Centre.objects.published().values("slug", "updated").order_by("slug")

    def get_latest_lastmod(self):
        # For the index: one aggregate, not every profile's date read in Python.
        return Centre.objects.published().aggregate(latest=Max("updated"))["latest"]

    def location(self, centre):
        # Reversed once a page, not once a profile: a thousand reverse() calls add up.
        if not hasattr(self, "_around_slug"):
            address = reverse("centres:detail", args=[PLACEHOLDER])
            self._around_slug = address.rsplit(PLACEHOLDER, 1)
        before, after = self._around_slug
        return before + centre["slug"] + after

    def lastmod(self, centre):
        return centre["updated"]


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
    """The index: each section's pages, with when each section last changed."""
    return index(request, SITEMAPS, sitemap_url_name="sitemap_section").render()


@cache_public_page
def sitemap_section(request, section):
    """One section's page (`?p=`); 404 for a section or page that does not exist.

    Django's view finds the addresses; they are written out here, as its template
    would, in a fraction of the time the template takes for a thousand of them.
    """
    response = sitemap(request, SITEMAPS, section=section)
    response.content = urlset_xml(response.context_data["urlset"])
    return response


def urlset_xml(urls):
    """The XML of sitemap.xml, Django's sitemap template, for these addresses."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    here = timezone.get_current_timezone()
    for url in urls:
        entry = f"<url><loc>{escape(url['location'])}</loc>"
        if lastmod := url.get("lastmod"):
            if isinstance(lastmod, datetime) and timezone.is_aware(lastmod):
                lastmod = lastmod.astimezone(here)
            entry += f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>"
        for field in ("changefreq", "priority"):
            if value := url.get(field):
                entry += f"<{field}>{escape(str(value))}</{field}>"
        lines.append(entry + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


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
