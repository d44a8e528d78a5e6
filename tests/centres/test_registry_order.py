"""The registry's order lives on the centre's own row; it follows every change of
a centre's region or level and of a region's place in the list."""

import re

import pytest
from django.urls import reverse

from centres.models import Centre, Level
from tests.factories import CentreFactory, RegionFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

REGISTRY = reverse("centres:list")


def listed_slugs(response):
    return re.findall(r'href="/centres/([\w-]+)/"', response.content.decode())


def ordering_of(centre):
    return Centre.objects.values_list("region_order", "level_rank").get(pk=centre.pk)


@pytest.fixture
def two_regions():
    first = TerritoryFactory(region__order=1)
    second = TerritoryFactory(region__order=2)
    return first, second


def test_a_new_centre_takes_its_region_order_and_level_rank(two_regions):
    first, second = two_regions
    assert ordering_of(CentreFactory(territory=second, level=Level.REGIONAL)) == (2, 0)
    assert ordering_of(CentreFactory(territory=first, level=Level.PARTNER)) == (1, 2)


def test_a_centre_moved_to_another_region_sorts_with_it(client, two_regions):
    first, second = two_regions
    moved = CentreFactory(slug="moved", name="Б", territory=second)
    CentreFactory(slug="stays", name="А", territory=second)
    CentreFactory(slug="first", name="В", territory=first)
    assert listed_slugs(client.get(REGISTRY)) == ["first", "stays", "moved"]

    moved.region, moved.territory = first.region, first
    moved.save()
    assert ordering_of(moved)[0] == 1
    assert listed_slugs(client.get(REGISTRY)) == ["moved", "first", "stays"]


def test_a_centre_that_changes_level_changes_rank_on_every_kind_of_write(client, two_regions):
    first, _ = two_regions
    centre = CentreFactory(slug="climber", name="Я последний", territory=first)
    CentreFactory(slug="partner", name="А партнёр", territory=first, level=Level.PARTNER)
    assert listed_slugs(client.get(REGISTRY)) == ["climber", "partner"]

    centre.level = Level.PARTNER
    centre.save()
    assert ordering_of(centre)[1] == 2
    assert listed_slugs(client.get(REGISTRY)) == ["partner", "climber"]

    # A bulk update skips save(); the database computes the rank itself.
    Centre.objects.filter(pk=centre.pk).update(level=Level.REGIONAL)
    assert ordering_of(centre)[1] == 0
    assert listed_slugs(client.get(REGISTRY)) == ["climber", "partner"]
    assert listed_slugs(client.get(REGISTRY, {"level": "regional"})) == ["climber"]


def test_a_region_moved_in_the_list_takes_its_centres_along(client, two_regions):
    first, second = two_regions
    CentreFactory(slug="north", territory=first)
    CentreFactory(slug="south", territory=second)
    assert listed_slugs(client.get(REGISTRY)) == ["north", "south"]

    region = first.region
    region.order = 3
    region.save()
    assert ordering_of(Centre.objects.get(slug="north"))[0] == 3
    assert listed_slugs(client.get(REGISTRY)) == ["south", "north"]
    assert listed_slugs(client.get(REGISTRY, {"sort": "level"})) == ["south", "north"]


def test_a_region_saved_unchanged_leaves_its_centres_alone():
    region = RegionFactory(order=5)
    centre = CentreFactory(territory__region=region)
    version = centre.version
    region.save()
    centre.refresh_from_db()
    assert centre.version == version
    assert centre.history.count() == 1


def test_a_search_matching_every_centre_counts_and_pages_them_all(client, settings):
    settings.REGISTRY_PAGE_SIZE = 7
    region = RegionFactory(order=1)
    for number in range(30):
        CentreFactory(name=f"Центр «Тобольский» № {number:02}", territory__region=region)
    first = client.get(REGISTRY, {"q": "ТОБОЛЬСКИЙ", "sort": "name"})
    assert first.context["page_obj"].paginator.count == 30
    pages = [
        listed_slugs(client.get(REGISTRY, {"q": "тобольский", "sort": "name", "page": number}))
        for number in range(1, 6)
    ]
    slugs = [slug for page in pages for slug in page]
    names = [Centre.objects.get(slug=slug).name for slug in slugs]
    assert len(slugs) == 30 == len(set(slugs))
    assert names == sorted(names)
