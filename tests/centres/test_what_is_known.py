"""A profile and the registry say which of their facts are the portal's own reading."""

import re

import pytest
from django.urls import reverse

from centres.models import Centre
from tests.helpers import client_for, profile_post, source_lines

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_seed_names_are_marked_descriptive_on_the_profile_and_the_registry(client, network):
    """The source lists places («гг.Тобольск, Ишим…»), never an organisation's name."""
    centre = Centre.objects.get(slug="municipal-tobolsk")
    assert any("Тобольск" in line for line in source_lines())
    assert not any(centre.name in line for line in source_lines())

    profile = page(client, centre.get_absolute_url())
    assert "Название описательное: источник называет место, а не организацию." in profile
    registry = page(client, reverse("centres:list"), q="Тобольск")
    item = re.search(r'centre-item">(.*?)</li>', registry, re.S).group(1)
    assert "(описательное название)" in item
    assert 'id="descriptive-names-note"' in registry


def test_a_save_that_leaves_the_name_alone_keeps_it_descriptive(personas):
    centre, anna = personas.centre_a, client_for(personas.coordinator_a)
    edit = reverse("centres:edit", args=[centre.slug])
    assert anna.post(edit, profile_post(centre, phone="+7 3456 1-11-11")).status_code == 302
    assert "Название описательное" in page(anna, centre.get_absolute_url())


def test_a_coordinators_save_makes_the_name_the_centres_own(personas):
    centre, anna = personas.centre_a, client_for(personas.coordinator_a)
    edit = reverse("centres:edit", args=[centre.slug])
    response = anna.post(edit, profile_post(centre, name="АНО «Ресурсный центр Тобольска»"))
    assert response.status_code == 302

    profile = page(anna, centre.get_absolute_url())
    assert "Название описательное" not in profile
    registry = page(anna, reverse("centres:list"), q="Тобольск")
    assert "описательное название" not in registry


def test_the_regional_centre_link_is_the_portals_reading_until_an_admin_confirms(client, network):
    """The source groups centres by region; it names no centre's regional centre."""
    centre = Centre.objects.get(slug="municipal-ishim")
    reading = "Прочтение портала: источник перечисляет центры региона вместе"
    link = re.search(
        r'id="regional-centre">(.*?)</dd>', page(client, centre.get_absolute_url()), re.S
    )
    assert centre.parent.get_absolute_url() in link.group(1) and reading in link.group(1)

    Centre.objects.filter(pk=centre.pk).update(parent_confirmed=True)
    link = re.search(
        r'id="regional-centre">(.*?)</dd>', page(client, centre.get_absolute_url()), re.S
    )
    assert centre.parent.get_absolute_url() in link.group(1) and reading not in link.group(1)


def test_an_admin_confirms_the_link_with_a_flag(network, admin_client):
    centre = Centre.objects.get(slug="municipal-ishim")
    form = page(admin_client, reverse("admin:centres_centre_change", args=[centre.pk]))
    assert 'name="parent_confirmed"' in form


def test_the_history_reads_flags_and_choices_in_words(personas):
    centre, anna = personas.centre_a, client_for(personas.coordinator_a)
    anna.post(
        reverse("centres:edit", args=[centre.slug]),
        profile_post(centre, name="АНО «Ресурсный центр Тобольска»"),
    )
    history = page(anna, reverse("centres:history", args=[centre.slug]))
    latest = history.split('class="table table-sm mb-0 changes', 1)[1].split("</table>", 1)[0]
    row = re.search(r"Название описательное</th><td>(.*?)</td><td>(.*?)</td>", latest)
    assert row.groups() == ("да", "нет")
    assert "True" not in latest and "False" not in latest


def test_reverting_to_the_seed_brings_back_the_descriptive_name_flag(personas):
    centre = personas.centre_a
    seeded = centre.history.earliest("history_id")
    anna = client_for(personas.coordinator_a)
    anna.post(reverse("centres:edit", args=[centre.slug]), profile_post(centre, name="АНО «РЦ»"))
    response = client_for(personas.centre_editor).post(
        reverse("centres:revert", args=[centre.slug, seeded.history_id])
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.name == seeded.name and centre.name_is_descriptive


def test_a_regional_centre_lists_its_region_as_the_portals_reading(client, network):
    html = page(client, Centre.objects.get(slug="regional-tyumen").get_absolute_url())
    members = html.split('id="members-heading"', 1)[1].split("</section>", 1)[0]
    assert "Прочтение портала: источник перечисляет центры региона вместе" in members


def test_maps_say_centres_stand_at_their_towns_coordinates(client, network):
    note = "центр стоит на карте в общедоступных координатах своего населённого пункта"
    assert note in page(client, reverse("centres:list"))
    assert note in page(client, Centre.objects.get(slug="municipal-tobolsk").get_absolute_url())


def test_a_profile_whose_place_its_coordinators_set_no_longer_says_it_is_the_towns(
    client, personas
):
    note = "центр стоит на карте в общедоступных координатах своего населённого пункта"
    centre = personas.centre_a
    assert note in page(client, centre.get_absolute_url())
    client_for(personas.coordinator_a).post(
        reverse("centres:edit", args=[centre.slug]),
        profile_post(centre, latitude="58,20100", longitude="68.25500"),
    )
    html = page(client, centre.get_absolute_url())
    assert 'id="centre-map"' in html and note not in html


def test_empty_contacts_read_in_the_right_gender(client, network):
    html = page(client, Centre.objects.get(slug="municipal-tobolsk").get_absolute_url())
    text = re.sub(r"<[^>]+>", " ", html.split('class="row mb-0 contacts"')[1])
    contacts = " ".join(text.split())
    assert "Адрес не указан Телефон не указан Эл. почта не указана Сайт не указан" in contacts
    assert "Последняя проверка: ещё не было" in " ".join(re.sub(r"<[^>]+>", " ", html).split())
