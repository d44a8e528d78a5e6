import re
from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from centres.models import Centre
from models_catalog.models import Example, OrganisationalModel, Point
from tests import source
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def page(client, name, *args):
    response = client.get(reverse(f"models_catalog:{name}", args=args))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_model_page_shows_the_whole_model(client, network, number):
    """Name, characteristics, every pro and con and every example, as the source has them."""
    written = source.models()[number - 1]
    model = OrganisationalModel.objects.get(number=number)
    html = page(client, "detail", model.slug)
    assert escape(written["name"]) in html
    assert escape(written["characteristics"]) in html
    points = list(model.points.values_list("text", flat=True))
    assert points and all(point in written["pros"] + written["cons"] for point in points)
    for point in points:
        assert escape(point) in html
    for example in written["examples"]:
        assert escape(example) in html


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_model_page_keeps_the_source_s_order_of_pros_cons_and_examples(client, network, number):
    written = source.models()[number - 1]
    html = page(client, "detail", OrganisationalModel.objects.get(number=number).slug)
    for side, sentence in [("pro", written["pros"]), ("con", written["cons"])]:
        listed = re.search(rf'class="points points-{side}">(.*?)</ul>', html, re.S)
        if side == "con" and number == 4:  # «Минусы: -»
            assert listed is None
            continue
        items = [unescape(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1))]
        source.assert_split_of(items, sentence)
    examples = html.split('class="examples"', 1)[1]
    positions = [examples.index(escape(example)) for example in written["examples"]]
    assert positions == sorted(positions)


def test_model_four_shows_that_no_cons_were_named(client, network):
    html = page(client, "detail", "public-development")
    assert "Минусы этой модели в источнике не названы." in html
    assert "Минусы этой модели в источнике не названы." not in page(
        client, "detail", "subordinate"
    )


def test_example_territories_with_a_registry_centre_link_to_it(client, network):
    html = page(client, "detail", "public-development")
    for slug in ["municipal-golyshmanovo", "municipal-kazym", "municipal-nyazepetrovsk"]:
        assert f'href="/centres/{slug}/"' in html
    kazym = Example.objects.get(label__startswith="Белоярский район (с. Казым)")
    assert kazym.territory.centres.get().slug == "municipal-kazym"


def test_centres_get_the_model_their_territory_is_an_example_of(network):
    with_model = dict(
        Centre.objects.exclude(organisational_model=None).values_list(
            "slug", "organisational_model__number"
        )
    )
    assert with_model == {
        "municipal-golyshmanovo": 4,
        "municipal-kazym": 4,
        "municipal-nyazepetrovsk": 4,
        "municipal-almenevo": 3,
    }


def test_seeding_again_keeps_a_model_staff_changed(network):
    Centre.objects.filter(slug="municipal-almenevo").update(organisational_model=None)
    Point.objects.filter(text="профессионализм кадров").update(text="профессиональные кадры")
    points = Point.objects.count()
    call_command("seed_network", stdout=StringIO())
    assert Centre.objects.get(slug="municipal-almenevo").organisational_model is None
    assert Point.objects.filter(text="профессиональные кадры").count() == 1
    assert not Point.objects.filter(text="профессионализм кадров").exists()
    assert Point.objects.count() == points


def test_the_catalogue_cards_show_the_first_pros_and_cons(client, network):
    html = page(client, "list")
    cards = dict(re.findall(r'id="model-(\d)"(.*?)</article>', html, re.S))
    assert list(cards) == ["1", "2", "3", "4"]
    for model in OrganisationalModel.objects.all():
        card = cards[str(model.number)]
        for side, points in [("pro", model.pros), ("con", model.cons)]:
            column = card.split(f'data-side="{side}"', 1)[1].split("</div>", 1)[0]
            shown = re.findall(r'<li class="source-text">(.*?)</li>', column)
            assert shown == [escape(point.text) for point in points[:2]]
            if len(points) > 2:
                assert f"и ещё {len(points) - 2}" in column
    # Model 4's card says the source names no cons, instead of a bare «0».
    assert "Минусы этой модели в источнике не названы." in cards["4"]


def test_the_catalogue_cards_count_examples_and_registry_centres(client, network):
    html = page(client, "list")
    counts = re.findall(r'data-count="examples">(\d+) .*?data-count="centres">(\d+) ', html, re.S)
    assert counts == [("3", "0"), ("4", "0"), ("3", "1"), ("3", "3")]


def test_card_counts_leave_out_unpublished_centres(client, network):
    Centre.objects.filter(slug="municipal-kazym").update(is_published=False)
    html = page(client, "list")
    assert re.findall(r'data-count="centres">(\d+) ', html) == ["0", "0", "1", "2"]


def test_a_model_page_names_each_registry_centre_once(client, network):
    html = page(client, "detail", "public-development")
    for centre in Centre.objects.filter(organisational_model__number=4):
        assert html.count(f'href="{centre.get_absolute_url()}"') == 1


def test_a_model_page_lists_its_registry_centres_and_neighbours(client, network):
    html = page(client, "detail", "municipal-resource-centre")
    assert 'href="/centres/municipal-almenevo/"' in html
    assert 'href="/models/subordinate/" rel="prev"' in html
    assert 'href="/models/public-development/" rel="next"' in html


def test_the_comparison_puts_the_four_models_side_by_side(client, network):
    html = page(client, "compare")
    assert html.count('<th scope="col" role="columnheader"><a href="/models/') == 4
    for point in Point.objects.all():
        assert point.text in html
    for example in Example.objects.all():
        assert example.label in html
    assert 'class="table-responsive' in html  # scrolls on a phone
    assert html.count("Минусы этой модели в источнике не названы.") == 1


def test_an_unknown_model_gives_404(client, network):
    assert client.get("/models/no-such-model/").status_code == 404


def test_a_profile_links_to_its_model_page(client, network):
    html = client.get("/centres/municipal-almenevo/").content.decode()
    assert 'href="/models/municipal-resource-centre/"' in html


def test_model_one_s_pros_stay_the_one_sentence_the_source_writes(client, network):
    """Cut at its commas, the sentence's second half would have no subject."""
    sentence = source.models()[0]["pros"]
    pros = OrganisationalModel.objects.get(number=1).pros
    assert [point.text for point in pros] == [sentence.rstrip(".")]
    assert escape(sentence.rstrip(".")) in page(client, "detail", "administrative")


def test_a_model_page_lists_its_first_centres_and_links_to_the_rest(client, network, monkeypatch):
    monkeypatch.setattr("models_catalog.views.MEMBERS_SHOWN", 1)
    model = OrganisationalModel.objects.get(number=4)
    CentreFactory.create_batch(2, organisational_model=model)
    html = client.get(model.get_absolute_url()).content.decode()
    section = html.split('id="centres-heading"', 1)[1].split("</section>", 1)[0]
    total = model.centres.filter(is_published=True).count()
    assert len(re.findall(r'class="fw-semibold" href="/centres/', section)) == 1
    assert f'href="/centres/?model=4">Показан первый 1; все {total} — в реестре' in section
