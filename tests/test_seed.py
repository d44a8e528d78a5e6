"""`seed_network` against the source document: every list, text and figure it loads is
the one the source gives, read from the document itself (tests/source.py)."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.serializers import serialize

from centres.models import Centre, Region, Territory
from models_catalog.models import (
    Characteristic,
    Definition,
    InteractionForm,
    NetworkEffect,
    OrganisationalModel,
    TransformationStep,
)
from tests import source

pytestmark = pytest.mark.django_db

PREPOSITIONS = {"в", "на", "к", "с", "по", "для", "о"}


def centres_by_region(level):
    """{region: [(place, the district it lies in)]} of the seeded centres of one level."""
    found = {}
    centres = Centre.objects.filter(level=level).select_related("region", "territory__parent")
    for centre in centres.order_by("pk"):
        territory = centre.territory
        found.setdefault(centre.region.short_name, []).append(
            (territory.name, territory.parent.name if territory.parent else None)
        )
    return found


def test_the_regions_are_the_source_s_in_its_order(network):
    regions = Region.objects.order_by("order").values_list("short_name", flat=True)
    assert list(regions) == source.regions()
    assert len(source.regions()) == 7


def test_the_regional_centres_are_in_the_cities_the_source_lists(network):
    centres = Centre.objects.filter(level=Centre.Level.REGIONAL).order_by("pk")
    assert [centre.territory.name for centre in centres] == source.regional_centres()


@pytest.mark.parametrize(
    ("level", "listing"),
    [(Centre.Level.MUNICIPAL, source.municipal_centres), (Centre.Level.PARTNER, source.partners)],
)
def test_every_place_listed_has_its_centre_in_the_region_it_is_listed_under(
    network, level, listing
):
    expected = {
        region: [source.place_name(place) for place in places]
        for region, places in listing().items()
    }
    assert centres_by_region(level) == expected


def test_the_registry_holds_the_centres_the_source_lists_and_no_other(network):
    listed = {
        Centre.Level.REGIONAL: len(source.regional_centres()),
        Centre.Level.MUNICIPAL: sum(len(places) for places in source.municipal_centres().values()),
        Centre.Level.PARTNER: sum(len(places) for places in source.partners().values()),
    }
    assert listed == {"regional": 4, "municipal": 17, "partner": 9}
    assert Counter(Centre.objects.values_list("level", flat=True)) == listed


def example_places(label):
    """The places an example names: «Ялуторовский (+Исетский) район (Тюм.обл.)» names two."""
    label = label[: label.rindex(" (")]  # the region
    if joined := re.fullmatch(r"(\S+) \(\+(\S+)\) (\S+)", label):
        first, second, kind = joined.groups()
        return [f"{first} {kind}", f"{second} {kind}"]
    if village := re.fullmatch(r"(.*) \(с\. (\S+)\)", label):
        return list(village.groups())
    return [label]


def test_every_place_the_source_names_is_a_territory(network):
    listed = [
        source.place_name(place)[0]
        for listing in (source.municipal_centres(), source.partners())
        for places in listing.values()
        for place in places
    ]
    examples = [
        place
        for model in source.models()
        for label in model["examples"]
        for place in example_places(label)
    ]
    names = set(Territory.objects.values_list("name", flat=True))
    assert set(source.regional_centres() + listed + examples) <= names
    assert {"Ялуторовский район", "Исетский район", "Казым"} <= set(examples)
    assert Territory.objects.get(name="Казым").parent.name == "Белоярский район"


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


def texts(points, side):
    return [point.text for point in points.filter(side=side).order_by("order")]


def test_the_four_models_are_the_source_s_word_for_word(network):
    written = source.models()
    assert [model["number"] for model in written] == [1, 2, 3, 4]
    for model, text in zip(OrganisationalModel.objects.order_by("number"), written, strict=True):
        assert (model.number, model.name, model.characteristics) == (
            text["number"], text["name"], text["characteristics"],
        )  # fmt: skip
        # The pros and cons are the source's sentence cut at its commas or semicolons.
        source.assert_split_of(texts(model.points, "pro"), text["pros"])
        if text["cons"] == "-":  # «Минусы: -»: none named
            assert texts(model.points, "con") == []
        else:
            source.assert_split_of(texts(model.points, "con"), text["cons"])
        examples = model.examples.order_by("order").values_list("label", flat=True)
        assert list(examples) == text["examples"]


def test_the_definitions_are_the_source_s(network):
    definitions = Definition.objects.order_by("order").values_list("term", "text")
    *defined, (term, text) = definitions
    assert defined == source.definitions()
    # The third is the sentence «Сетевое взаимодействие способствует …», cut after its subject.
    assert (term, f"{term} {text}") == (
        "Сетевое взаимодействие",
        source.network_interaction_line(),
    )


def test_the_forms_of_network_interaction_are_the_source_s(network):
    forms = InteractionForm.objects.order_by("order").prefetch_related("purposes")
    seeded = [
        (form.name, [purpose.text for purpose in form.purposes.order_by("order")])
        for form in forms
    ]
    assert seeded == source.interaction_forms()
    assert len(seeded) == 4


def test_the_network_s_pros_and_cons_are_the_source_s(network):
    assert texts(NetworkEffect.objects, "pro") == source.network_pros()
    assert texts(NetworkEffect.objects, "con") == source.network_cons()


def test_the_steps_are_the_source_s_and_the_one_that_breaks_off_is_marked(network):
    steps = TransformationStep.objects.order_by("number")
    assert [(step.number, step.text) for step in steps] == source.steps()
    # A sentence ending on a preposition breaks off in the source.
    assert [step.number for step in steps if step.breaks_off] == [
        number for number, text in source.steps() if text.split()[-1] in PREPOSITIONS
    ]
    assert [step.number for step in steps if step.breaks_off] == [3]


def test_the_characteristics_are_the_source_s(network):
    characteristics = Characteristic.objects.order_by("order").values_list("text", flat=True)
    assert list(characteristics) == source.characteristics()
    assert len(characteristics) == 11


def snapshot():
    return {
        model._meta.label: serialize("json", model.objects.order_by("pk"))
        for app in ["centres", "models_catalog", "surveys"]
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
    count = Centre.objects.count()
    call_command("seed_network", stdout=StringIO())
    centre = Centre.objects.get(slug="municipal-tobolsk")
    assert centre.name == "АНО «Тобольский ресурсный центр»"
    assert centre.phone == "+7 3456 00-00-00"
    assert Centre.objects.count() == count
