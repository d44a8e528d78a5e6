"""A search typed in Latin letters that finds nothing is offered its Russian reading."""

import html
import re

import pytest
from django.urls import reverse

from centres.models import Centre
from network_portal.text import in_russian_layout, spelling_key, spelling_keys
from tests.factories import CentreFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

REGISTRY = reverse("centres:list")


def suggestion(response):
    """(the suggested link's query string, its text, the sentence around it), or None."""
    match = re.search(r'id="search-suggestion">(.*?)</p>', response.content.decode(), re.S)
    if match is None:
        return None
    sentence = " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())
    link = re.search(r'<a href="\?([^"]*)">«(.*?)»</a>', match.group(1))
    return html.unescape(link.group(1)), html.unescape(link.group(2)), sentence


def listed_slugs(response):
    return re.findall(r'href="/centres/([\w-]+)/"', response.content.decode())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("n.vtym", "тюмень"),  # «тюмень» typed with the English layout on
        ("Rehufy", "курган"),
        ("N.VTYM", "тюмень"),  # and with Caps Lock
        ("Nj,jkmcr", "тобольск"),  # «б» is on the English «,»
        ("rfnfd-bdfyjdcr", "катав-ивановск"),
    ],
)
def test_a_search_typed_in_the_wrong_layout_is_offered_as_meant(client, network, typed, meant):
    query, text, sentence = suggestion(client.get(REGISTRY, {"q": typed}))
    assert text == meant
    assert "Так выглядит ваш запрос, набранный в русской раскладке." in sentence
    assert "Это догадка портала" in sentence
    followed = client.get(f"{REGISTRY}?{query}")
    assert listed_slugs(followed)
    assert suggestion(followed) is None


@pytest.mark.parametrize(
    ("typed", "meant", "slugs"),
    [
        ("Tobolsk", "Тобольск", ["municipal-tobolsk"]),
        ("Tyumen", "Тюмень", ["regional-tyumen"]),
        ("Yekaterinburg", "Екатеринбург", ["regional-yekaterinburg"]),
        ("Ekaterinburg", "Екатеринбург", ["regional-yekaterinburg"]),
        ("Nizhny Tagil", "Нижний Тагил", ["municipal-nizhny-tagil"]),
        ("nizhniy tagil", "Нижний Тагил", ["municipal-nizhny-tagil"]),
        ("Nyazepetrovsk", "Нязепетровск", ["municipal-nyazepetrovsk"]),
        ("Ozyorsk", "Озерск", ["partner-ozersk"]),
        ("Khanty-Mansiysk", "Ханты-Мансийск", None),
        ("Tyumen oblast", "Тюмень область", ["regional-tyumen"]),
        ("Sosnovsky rayon", "Сосновский район", ["partner-sosnovsky-district"]),
        ("Tyumen, to", "Тюмень", ["regional-tyumen"]),  # «to» is not «ТО»
    ],
)
def test_a_place_written_in_latin_letters_is_offered_in_russian(
    client, network, typed, meant, slugs
):
    query, text, sentence = suggestion(client.get(REGISTRY, {"q": typed}))
    assert text == meant
    assert "Так по-русски пишутся названия из вашего запроса." in sentence
    followed = client.get(f"{REGISTRY}?{query}")
    expected = slugs or listed_slugs(client.get(REGISTRY, {"q": meant}))
    assert listed_slugs(followed) == expected
    assert expected


def test_the_suggestion_keeps_the_other_filters_says_how_many_it_finds_and_starts_at_page_one(
    client, network
):
    response = client.get(REGISTRY, {"q": "Chelyabinsk", "level": "partner", "page": "3"})
    query, text, sentence = suggestion(response)
    assert text == "Челябинск"
    partners = client.get(REGISTRY, {"q": "Челябинск", "level": "partner"})
    count = partners.context["page_obj"].paginator.count
    assert count == 6
    assert f"по ней найдено {count} центров" in sentence
    assert query == "q=%D0%A7%D0%B5%D0%BB%D1%8F%D0%B1%D0%B8%D0%BD%D1%81%D0%BA&level=partner"
    assert listed_slugs(client.get(f"{REGISTRY}?{query}")) == listed_slugs(partners)


def test_one_centre_found_is_said_in_the_singular(client, network):
    *_, sentence = suggestion(client.get(REGISTRY, {"q": "Tobolsk"}))
    assert sentence.endswith("по ней найден 1 центр.")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "Tyumen", "level": "municipal"},  # Тюмень's only centre is the regional one
        {"q": "qwerty"},  # «йцукен»: no centre
        {"q": "Vladivostok"},  # no centre's place
        {"q": "b"},  # «и»: a letter, not a word anybody meant
        {"q": "to"},  # not the short name «ТО»
        {"q": "Tyumen pizza"},  # a word no place's name has
        {"q": "Nizhny Novgorod"},  # not Nizhny Tagil
        {"q": "oblast"},  # a kind of place names no place
        {"q": "Autonomous okrug"},
        {"q": "\u202eTyumen"},  # a right-to-left override would turn the page's text around
        {"q": "Tobolsk " * 25},  # «Тобольск» 25 times is longer than a search may be
        {"q": "Владивосток"},  # typed in Russian: nothing to read otherwise
        {"q": "12345"},
    ],
)
def test_nothing_is_suggested_that_would_find_nothing_or_was_not_typed_in_latin(
    client, network, params
):
    response = client.get(REGISTRY, params)
    assert response.context["page_obj"].paginator.count == 0
    assert suggestion(response) is None
    assert "Нет центров, подходящих под эти условия." in response.content.decode()


def test_a_search_that_finds_centres_gets_no_suggestion(client, network):
    CentreFactory(name="Центр Tobolsk Volunteers")
    response = client.get(REGISTRY, {"q": "Tobolsk"})
    assert response.context["page_obj"].paginator.count == 1
    assert suggestion(response) is None


def test_an_unpublished_centres_place_is_never_suggested(client, network):
    hidden = TerritoryFactory(name="Салехард")
    CentreFactory(territory=hidden, is_published=False)
    assert suggestion(client.get(REGISTRY, {"q": "Salekhard"})) is None
    CentreFactory(territory=hidden)
    assert suggestion(client.get(REGISTRY, {"q": "Salekhard"}))[1] == "Салехард"


def test_markup_typed_in_the_search_is_not_echoed_in_the_suggestion(client, network):
    response = client.get(REGISTRY, {"q": 'Tobolsk <b>"x"</b>'})
    page = response.content.decode()
    assert "<b>" not in page.split('id="search-suggestion"')[1].split("</p>")[0]
    assert suggestion(response)[1] == "Тобольск"


def test_the_empty_latin_search_runs_a_fixed_number_of_queries(
    client, network, django_assert_num_queries
):
    for size in (0, 40):
        CentreFactory.create_batch(size, territory=Centre.objects.first().territory)
        # The count, the regions and models of the filter bar; the layout's
        # count, the places, the Latin reading's count.
        with django_assert_num_queries(6):
            response = client.get(REGISTRY, {"q": "Tobolsk", "level": "partner"})
        assert suggestion(response) is None


@pytest.mark.parametrize(
    ("russian", "latin"),
    [
        ("Тюмень", ["Tyumen", "Tjumen", "Tiumen"]),
        ("Ханты", ["Khanty", "Hanty"]),
        ("Мансийск", ["Mansiysk", "Mansijsk"]),
        ("Нижний", ["Nizhny", "Nizhniy", "Nizhnij"]),
        ("Щучье", ["Shchuchye", "Schuchje"]),
        ("Озерск", ["Ozyorsk", "Ozersk", "Ozjorsk"]),
        ("Район", ["rayon", "raion"]),
        ("Йошкар", ["Yoshkar", "Joshkar"]),
        ("ЯНАО", ["YaNAO", "JaNAO"]),
        ("Югра", ["Yugra", "Jugra"]),
    ],
)
def test_the_usual_latin_spellings_of_a_russian_word_are_read_as_it(russian, latin):
    for spelling in latin:
        assert spelling_key(russian) in spelling_keys(spelling), spelling


def test_different_places_keep_different_spellings():
    places = ["Курган", "Тюмень", "Тобольск", "Троицк", "Пласт", "Озерск", "Ишим", "Казым"]
    assert len({spelling_key(place) for place in places}) == len(places)


def test_the_russian_layout_is_read_key_by_key():
    assert in_russian_layout("Ghbdtn vbh!") == "привет мир!"
    assert in_russian_layout('~`{}:"<>') == "ёёхъжэбю"
