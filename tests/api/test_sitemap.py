"""/sitemap.xml lists every public page and every published profile; /robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from centres.models import Centre
from surveys.models import Survey

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: getattr(url.find("s:lastmod", NS), "text", None)
        for url in root.findall("s:url", NS)
    }


def test_the_sitemap_holds_every_published_profile_and_no_other(client, network):
    Centre.objects.filter(slug="municipal-ishim").update(is_published=False)
    Survey.objects.create(slug="draft-wave", title="Черновик", is_published=False)
    urls = sitemap(client)
    profiles = {
        url for url in urls if url.startswith("http://testserver/centres/") and url.count("/") == 5
    }
    published = Centre.objects.filter(is_published=True)
    assert profiles == {f"http://testserver{centre.get_absolute_url()}" for centre in published}
    assert len(profiles) == 29
    assert "http://testserver/centres/municipal-ishim/" not in urls
    assert "http://testserver/surveys/draft-wave/" not in urls
    assert "http://testserver/surveys/ural-network-functions/" in urls
    for path in ["/", "/centres/", "/models/", "/network/", "/about/", "/open-data/"]:
        assert f"http://testserver{path}" in urls, path
    for slug in [
        "administrative",
        "subordinate",
        "municipal-resource-centre",
        "public-development",
    ]:
        assert f"http://testserver/models/{slug}/" in urls


def test_a_profile_s_lastmod_is_when_it_was_last_saved(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(updated="2025-03-04T10:00:00Z")
    assert sitemap(client)["http://testserver/centres/municipal-tobolsk/"] == "2025-03-04"


def test_the_sitemap_never_lists_private_pages(client, network):
    urls = sitemap(client)
    private = ["/edit/", "/history/", "/my/", "/admin/", "/accounts/", "/answer/"]
    assert not [url for url in urls if any(path in url for path in private)]


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_private_pages(
    client, network, settings
):
    settings.ALLOWED_HOSTS = ["portal.example"]
    response = client.get("/robots.txt", secure=True, headers={"host": "portal.example"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://portal.example/sitemap.xml" in lines
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow:")}
    private = {"/admin/", "/my/", "/accounts/", "/centres/*/edit/", "/centres/*/history/"}
    assert private <= disallowed
    # What robots keeps out is what the portal keeps private: a profile stays crawlable.
    assert reverse("centres:detail", args=["municipal-tobolsk"]) not in disallowed


@pytest.mark.django_db(transaction=True)
def test_the_cached_sitemap_shows_a_new_centre_on_the_next_request(client, network, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert "http://testserver/centres/municipal-new/" not in sitemap(client)
    centre = Centre.objects.get(slug="municipal-tobolsk")
    centre.pk, centre.slug, centre.name = None, "municipal-new", "Новый центр"
    centre.save()
    assert "http://testserver/centres/municipal-new/" in sitemap(client)
    Centre.objects.get(slug="municipal-new").delete()
    assert "http://testserver/centres/municipal-new/" not in sitemap(client)
