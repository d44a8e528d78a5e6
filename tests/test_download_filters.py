"""A download whose filters were not all understood is refused, not handed out unfiltered."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SURVEY = "ural-network-functions"


def downloads():
    return [
        reverse("centres:export_csv"),
        reverse("centres:geojson"),
        reverse("models_catalog:progress_csv"),
        reverse("surveys:results_csv", args=[SURVEY]),
        reverse("surveys:results_xlsx", args=[SURVEY]),
    ]


@pytest.mark.parametrize("query", [{"level": "bogus"}, {"region": "nope"}, {"model": "9"}])
@pytest.mark.parametrize("index", range(5))
def test_a_filter_not_understood_gets_a_russian_400_instead_of_the_whole_file(
    client, network, index, query
):
    url = downloads()[index]
    response = client.get(url, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Файл не создан: некоторые фильтры не поняты.")
    assert "Выберите" in text  # the field's own message
    assert client.get(url).status_code == 200


def test_a_filter_understood_still_filters_the_file(client, network):
    every = client.get(reverse("centres:export_csv")).content.decode().splitlines()
    regional = client.get(reverse("centres:export_csv"), {"level": "regional"})
    assert regional.status_code == 200
    assert len(regional.content.decode().splitlines()) == 1 + 4 < len(every)


@pytest.mark.parametrize(
    ("page", "link"),
    [
        (reverse("centres:list"), reverse("centres:export_csv")),
        (reverse("models_catalog:progress"), reverse("models_catalog:progress_csv")),
        (reverse("surveys:detail", args=[SURVEY]), reverse("surveys:results_csv", args=[SURVEY])),
    ],
)
def test_a_page_links_to_its_files_with_the_filters_it_understood_only(
    client, network, page, link
):
    html = client.get(page, {"level": "regional", "region": "nowhere"}).content.decode()
    assert f'href="{link}?level=regional"' in html
    assert client.get(link, {"level": "regional"}).status_code == 200
