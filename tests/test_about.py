import re

import pytest
from django.urls import reverse

from centres.models import Centre
from tests.helpers import source_lines

pytestmark = pytest.mark.django_db


def about(client):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_about_page_credits_the_source_as_it_is_written(client, network):
    page = about(client).casefold()
    lines = [line.strip() for line in source_lines() if line.strip()]
    title, author, university, degree, foundation = lines[:5]
    assert (
        title == "Сетевое взаимодействие как фактор укрепления ресурсных центров поддержки СО НКО"
    )
    assert f"«{title}»".casefold() in page
    assert "алена анатольевна попкова" in page and author.casefold() == "попкова алена анатольевна"
    for line in [university, degree, foundation]:
        assert line.rstrip(",").casefold() in page


def test_the_about_page_counts_what_the_portal_still_adds(client, network):
    def counts():
        return dict(re.findall(r'data-count="([\w-]+)">\D*(\d+)', about(client)))

    assert counts() == {
        "descriptive-names": str(Centre.objects.filter(name_is_descriptive=True).count()),
        "unconfirmed-links": str(Centre.objects.exclude(parent=None).count()),
        "reconstructed-answers": "11",
    }
    assert counts()["descriptive-names"] == "30"
    Centre.objects.filter(slug="municipal-tobolsk").update(
        name_is_descriptive=False, parent_confirmed=True
    )
    assert counts()["descriptive-names"] == "29"
    assert int(counts()["unconfirmed-links"]) == Centre.objects.exclude(parent=None).count() - 1


def test_the_admins_address_is_shown_only_when_set(client, network, settings):
    settings.PORTAL_CONTACT_EMAIL = ""
    assert "пока не опубликовали на портале адрес" in about(client)
    settings.PORTAL_CONTACT_EMAIL = "admins@uralnko.example"
    assert 'href="mailto:admins@uralnko.example"' in about(client)


def test_the_footer_of_each_section_links_to_the_about_page(client, network):
    for url in ["/", "/centres/", "/models/", "/network/", "/surveys/"]:
        assert 'href="/about/"' in client.get(url).content.decode()


def test_the_about_page_runs_a_fixed_number_of_queries(client, network, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("about"))


def test_the_about_page_and_the_footer_lead_to_the_open_data_page(client, network):
    html = client.get(reverse("about")).content.decode()
    note = html.split('id="open-data-note">', 1)[1].split("</p>", 1)[0]
    assert f'<a href="{reverse("open_data")}">открытые данные</a>' in note
    assert f'<a href="{reverse("open_data")}">Открытые данные</a>' in html
