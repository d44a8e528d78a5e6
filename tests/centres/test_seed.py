from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.serializers import serialize

from centres.models import Centre, Region, Territory
from models_catalog.models import Definition, OrganisationalModel

pytestmark = pytest.mark.django_db

SOURCE_PLACES = [
    "Тюмень", "Екатеринбург", "Челябинск", "Курган",
    "Голышмановский городской округ", "Тобольск", "Ишим", "Ялуторовск",
    "Нижний Тагил", "Первоуральск", "Снежинск", "Нязепетровск", "Магнитогорск", "Пласт",
    "Шадринск", "Альменево", "Ханты-Мансийск", "Мегион", "Нижневартовск", "Казым", "Надым",
    "Златоуст", "Катав-Ивановск", "Озерск", "Сосновский район", "Троицк", "Южноуральск",
    "Мишкино", "Луганск", "Краснодон",
    # Example territories of the four organisational models.
    "Ханты-Мансийский район", "Сургутский район", "Сорокинский район", "Ямальский район",
    "Шурышкарский район", "Нижняя Синячиха", "Верхний Уфалей", "Ялуторовский район",
    "Исетский район", "Белоярский район",
]  # fmt: skip


def test_the_network_has_four_regional_seventeen_municipal_and_nine_partners(network):
    assert Counter(Centre.objects.values_list("level", flat=True)) == {
        "regional": 4,
        "municipal": 17,
        "partner": 9,
    }
    assert Region.objects.count() == 7


def test_centres_sit_in_the_regions_the_source_lists(network):
    by_region = Counter(Centre.objects.values_list("level", "region__short_name"))
    assert {region for (level, region) in by_region if level == "regional"} == {
        "ТО", "СО", "ЧО", "КО",
    }  # fmt: skip
    assert {region: n for (level, region), n in by_region.items() if level == "municipal"} == {
        "ТО": 4, "СО": 2, "ЧО": 4, "КО": 2, "ХМАО": 4, "ЯНАО": 1,
    }  # fmt: skip
    assert {region: n for (level, region), n in by_region.items() if level == "partner"} == {
        "ЧО": 6, "КО": 1, "ЛНР": 2,
    }  # fmt: skip


def test_regional_centres_are_in_the_four_cities(network):
    cities = Centre.objects.filter(level="regional").values_list("territory__name", flat=True)
    assert set(cities) == {"Тюмень", "Екатеринбург", "Челябинск", "Курган"}


def test_every_place_of_the_source_is_a_territory(network):
    assert set(SOURCE_PLACES) <= set(Territory.objects.values_list("name", flat=True))
    kazym = Territory.objects.get(name="Казым")
    assert kazym.parent.name == "Белоярский район"


def test_every_centre_is_published_with_coordinates_of_its_town(network):
    for centre in Centre.objects.all():
        assert centre.is_published
        assert centre.has_coordinates, centre
        # The Urals, western Siberia and Lugansk all lie in this box.
        assert 47 < centre.latitude < 67 and 38 < centre.longitude < 78, centre


def test_municipal_centres_and_partners_belong_to_their_regional_centre(network):
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    assert tobolsk.parent.slug == "regional-tyumen"
    assert Centre.objects.get(slug="partner-mishkino").parent.slug == "regional-kurgan"
    # No regional centre is named for ХМАО, ЯНАО or ЛНР.
    assert Centre.objects.get(slug="municipal-nadym").parent is None


def test_seed_names_are_descriptive(network):
    assert Centre.objects.get(slug="municipal-tobolsk").name == (
        "Муниципальный ресурсный центр, г. Тобольск"
    )
    assert Centre.objects.get(slug="municipal-kazym").name == (
        "Муниципальный ресурсный центр, с. Казым Белоярского района"
    )


def test_the_catalogue_has_four_models_and_the_definitions(network):
    assert list(OrganisationalModel.objects.values_list("number", "name")) == [
        (1, "Административная"),
        (2, "Подведомственная"),
        (3, "«Муниципальный ресурсный центр»"),
        (4, "«Трансформация в центр общественного развития территории»"),
    ]
    assert list(Definition.objects.values_list("term", flat=True)) == [
        "Ресурсный центр поддержки СОНКО",
        "Центр общественного развития",
        "Сетевое взаимодействие",
    ]


def snapshot():
    return {
        model._meta.label: serialize("json", model.objects.order_by("pk"))
        for app in ["centres", "models_catalog"]
        for model in apps.get_app_config(app).get_models()
    }


def test_seeding_twice_changes_nothing(network):
    before = snapshot()
    output = StringIO()
    call_command("seed_network", stdout=output)
    assert snapshot() == before
    assert "created regions: 0, territories: 0, centres: 0" in output.getvalue()


def test_seeding_again_keeps_what_coordinators_edited(network):
    Centre.objects.filter(slug="municipal-tobolsk").update(
        name="АНО «Тобольский ресурсный центр»", phone="+7 3456 00-00-00"
    )
    call_command("seed_network", stdout=StringIO())
    centre = Centre.objects.get(slug="municipal-tobolsk")
    assert centre.name == "АНО «Тобольский ресурсный центр»"
    assert centre.phone == "+7 3456 00-00-00"
    assert Centre.objects.count() == 30
