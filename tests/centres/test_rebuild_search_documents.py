"""`manage.py rebuild_search_documents`: documents written before a change are found again."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from centres.models import Centre, Region

REGISTRY = reverse("centres:list")


def rebuild():
    out = StringIO()
    call_command("rebuild_search_documents", stdout=out)
    return out.getvalue()


def listed(client, query):
    page = client.get(REGISTRY, {"q": query}).content.decode()
    return 'href="/centres/regional-kurgan/"' in page


def test_a_region_renamed_without_a_save_is_found_by_its_new_name_after_a_rebuild(client, network):
    Region.objects.filter(slug="kurgan-oblast").update(name="Зауральская область")
    assert not listed(client, "Зауральской")
    output = rebuild()
    total = Centre.objects.count()
    kurgan_oblast = Centre.objects.filter(region__slug="kurgan-oblast").count()
    assert f"Изменено: {kurgan_oblast} из {total}." in output
    assert listed(client, "Зауральской")
    # Nothing left to write: a second run changes nothing.
    assert f"Изменено: 0 из {total}." in rebuild()


def test_a_region_or_place_renamed_in_the_admin_is_found_by_its_new_name(client, network):
    region = Region.objects.get(slug="kurgan-oblast")
    region.name = "Зауральская область"
    region.save()
    assert listed(client, "Зауральской")
    territory = Centre.objects.get(slug="regional-kurgan").territory
    territory.name = "Царёво Городище"
    territory.save()
    assert listed(client, "Царёво Городище")


@pytest.mark.parametrize("change", ["nothing", "order"])
def test_a_region_saved_under_its_own_names_leaves_its_centres_documents_alone(
    network, django_assert_num_queries, change
):
    """Its names as stored, the region itself, its centres' copy of the order: no centre read."""
    region = Region.objects.get(slug="kurgan-oblast")
    if change == "order":
        region.order += 10
    with django_assert_num_queries(3):
        region.save()
    assert set(region.centres.values_list("region_order", flat=True)) == {region.order}


def test_a_place_saved_under_its_own_name_leaves_its_centres_documents_alone(
    network, django_assert_num_queries
):
    territory = Centre.objects.get(slug="regional-kurgan").territory
    with django_assert_num_queries(2):
        territory.save()
