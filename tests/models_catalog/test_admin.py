import pytest
from django.urls import reverse

from models_catalog.models import OrganisationalModel, Point

pytestmark = pytest.mark.django_db

TABLES = [
    "organisationalmodel", "definition", "interactionform", "networkeffect",
    "transformationstep", "characteristic",
]  # fmt: skip


@pytest.mark.parametrize("table", TABLES)
def test_staff_open_every_catalogue_table(admin_client, network, table):
    assert admin_client.get(reverse(f"admin:models_catalog_{table}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:models_catalog_{table}_add")).status_code == 200


def test_staff_edit_one_pro_without_touching_the_others(admin_client, client, network):
    model = OrganisationalModel.objects.get(number=3)
    points = list(model.points.order_by("side", "order"))
    edited = next(point for point in points if point.text == "профессионализм кадров")
    data = {
        "number": 3, "name": model.name, "slug": model.slug,
        "characteristics": model.characteristics,
        "points-TOTAL_FORMS": len(points), "points-INITIAL_FORMS": len(points),
        "points-MIN_NUM_FORMS": 0, "points-MAX_NUM_FORMS": 1000,
        "examples-TOTAL_FORMS": 0, "examples-INITIAL_FORMS": 0,
        "examples-MIN_NUM_FORMS": 0, "examples-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for index, point in enumerate(points):
        data |= {
            f"points-{index}-id": point.pk,
            f"points-{index}-model": model.pk,
            f"points-{index}-side": point.side,
            f"points-{index}-text": "опытная команда" if point == edited else point.text,
            f"points-{index}-order": point.order,
        }
    url = reverse("admin:models_catalog_organisationalmodel_change", args=[model.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert Point.objects.get(pk=edited.pk).text == "опытная команда"
    assert model.points.count() == len(points)
    html = client.get(model.get_absolute_url()).content.decode()
    assert "опытная команда" in html and "тиражирование успешного опыта" in html
