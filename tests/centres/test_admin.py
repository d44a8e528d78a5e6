import pytest
from django.urls import reverse

from centres.models import Centre

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["region", "territory", "centre"])
def test_staff_browse_search_and_filter_every_registry_table(admin_client, network, model):
    changelist = reverse(f"admin:centres_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Тоб"}).status_code == 200
    assert admin_client.get(reverse(f"admin:centres_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", ["territory", "centre"])
def test_the_admin_lists_places_and_centres_by_region_then_name(admin_client, network, model):
    shown = admin_client.get(reverse(f"admin:centres_{model}_changelist")).context["cl"]
    rows = [(row.region.order, row.name) for row in shown.result_list]
    assert len({order for order, _name in rows}) > 1
    assert rows == sorted(rows)


def test_the_admin_refuses_a_description_over_5000_characters(admin_client, network):
    centre = Centre.objects.get(slug="municipal-tobolsk")
    before = centre.description
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin_client.post(url, {**data, "description": "я" * 5001, "_save": "1"})
    assert response.status_code == 200
    assert (
        "Убедитесь, что это значение содержит не более 5000 символов (сейчас 5001)."
        in response.content.decode()
    )
    centre.refresh_from_db()
    assert centre.description == before
    response = admin_client.post(url, {**data, "description": "я" * 5000, "_save": "1"})
    assert response.status_code == 302
    centre.refresh_from_db()
    assert len(centre.description) == 5000


def test_the_admin_reads_a_telegram_name_and_long_degrees_as_the_profile_page_does(
    admin_client, network
):
    centre = Centre.objects.get(slug="municipal-tobolsk")
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(telegram_url="@tobolsk_nko", latitude="58.198123456", longitude="68.253987654")
    assert admin_client.post(url, {**data, "_save": "1"}).status_code == 302
    centre.refresh_from_db()
    assert centre.telegram_url == "https://t.me/tobolsk_nko"
    assert (str(centre.latitude), str(centre.longitude)) == ("58.19812", "68.25399")


def test_the_centre_list_filters_by_level(admin_client, network):
    response = admin_client.get(reverse("admin:centres_centre_changelist"), {"level": "partner"})
    assert response.context["cl"].result_count == 9


def test_staff_edit_a_centre_in_the_admin(admin_client, network):
    centre = Centre.objects.get(slug="partner-troitsk")
    page = admin_client.get(reverse("admin:centres_centre_change", args=[centre.pk]))
    assert page.status_code == 200
    assert "Партнёр сети, г. Троицк" in page.content.decode()


def test_visitors_cannot_open_the_admin(client, network):
    response = client.get(reverse("admin:centres_centre_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_history_form_leads_to_the_portal_history_and_saves_nothing(
    admin_client, network
):
    centre = Centre.objects.get(slug="municipal-tobolsk")
    centre.phone = "+7 3456 11-11-11"
    centre.save()
    first = centre.history.earliest("history_id")
    url = reverse("admin:centres_centre_simple_history", args=[centre.pk, first.history_id])
    for response in [admin_client.get(url), admin_client.post(url, {"phone": "", "_save": "1"})]:
        assert response.status_code == 302
        assert response["Location"] == reverse("centres:history", args=[centre.slug])
    centre.refresh_from_db()
    assert (centre.phone, centre.version) == ("+7 3456 11-11-11", 2)


def test_an_admin_page_opened_before_a_coordinator_saved_does_not_undo_the_save(
    admin_client, personas
):
    from tests.helpers import client_for, profile_post

    centre = personas.centre_a
    url = reverse("admin:centres_centre_change", args=[centre.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(coordinators=[personas.coordinator_a.pk], _save="1", name="Имя от администратора")

    client_for(personas.coordinator_a).post(
        reverse("centres:edit", args=[centre.slug]), profile_post(centre, phone="+7 3456 77-77-77")
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        "Кто-то сохранил этот центр после того, как вы открыли страницу"
        in response.content.decode()
    )
    centre.refresh_from_db()
    assert (centre.name, centre.phone) == (
        "Муниципальный ресурсный центр, г. Тобольск",
        "+7 3456 77-77-77",
    )

    data["loaded_version"] = centre.version  # opened again
    assert admin_client.post(url, data).status_code == 302
    centre.refresh_from_db()
    assert centre.name == "Имя от администратора"


def test_the_admin_history_of_a_centre_is_the_portal_s_history(admin_client, network):
    """Names and words there, not the admin's «True → False» and «None»."""
    centre = Centre.objects.get(slug="municipal-tobolsk")
    response = admin_client.get(reverse("admin:centres_centre_history", args=[centre.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("centres:history", args=[centre.slug])
