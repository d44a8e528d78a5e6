import re
from html import unescape

import pytest
from django.urls import reverse

from centres.models import Centre
from tests import source
from tests.helpers import source_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def html(client, network):
    response = client.get(reverse("models_catalog:network"))
    assert response.status_code == 200
    return response.content.decode()


def texts_of(items):
    return [unescape(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", items, re.S)]


def items_of(html, list_id):
    block = re.search(rf'id="{list_id}"[^>]*>(.*?)</(?:ol|ul)>', html, re.S).group(1)
    return re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)


def test_the_forms_of_interaction_and_their_purposes_as_the_source_lists_them(html):
    card = r'class="h6 card-title">(.*?)</h3>\s*<ul class="mb-0">(.*?)</ul>'
    cards = re.findall(card, html, re.S)
    shown = [(unescape(name), texts_of(items)) for name, items in cards]
    assert shown == source.interaction_forms()
    assert len(shown) == 4 and len(shown[0][1]) == 6  # «Сетевые встречи»: six purposes


def test_the_four_steps_as_the_source_writes_them(network, html):
    """Word for word; step 3 breaks off in the source, and the page says so."""
    written = [line for line in source_lines() if line.startswith("ШАГ ")]
    steps = [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items_of(html, "steps")]
    assert len(steps) == len(written) == 4
    for step, line in zip(steps, written, strict=True):
        number, text = re.match(r"ШАГ (\d)\. (.*)", line).groups()
        assert step.startswith(f"Шаг {number}. {text.strip()}")
    assert steps[2] == (
        "Шаг 3. Привлечение финансовых ресурсов территории на… "
        "(в источнике фраза здесь обрывается)"
    )
    assert "обрывается" not in steps[0] + steps[1] + steps[3]


def test_the_eleven_characteristics_as_the_source_lists_them(html):
    shown = [unescape(item) for item in items_of(html, "characteristics")]
    assert shown == source.characteristics()
    assert len(shown) == 11


def test_pros_and_cons_of_network_interaction_as_the_source_lists_them(html):
    assert [unescape(item) for item in items_of(html, "network-pros")] == source.network_pros()
    assert [unescape(item) for item in items_of(html, "network-cons")] == source.network_cons()
    assert len(source.network_pros()) == 3 and len(source.network_cons()) == 2
    assert "способствует укреплению деятельности РЦ" in html


def test_members_by_level_with_links(network, html):
    for centre in Centre.objects.all():
        assert f'href="{centre.get_absolute_url()}"' in html
    headings = re.findall(r'<h3 class="h6" id="members-\w+">(.*?)</h3>', html)
    assert headings == [
        "4 региональных ресурсных центра",
        "17 муниципальных ресурсных центров",
        "9 партнёров сети",
    ]


def test_the_network_page_explains_17_municipal_centres_under_a_heading_of_14(network, html):
    """The source's heading says 14; the list under it names 17 places, all in the registry."""
    lines = source_lines()
    heading = lines.index("14 муниципальных РЦ:")
    listing = " ".join(lines[heading + 1 : lines.index("Партнеры:")])
    places = [
        place
        for region in re.findall(r"[А-Я]+ – (.*?)(?= [А-Я]+ –|$)", listing.strip())
        for place in region.split(",")
    ]
    assert len(places) == 17 == Centre.objects.filter(level="municipal").count()
    note = re.search(r'id="municipal-count-note">(.*?)</p>', html, re.S).group(1)
    assert "заголовок источника говорит «14 муниципальных РЦ»" in note
    assert "названо 17 мест" in note and "все 17 мест" in note


def test_the_members_list_says_seed_names_are_descriptive(client, network):
    html = client.get(reverse("models_catalog:network")).content.decode()
    assert 'id="descriptive-names-note"' in html
    Centre.objects.update(name_is_descriptive=False)
    html = client.get(reverse("models_catalog:network")).content.decode()
    assert 'id="descriptive-names-note"' not in html


def test_a_long_level_shows_its_first_members_its_count_and_a_link_to_the_rest(
    client, network, monkeypatch
):
    monkeypatch.setattr("models_catalog.views.MEMBERS_SHOWN", 5)
    html = client.get(reverse("models_catalog:network")).content.decode()
    municipal = html.split('id="members-municipal"', 1)[1].split("</section>", 1)[0]
    assert "17 муниципальных ресурсных центров" in municipal
    assert len(re.findall(r'<li><a href="/centres/', municipal)) == 5
    assert 'href="/centres/?level=municipal&amp;sort=level"' in municipal
    assert "Показаны первые 5; все 17 — в реестре" in municipal
    # The four regional centres fit: no link to the rest.
    regional = html.split('id="members-regional"', 1)[1].split("</section>", 1)[0]
    assert len(re.findall(r'<li><a href="/centres/', regional)) == 4
    assert "в реестре" not in regional


def test_the_members_shown_are_the_first_of_the_registry_sorted_by_level(
    client, network, monkeypatch
):
    monkeypatch.setattr("models_catalog.views.MEMBERS_SHOWN", 5)
    html = client.get(reverse("models_catalog:network")).content.decode()
    municipal = html.split('id="members-municipal"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r'<li><a href="/centres/([\w-]+)/"', municipal)
    registry = client.get(reverse("centres:list"), {"level": "municipal", "sort": "level"})
    assert shown == re.findall(r'href="/centres/([\w-]+)/"', registry.content.decode())[:5]
