"""Every API endpoint runs a fixed number of SQL queries, whatever the size of the registry."""

import pytest
from django.urls import reverse

from centres.models import Centre, Level
from tests.factories import CentreFactory, OrganisationalModelFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    # name: (url, query string, queries)
    "list": (reverse("api:centre_list"), {}, 2),
    "list filtered": (
        reverse("api:centre_list"),
        {
            "q": "центр",
            "level": "municipal",
            "region": "test-region-x",
            "model": "2",
            "page": "2",
            "page_size": "5",
        },
        4,
    ),
    "list, the largest page": (reverse("api:centre_list"), {"page_size": "500"}, 2),
    "detail": (reverse("api:centre_detail", args=["hub"]), {}, 1),
    "detail of a member": (reverse("api:centre_detail", args=["member-7"]), {}, 1),
    "models": (reverse("api:model_list"), {}, 3),
    "progress": (reverse("api:progress"), {"level": "municipal"}, 3),
}


def build_network(size):
    """A regional hub with `size - 1` members spread over two territories."""
    models = [OrganisationalModelFactory(number=number) for number in range(1, 5)]
    first = TerritoryFactory(region__slug="test-region-x")
    second = TerritoryFactory(region=first.region, kind="village", parent=first)
    hub = CentreFactory(slug="hub", level=Level.REGIONAL, territory=first)
    for index in range(size - 1):
        CentreFactory(
            slug=f"member-{index}",
            territory=second if index % 2 else first,
            parent=hub,
            organisational_model=models[1] if index % 3 else None,
            level=Level.PARTNER if index % 5 == 0 else Level.MUNICIPAL,
        )
    assert Centre.objects.count() == size


@pytest.mark.parametrize("size", [30, 500])
@pytest.mark.parametrize("name", ENDPOINTS)
def test_query_count_does_not_grow_with_the_registry(
    client, django_assert_num_queries, size, name
):
    build_network(size)
    url, params, queries = ENDPOINTS[name]
    with django_assert_num_queries(queries):
        response = client.get(url, params)
    assert response.status_code == 200
