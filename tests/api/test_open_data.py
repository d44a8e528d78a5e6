"""/open-data/ lists every download and API endpoint with its format, columns and licence."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.helpers import file_addresses

pytestmark = pytest.mark.django_db


def first_in_registry():
    from centres.models import REGISTRY_ORDER, Centre

    return Centre.objects.published().order_by(*REGISTRY_ORDER).first().slug


def test_the_page_lists_every_file_and_endpoint_with_the_licence(client, network, settings):
    settings.OPEN_DATA_LICENCE = "ODbL 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    response = client.get(reverse("open_data"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "ODbL 1.0" in html and 'href="https://opendatacommons.org/licenses/odbl/1-0/"' in html
    links = set(re.findall(r'href="([^"]+)"', html))
    downloads = {
        reverse("centres:export_csv"),
        reverse("centres:geojson"),
        reverse("surveys:results_csv", args=["ural-network-functions"]),
        reverse("models_catalog:progress_csv"),
    }
    endpoints = {
        reverse("api:root"),
        reverse("api:centre_list"),
        reverse("api:model_list"),
        reverse("api:survey_list"),
        reverse("api:survey_results", args=["ural-network-functions"]),
        reverse("api:progress"),
        reverse("api:schema"),
        reverse("api:docs"),
    }
    assert downloads | endpoints <= links
    # One published centre's detail, as an example.
    assert any(re.fullmatch(r"/api/centres/[a-z0-9-]+/", link) for link in links)
    # The registry's columns, as the CSV's header row has them.
    header = client.get(reverse("centres:export_csv")).content.decode().splitlines()[0]
    assert header.replace(",", ", ") in html
    for link in downloads | endpoints:
        assert client.get(link).status_code == 200, link
    # Every file the portal serves is listed, or is about the site rather than its data.
    about_the_site = {"/healthz", "/sitemap.xml", "/sitemap-centres.xml", "/robots.txt"}
    data_files = {url for url in file_addresses() if url not in about_the_site}
    data_files = {url for url in data_files if not url.endswith(".xlsx")}
    # One centre's detail: the page links one published centre as the example.
    data_files = {url for url in data_files if not re.fullmatch(r"/api/centres/[^/]+/", url)}
    assert data_files <= links


def test_the_page_is_in_russian(client, network):
    html = client.get(reverse("open_data")).content.decode()
    assert "Открытые данные" in html


def test_every_page_and_the_about_page_lead_to_it(client, network):
    for url in ["/", reverse("centres:list"), reverse("about")]:
        assert f'href="{reverse("open_data")}"' in client.get(url).content.decode(), url


def test_the_page_says_what_paging_through_the_registry_costs_of_the_limit(client, network):
    html = " ".join(unescape(client.get(reverse("open_data")).content.decode()).split())
    assert "по 20 записей на странице" in html
    assert "2000 запросов в час" in html
    assert "чтобы пролистать 10 000 центров со страницами по умолчанию, уйдёт 500 из них" in html


def test_the_examples_are_published_ones(client, network):
    """An unpublished survey or centre is neither linked nor named."""
    from centres.models import Centre
    from surveys.models import Survey

    Survey.objects.update(is_published=False)
    first = first_in_registry()
    Centre.objects.filter(slug=first).update(is_published=False)
    html = client.get(reverse("open_data")).content.decode()
    assert "ural-network-functions" not in html
    assert f"/api/centres/{first}/" not in html
    assert "/api/surveys/&lt;slug&gt;/results/" in html
    for link in re.findall(r'href="(/[^"]+)"', unescape(html)):
        if not link.startswith("/static/"):
            assert client.get(link).status_code == 200, link
