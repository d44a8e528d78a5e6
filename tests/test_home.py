import re
from html import unescape

import pytest

from centres.models import Centre, Territory
from tests import source
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def level_counts(page):
    return dict(re.findall(r'data-level="(\w+)">(\d+)<', page))


def test_the_overview_counts_centres_by_level(client, network):
    page = client.get("/").content.decode()
    assert level_counts(page) == {"regional": "4", "municipal": "17", "partner": "9"}


def test_the_counts_follow_the_registry(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(is_published=False)
    CentreFactory(level="partner", territory=Territory.objects.get(slug="mishkino"))
    page = client.get("/").content.decode()
    assert level_counts(page) == {"regional": "4", "municipal": "16", "partner": "10"}


def test_the_overview_counts_centres_by_region(client, network):
    response = client.get("/")
    rows = [(region.short_name, region.total) for region in response.context["regions"]]
    # In the order the source lists the regions.
    assert rows == [
        ("ТО", 5), ("СО", 3), ("ЧО", 11), ("КО", 4), ("ХМАО", 4), ("ЯНАО", 1), ("ЛНР", 2),
    ]  # fmt: skip
    assert response.context["regions"][2].partner_count == 6
    assert 'href="/centres/?region=chelyabinsk-oblast"' in response.content.decode()


def test_the_overview_quotes_the_definitions(client, network):
    """Each term the source defines, with its definition word for word."""
    page = client.get("/").content.decode()
    shown = [
        (unescape(term), unescape(text))
        for term, text in re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd>— (.*?)</dd>", page, re.S)
    ]
    assert shown[:2] == source.definitions()
    assert [term for term, _text in source.definitions()] == [
        "Ресурсный центр поддержки СОНКО",
        "Центр общественного развития",
    ]


def test_the_overview_explains_the_municipal_count(client, network):
    """The source's heading says 14 municipal centres; the registry holds the 17 listed."""
    page = client.get("/").content.decode()
    note = re.search(r'id="municipal-count-note">(.*?)</p>', page, re.S).group(1)
    assert "«14 муниципальных РЦ»" in note and "все 17 мест" in note
    assert level_counts(page)["municipal"] == "17"


def test_the_overview_promises_contacts_only_as_entered(client, network):
    page = client.get("/").content.decode()
    assert "с контактами, которые внесли их координаторы" in page
    assert "все центры с контактами" not in page
    assert "Что сеть понимает под" not in page
    assert "определения из источника" in page


def test_the_overview_defines_only_what_the_source_defines(client, network):
    """«Сетевое взаимодействие способствует …» is a statement, not one of the definitions."""
    page = client.get("/").content.decode()
    definitions = page.split('class="definitions"', 1)[1].split("</dl>", 1)[0]
    assert definitions.count("<dt") == 2
    assert "Сетевое взаимодействие" not in definitions
