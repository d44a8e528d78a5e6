"""/sitemap.xml lists every public page and every published profile; /robots.txt points to it."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from centres.models import Centre
from network_portal.sitemaps import CentreSitemap
from surveys.models import Survey

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap(client):
    """Every address the index leads to, across its sections' pages, with its lastmod."""
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    urls = {}
    for page in index.findall("s:sitemap/s:loc", NS):
        assert page.text.startswith("http://testserver/sitemap-"), page.text
        for url in xml(client, page.text.removeprefix("http://testserver")).findall("s:url", NS):
            urls[url.find("s:loc", NS).text] = getattr(url.find("s:lastmod", NS), "text", None)
    return urls


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


def test_the_profiles_come_a_page_at_a_time_and_every_page_is_in_the_index(
    client, network, monkeypatch
):
    monkeypatch.setattr(CentreSitemap, "limit", 7)
    Centre.objects.filter(slug="municipal-ishim").update(is_published=False)
    index = xml(client, "/sitemap.xml")
    pages = [page.text for page in index.findall("s:sitemap/s:loc", NS)]
    # 29 published profiles, 7 a page: five pages, the first without ?p=.
    centre_pages = [page for page in pages if "/sitemap-centres.xml" in page]
    assert centre_pages == ["http://testserver/sitemap-centres.xml"] + [
        f"http://testserver/sitemap-centres.xml?p={page}" for page in range(2, 6)
    ]
    urls = sitemap(client)
    profiles = {url for url in urls if url.count("/") == 5 and "/centres/" in url}
    assert len(profiles) == 29
    assert "http://testserver/centres/municipal-ishim/" not in profiles


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-centres.xml?p=99", "/sitemap-centres.xml?p=x"]
)
def test_a_section_or_page_that_does_not_exist_is_a_404(client, network, url):
    assert client.get(url).status_code == 404


def test_the_index_dates_the_centres_by_the_latest_profile_saved(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(updated="2030-03-04T10:00:00Z")
    Centre.objects.filter(slug="municipal-ishim").update(
        updated="2031-01-01T10:00:00Z", is_published=False
    )
    index = xml(client, "/sitemap.xml")
    dates = {
        page.find("s:loc", NS).text: page.find("s:lastmod", NS).text
        for page in index.findall("s:sitemap", NS)
        if page.find("s:lastmod", NS) is not None
    }
    assert dates["http://testserver/sitemap-centres.xml"].startswith("2030-03-04")


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
