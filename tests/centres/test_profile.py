import datetime

import pytest
from django.urls import reverse

from centres.models import Centre
from models_catalog.models import OrganisationalModel
from tests.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile(client, slug):
    return client.get(reverse("centres:detail", args=[slug]))


def test_a_profile_shows_every_public_field(client, network):
    centre = Centre.objects.get(slug="municipal-tobolsk")
    centre.description = "Первая строка.\nВторая строка."
    centre.address = "г. Тобольск, ул. Мира, 1"
    centre.phone = "+7 3456 22-22-22"
    centre.email = "rc@tobolsk.example"
    centre.website = "https://rc-tobolsk.example/"
    centre.vk_url = "https://vk.com/rc_tobolsk"
    centre.telegram_url = "https://t.me/rc_tobolsk"
    centre.ok_url = "https://ok.ru/rc_tobolsk"
    centre.last_verified = datetime.date(2026, 3, 5)
    centre.organisational_model = OrganisationalModel.objects.get(number=3)
    centre.save()

    page = profile(client, "municipal-tobolsk").content.decode()
    for text in [
        "Муниципальный ресурсный центр, г. Тобольск",
        "Муниципальный ресурсный центр",  # level
        "Тюменская область",
        "г. Тобольск, ул. Мира, 1",
        "+7 3456 22-22-22",
        'href="mailto:rc@tobolsk.example"',
        'href="https://rc-tobolsk.example/"',
        "https://vk.com/rc_tobolsk",
        "https://t.me/rc_tobolsk",
        "https://ok.ru/rc_tobolsk",
        "Первая строка.<br>Вторая строка.",
        "5 марта 2026",
        'data-latitude="58.19810" data-longitude="68.26450"',  # the map's marker
        'href="/centres/regional-tyumen/"',  # its regional centre
        'href="/models/municipal-resource-centre/"',  # its organisational model
    ]:
        assert text in page, text


def test_a_profile_links_to_its_regional_centre_and_back(client, network):
    page = profile(client, "municipal-ishim").content.decode()
    assert 'href="/centres/regional-tyumen/"' in page

    regional = profile(client, "regional-tyumen")
    members = {centre.slug for centre in regional.context["members"]}
    assert members == {
        "municipal-golyshmanovo", "municipal-tobolsk", "municipal-ishim", "municipal-yalutorovsk",
    }  # fmt: skip
    assert 'href="/centres/municipal-ishim/"' in regional.content.decode()


def test_a_village_profile_names_its_district(client, network):
    page = profile(client, "municipal-kazym").content.decode()
    assert "с. Казым (Белоярский район)" in page


def test_a_profile_links_to_its_organisational_model(client, network):
    Centre.objects.filter(slug="municipal-nyazepetrovsk").update(
        organisational_model=OrganisationalModel.objects.get(number=4)
    )
    page = profile(client, "municipal-nyazepetrovsk").content.decode()
    assert "Модель 4: «Трансформация в центр общественного развития территории»" in page


def test_an_unset_model_and_an_unverified_profile_say_so(client, network):
    page = profile(client, "municipal-ishim").content.decode()
    assert "ещё не определена" in page
    assert "ещё не подтверждался" in page and "никогда" not in page


def test_completeness_is_the_share_of_recommended_parts_filled(client, network):
    # A seeded centre has its place and territory: 2 of 8 recommended parts.
    response = profile(client, "municipal-ishim")
    assert response.context["centre"].completeness == 25
    assert 'id="completeness">25 %' in response.content.decode()

    Centre.objects.filter(slug="municipal-ishim").update(
        description="О центре", phone="+7 34551 0-00-00", email="rc@ishim.example",
        website="https://ishim.example/",
    )  # fmt: skip
    response = profile(client, "municipal-ishim")
    assert 'id="completeness">75 %' in response.content.decode()
    assert "адрес, соцсеть или мессенджер" in response.content.decode()


def test_coordinators_are_not_shown_publicly(client, network):
    coordinator = UserFactory(username="tobolsk-coordinator", email="secret@tobolsk.example")
    Centre.objects.get(slug="municipal-tobolsk").coordinators.add(coordinator)
    page = profile(client, "municipal-tobolsk").content.decode()
    assert "tobolsk-coordinator" not in page
    assert "secret@tobolsk.example" not in page


def test_script_in_a_description_is_inert(client, db):
    centre = CentreFactory(description='<script>alert(1)</script><img src=x onerror="alert(2)">')
    page = profile(client, centre.slug).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_unknown_slugs_give_404(client, network):
    assert profile(client, "no-such-centre").status_code == 404


def test_unpublished_centres_give_404(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(is_published=False)
    assert profile(client, "municipal-tobolsk").status_code == 404


def test_unpublished_members_are_not_listed_under_their_regional_centre(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(is_published=False)
    page = profile(client, "regional-tyumen").content.decode()
    assert "municipal-tobolsk" not in page


def test_an_unpublished_regional_centre_is_not_named_on_its_members_profiles(client, network):
    regional = Centre.objects.get(slug="regional-tyumen")
    member = Centre.objects.get(slug="municipal-tobolsk")
    assert member.parent == regional
    html = client.get(member.get_absolute_url()).content.decode()
    assert regional.name in html and regional.get_absolute_url() in html

    Centre.objects.filter(pk=regional.pk).update(is_published=False)
    html = client.get(member.get_absolute_url()).content.decode()
    assert regional.name not in html
    assert regional.get_absolute_url() not in html
    assert "Региональный центр" not in html
