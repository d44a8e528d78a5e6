"""`manage.py rebuild_search_documents`: documents written before a change are found again."""

from io import StringIO

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
