"""Every registry page runs a fixed number of SQL queries, whatever the data size."""

import pytest
from django.urls import reverse

from centres.models import Centre, Level
from tests.factories import CentreFactory, OrganisationalModelFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

PAGES = {
    # (url, query string): queries
    "overview": (reverse("home"), {}, 3),
    "registry": (reverse("centres:list"), {}, 4),
    "registry filtered": (
        reverse("centres:list"),
        {"q": "центр", "level": "municipal", "region": "test-region-x", "model": "2", "page": "2"},
        6,
    ),
    "profile": (reverse("centres:detail", args=["hub"]), {}, 3),
    "csv": (reverse("centres:export_csv"), {"region": "test-region-x"}, 2),
    "geojson": (reverse("centres:geojson"), {"level": "municipal"}, 1),
}


def build_network(size):
    """A regional hub with `size - 1` members spread over two territories."""
    models = [OrganisationalModelFactory(number=number) for number in range(1, 5)]
    first = TerritoryFactory(region__slug="test-region-x")
    second = TerritoryFactory(region=first.region, kind="village", parent=first)
    hub = CentreFactory(slug="hub", level=Level.REGIONAL, territory=first)
    for index in range(size - 1):
        CentreFactory(
            territory=second if index % 2 else first,
            parent=hub,
            organisational_model=models[1] if index % 3 else None,
            level=Level.PARTNER if index % 5 == 0 else Level.MUNICIPAL,
        )
    assert Centre.objects.count() == size


@pytest.mark.parametrize("size", [30, 500])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_registry(
    client, django_assert_num_queries, size, name
):
    build_network(size)
    url, params, queries = PAGES[name]
    with django_assert_num_queries(queries):
        response = client.get(url, params)
    assert response.status_code == 200
