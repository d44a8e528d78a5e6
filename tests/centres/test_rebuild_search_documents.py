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


def test_a_renamed_region_is_found_by_its_new_name_after_a_rebuild(client, network):
    Region.objects.filter(slug="kurgan-oblast").update(name="Зауральская область")
    assert not listed(client, "Зауральской")
    output = rebuild()
    total = Centre.objects.count()
    kurgan_oblast = Centre.objects.filter(region__slug="kurgan-oblast").count()
    assert f"изменились {kurgan_oblast} из {total}" in output
    assert listed(client, "Зауральской")
    # Nothing left to write: a second run changes nothing.
    assert f"изменились 0 из {total}" in rebuild()
