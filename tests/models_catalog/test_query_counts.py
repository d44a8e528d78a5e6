"""Catalogue pages run a fixed number of SQL queries, however many centres the registry has."""

import pytest
from django.urls import reverse

from centres.models import Centre, Territory
from models_catalog.models import OrganisationalModel
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

RESULT = "organisation=centre&beyond_sector=no&characteristics=1&characteristics=2"

PAGES = {
    "catalogue": (reverse("models_catalog:list"), 2),
    "model": (reverse("models_catalog:detail", args=["public-development"]), 7),
    "comparison": (reverse("models_catalog:compare"), 3),
    "network": (reverse("models_catalog:network"), 10),
    "self-assessment form": (reverse("models_catalog:self_assessment"), 1),
    "self-assessment result": (f"{reverse('models_catalog:self_assessment')}?{RESULT}", 7),
}


def grow_registry(size):
    """Add centres of model 4 on example territories until the registry has `size`."""
    model = OrganisationalModel.objects.get(number=4)
    territory = Territory.objects.get(slug="golyshmanovsky")
    CentreFactory.create_batch(
        size - Centre.objects.count(), territory=territory, organisational_model=model
    )


@pytest.mark.parametrize("size", [30, 500])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_registry(
    client, network, django_assert_num_queries, size, name
):
    grow_registry(size)
    url, queries = PAGES[name]
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
