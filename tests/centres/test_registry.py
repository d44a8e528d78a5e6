import re
from itertools import pairwise

import pytest
from django.urls import reverse

from centres.models import Centre, Region
from centres.paging import RegistryPaginator
from models_catalog.models import OrganisationalModel
from network_portal.text import normalise_for_search, search_terms
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db

REGISTRY = reverse("centres:list")


def listed_slugs(response):
    """Slugs of the centres the page lists, in order."""
    return re.findall(r'href="/centres/([\w-]+)/"', response.content.decode())


def found(response):
    return response.context["page_obj"].paginator.count


def region_groups(response):
    """[(region's short name, [slugs of the centres under its heading])] of a page."""
    groups = re.findall(
        r'<h2 class="h5 mt-4">.*?\((.*?)\)</span>(?: <small[^>]*>[^<]*</small>)?</h2>\s*'
        r'<ul class="list-group centre-list">'
        r"(.*?)</ul>",
        response.content.decode(),
        re.S,
    )
    return [(region, re.findall(r'href="/centres/([\w-]+)/"', block)) for region, block in groups]


def test_the_registry_lists_every_published_centre_grouped_by_region(client, network):
    Centre.objects.filter(slug="partner-krasnodon").update(is_published=False)
    published = Centre.objects.filter(is_published=True)
    response = client.get(REGISTRY)
    assert response.status_code == 200
    assert found(response) == published.count() == 29
    assert "29 центров" in response.content.decode()

    groups = []
    for number in response.context["page_obj"].paginator.page_range:
        groups += region_groups(client.get(REGISTRY, {"page": number}))
    listed = [slug for _region, slugs in groups for slug in slugs]
    assert sorted(listed) == sorted(published.values_list("slug", flat=True))
    # Each centre under its own region's heading, the regions in the source's order
    # (a region that runs on to the next page has its heading there again).
    regions = dict(published.values_list("slug", "region__short_name"))
    assert all(regions[slug] == region for region, slugs in groups for slug in slugs)
    order = list(Region.objects.order_by("order").values_list("short_name", flat=True))
    shown = [region for region, _slugs in groups]
    assert shown == sorted(shown, key=order.index)
    assert list(dict.fromkeys(shown)) == order
    # Regional centres first within their region.
    levels = dict(published.values_list("slug", "level"))
    for region in order:
        regional = [
            levels[slug] == "regional" for r, slugs in groups if r == region for slug in slugs
        ]
        assert regional == sorted(regional, reverse=True), region
    assert listed[0] == "regional-tyumen"


def test_the_registry_is_paginated(client, network, settings):
    settings.REGISTRY_PAGE_SIZE = 20
    first = client.get(REGISTRY)
    second = client.get(REGISTRY, {"page": 2})
    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 10
    assert not set(listed_slugs(first)) & set(listed_slugs(second))
    assert 'href="?page=2">2</a>' in first.content.decode()
    assert 'aria-current="page"><span class="page-link">2</span>' in second.content.decode()


@pytest.mark.parametrize(
    ("asked", "shown"), [("0", 1), ("-1", 1), ("-99999999999999999999", 1), ("99", 3), ("abc", 1)]
)
def test_a_page_number_out_of_range_shows_the_nearest_page(
    client, network, settings, asked, shown
):
    """Below the first page is the first, past the last the last (30 centres, 10 a page)."""
    settings.REGISTRY_PAGE_SIZE = 10
    assert client.get(REGISTRY, {"page": asked}).context["page_obj"].number == shown


@pytest.mark.parametrize("sort", ["region", "level", "name"])
def test_pages_continue_one_another_in_the_chosen_order(client, network, settings, sort):
    settings.REGISTRY_PAGE_SIZE = 100
    whole = listed_slugs(client.get(REGISTRY, {"sort": sort}))
    settings.REGISTRY_PAGE_SIZE = 7
    paged = [
        slug
        for number in range(1, 6)
        for slug in listed_slugs(client.get(REGISTRY, {"sort": sort, "page": number}))
    ]
    assert len(whole) == 30
    assert paged == whole


def test_a_region_begun_on_the_page_before_is_headed_as_continued(client, network, settings):
    settings.REGISTRY_PAGE_SIZE = 7
    pages = [client.get(REGISTRY, {"page": number}) for number in range(1, 6)]
    for before, page in pairwise(pages):
        html = page.content.decode()
        continued = region_groups(before)[-1][0] == region_groups(page)[0][0]
        assert html.count("продолжение с предыдущей страницы") == continued
    assert sum("продолжение" in page.content.decode() for page in pages) >= 2
    assert "продолжение" not in pages[0].content.decode()
    by_name = client.get(REGISTRY, {"page": 2, "sort": "name"}).content.decode()
    assert "продолжение" not in by_name


def test_pagination_links_keep_the_filters(client, network, settings):
    settings.REGISTRY_PAGE_SIZE = 5
    response = client.get(REGISTRY, {"level": "municipal"})
    assert 'href="?level=municipal&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize(
    ("level", "expected"), [("regional", 4), ("municipal", 17), ("partner", 9)]
)
def test_filter_by_level(client, network, level, expected):
    response = client.get(REGISTRY, {"level": level})
    assert found(response) == expected
    levels = Centre.objects.filter(slug__in=listed_slugs(response)).values_list("level", flat=True)
    assert set(levels) == {level}


def test_filter_by_region(client, network):
    response = client.get(REGISTRY, {"region": "khmao"})
    assert found(response) == 4
    assert "municipal-kazym" in listed_slugs(response)
    assert "regional-tyumen" not in listed_slugs(response)


def test_filter_by_level_and_region_together(client, network):
    response = client.get(REGISTRY, {"region": "chelyabinsk-oblast", "level": "partner"})
    assert found(response) == 6


def test_filter_by_organisational_model(client, network):
    assert sorted(listed_slugs(client.get(REGISTRY, {"model": "4"}))) == [
        "municipal-golyshmanovo", "municipal-kazym", "municipal-nyazepetrovsk",
    ]  # fmt: skip
    assert found(client.get(REGISTRY, {"model": "1"})) == 0
    Centre.objects.filter(slug="municipal-ishim").update(
        organisational_model=OrganisationalModel.objects.get(number=1)
    )
    assert listed_slugs(client.get(REGISTRY, {"model": "1"})) == ["municipal-ishim"]


@pytest.mark.parametrize("query", ["тюмень", "ТЮМЕНЬ", "Тюмень", "  тюМень "])
def test_search_ignores_the_case_of_cyrillic_letters(client, network, query):
    assert listed_slugs(client.get(REGISTRY, {"q": query})) == ["regional-tyumen"]


def test_search_finds_a_region_by_its_short_name(client, network):
    assert found(client.get(REGISTRY, {"q": "янао"})) == 1


def test_search_treats_yo_as_ye(client, network):
    assert listed_slugs(client.get(REGISTRY, {"q": "Озёрск"})) == ["partner-ozersk"]


def test_search_reads_a_letter_typed_with_a_combining_mark_as_the_letter(client, network):
    """«Озёрск» with «е» and a combining diaeresis, as some keyboards and pastes send it."""
    assert listed_slugs(client.get(REGISTRY, {"q": "Озе\u0308рск"})) == ["partner-ozersk"]
    composed = listed_slugs(client.get(REGISTRY, {"q": "мансийск"}))
    decomposed = "мансии\u0306ск"  # «й» as «и» and a combining breve
    assert composed and listed_slugs(client.get(REGISTRY, {"q": decomposed})) == composed


def test_the_map_and_open_data_links_carry_only_the_filters_understood(client, network):
    """A file refuses a filter it can't read; the page's own links leave such a filter out."""
    html = client.get(REGISTRY, {"region": "nowhere", "level": "regional"}).content.decode()
    map_url = re.search(r'data-geojson-url="([^"]+)"', html).group(1)
    assert map_url.endswith("?level=regional")
    assert client.get(map_url.replace("&amp;", "&")).status_code == 200


def test_search_looks_into_descriptions_and_addresses(client, network):
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = "Школа НКО и грантовые консультации"
    centre.address = "ул. Ленина, 1"
    centre.save()
    assert listed_slugs(client.get(REGISTRY, {"q": "грантовые"})) == ["municipal-ishim"]
    assert listed_slugs(client.get(REGISTRY, {"q": "ЛЕНИНА"})) == ["municipal-ishim"]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("тобольске", "municipal-tobolsk"),
        ("тюмени", "regional-tyumen"),
        ("Шадринска", "municipal-shadrinsk"),
        # Places whose own stem is shorter than the query's: «Курган» stems to «курга».
        ("в Кургане", "regional-kurgan"),
        ("Надыме", "municipal-nadym"),
        ("центр в Ишиме", "municipal-ishim"),
        ("Казыме", "municipal-kazym"),
        ("Нижнем Тагиле", "municipal-nizhny-tagil"),
        ("Ханты-Мансийске", "municipal-khanty-mansiysk"),
        # A village finds the district named after it: «Голышмановский городской округ».
        ("Голышманово", "municipal-golyshmanovo"),
        ("в Голышманове", "municipal-golyshmanovo"),
    ],
)
def test_search_matches_russian_word_forms(client, network, query, slug):
    assert slug in listed_slugs(client.get(REGISTRY, {"q": query}))


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # Snowball cuts «запись» to «зап» and «музей» to «муз»: no stem in common.
        ("Запись на консультации", "записи"),
        ("Запись на консультации", "записью"),
        ("Музей истории НКО", "в музее"),
        ("Музей истории НКО", "музея"),
    ],
)
def test_a_word_ending_in_a_soft_sign_or_short_i_is_found_by_its_forms(
    client, network, text, query
):
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = text
    centre.save()
    assert listed_slugs(client.get(REGISTRY, {"q": query})) == ["municipal-ishim"]


@pytest.mark.parametrize(
    ("query", "centres"),
    [
        # Stems of three letters: «тагила» and «тагил» are both «таг».
        ("Нижнего Тагила", {"slug": "municipal-nizhny-tagil"}),
        ("Тагила", {"slug": "municipal-nizhny-tagil"}),
        # Every centre of «Ханты-Мансийский автономный округ — Югра».
        ("в Югре", {"region__slug": "khmao"}),
        # Every «Партнёр сети».
        ("партнёры сетей", {"level": "partner"}),
    ],
)
def test_search_finds_the_forms_of_words_with_short_stems(client, network, query, centres):
    expected = Centre.objects.published().filter(**centres).values_list("slug", flat=True)
    found_slugs = listed_slugs(client.get(REGISTRY, {"q": query}))
    assert sorted(found_slugs) == sorted(expected) != []


def test_a_three_letter_word_is_found_by_its_forms(client, network):
    """«Дом» is its own stem; «в Доме» is cut back no further than four letters."""
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = "Дом молодёжи"
    centre.save()
    assert listed_slugs(client.get(REGISTRY, {"q": "в Доме молодёжи"})) == ["municipal-ishim"]


def test_the_stem_of_a_stop_word_is_not_a_form_of_a_place(client, network):
    """«Надым» stems to «над», as «надо» does: a centre that writes «над» or «надо» is not it."""
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = "Работаем над проектами НКО, что надо знать"
    centre.save()
    assert listed_slugs(client.get(REGISTRY, {"q": "Надым"})) == ["municipal-nadym"]


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        # The kinds of place are abbreviated in the registry: «город» is «г.».
        ("город Шадринск", ["municipal-shadrinsk"]),
        ("село Казым", ["municipal-kazym"]),
        # Punctuation around a word changes nothing.
        ("Шадринск, Курганская обл.", ["municipal-shadrinsk"]),
        ("«Надым»", ["municipal-nadym"]),
        # Hyphenated or not, the same words.
        ("ХМАО-Югра Мегион", ["municipal-megion"]),
        ("Нижний-Тагил", ["municipal-nizhny-tagil"]),
        # НКО is what the whole network supports: it narrows nothing.
        ("ресурсный центр СО НКО в Тюмени", ["regional-tyumen"]),
        # A short word only whole: «ТО» is the Tyumen region, not the «то» of «Тобольск».
        ("ТО", ["regional-tyumen", "municipal-golyshmanovo", "municipal-tobolsk",
                "municipal-ishim", "municipal-yalutorovsk"]),
    ],
)  # fmt: skip
def test_search_reads_a_query_as_people_type_it(client, network, query, slugs):
    assert sorted(listed_slugs(client.get(REGISTRY, {"q": query}))) == sorted(slugs)


def test_an_abbreviation_with_its_dot_finds_what_the_region_filter_does(client, network):
    in_region = listed_slugs(client.get(REGISTRY, {"region": "sverdlovsk-oblast"}))
    assert listed_slugs(client.get(REGISTRY, {"q": "Свердловская обл."})) == in_region


def test_a_word_form_the_stemmer_cuts_more_from_is_found(client, network):
    """«ответственность» stems to «ответствен»: its forms may end in five letters, «-ности»."""
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = "Школа общественной ответственности"
    centre.save()
    response = client.get(REGISTRY, {"q": "общественная ответственность"})
    assert listed_slugs(response) == ["municipal-ishim"]


def test_a_word_finds_its_forms_with_longer_endings(client, network):
    """«общественный» and «общественного» share the stem «обществен», as in full-text search."""
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = "Центр общественного развития"
    centre.save()
    assert listed_slugs(client.get(REGISTRY, {"q": "общественный"})) == ["municipal-ishim"]
    assert listed_slugs(client.get(REGISTRY, {"q": "общественными"})) == ["municipal-ishim"]


def test_a_search_of_words_that_narrow_nothing_looks_for_them_as_typed(client, network):
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = "Центр «Доверие» — СО НКО."
    centre.save()
    assert listed_slugs(client.get(REGISTRY, {"q": "НКО."})) == ["municipal-ishim"]
    assert listed_slugs(client.get(REGISTRY, {"q": "СО НКО"})) == ["municipal-ishim"]
    # «СО НКО» is НКО, not the Sverdlovsk region («СО») as well.
    tobolsk = Centre.objects.get(slug="municipal-tobolsk")
    tobolsk.description = "Школа НКО"
    tobolsk.save()
    response = client.get(REGISTRY, {"q": "СО НКО"})
    assert sorted(listed_slugs(response)) == ["municipal-ishim", "municipal-tobolsk"]
    # No letters or digits: nothing to look for, nothing found.
    assert found(client.get(REGISTRY, {"q": "—"})) == 0


def test_every_word_of_a_search_must_be_found(client, network):
    assert listed_slugs(client.get(REGISTRY, {"q": "Нижнем Тагиле"})) == ["municipal-nizhny-tagil"]
    assert found(client.get(REGISTRY, {"q": "Нижнем Курганом"})) == 0


def test_search_combines_with_filters(client, network):
    response = client.get(REGISTRY, {"q": "партнёр", "region": "lnr"})
    assert sorted(listed_slugs(response)) == ["partner-krasnodon", "partner-lugansk"]


def test_a_search_longer_than_any_name_is_refused_with_a_message(client, network):
    page = client.get(REGISTRY).content.decode()
    assert 'maxlength="200"' in page
    response = client.get(REGISTRY, {"q": "Курган " * 40})
    html = response.content.decode()
    assert "Убедитесь, что это значение содержит не более 200 символов" in html
    assert "Некоторые фильтры не распознаны" in html
    assert found(response) == 30


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, network):
    response = client.get(REGISTRY, {"q": "Владивосток"})
    page = response.content.decode()
    assert found(response) == 0
    assert "Нет центров, подходящих под эти условия." in page
    assert f'href="{REGISTRY}">Сбросить фильтры и показать весь реестр' in page
    assert 'href="?">Сбросить фильтры</a>' in page


def test_sorting_by_name(client, network):
    slugs = listed_slugs(client.get(REGISTRY, {"sort": "name", "level": "regional"}))
    names = list(Centre.objects.filter(slug__in=slugs).values_list("name", flat=True))
    assert [Centre.objects.get(slug=slug).name for slug in slugs] == sorted(names)


def test_sorting_by_level_puts_regional_centres_first(client, network):
    slugs = listed_slugs(client.get(REGISTRY, {"sort": "level"}))
    assert [slug.split("-")[0] for slug in slugs[:5]] == ["regional"] * 4 + ["municipal"]


@pytest.mark.parametrize(
    "params",
    [
        {"level": "bogus"},
        {"page": "abc"},
        {"page": "999"},
        {"page": "-1"},
        {"model": "99"},
        {"model": "abc"},
        {"region": "atlantis"},
        {"sort": "price"},
        {"q": "%_\\'\""},
        {"q": "x" * 5000},
    ],
)
def test_bad_query_parameters_give_a_normal_page(client, network, params):
    response = client.get(REGISTRY, params)
    assert response.status_code == 200
    assert "Реестр сети" in response.content.decode()


def test_unknown_filter_values_are_named_and_ignored(client, network):
    response = client.get(REGISTRY, {"level": "bogus", "region": "khmao"})
    page = response.content.decode()
    assert "Некоторые фильтры не распознаны и не применены" in page
    assert "is-invalid" in page
    assert found(response) == 4  # the region still applies


def test_unpublished_centres_are_not_listed(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(is_published=False)
    response = client.get(REGISTRY)
    assert found(response) == 29
    assert "municipal-tobolsk" not in listed_slugs(response)
    assert found(client.get(REGISTRY, {"q": "тобольск"})) == 0


def test_names_are_escaped(client, db):
    CentreFactory(name='<script>alert("x")</script>')
    page = client.get(REGISTRY).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page


def test_the_filter_bar_shows_what_was_asked_on_every_request(client, network):
    """The bar is rendered once for each thing it can show: a request never gets another's."""
    for _ in range(2):
        chosen = client.get(REGISTRY, {"level": "partner", "q": "чебаркуль"}).content.decode()
        plain = client.get(REGISTRY).content.decode()
        assert '<option value="partner" selected>' in chosen
        assert 'value="чебаркуль"' in chosen
        assert '<option value="partner" selected>' not in plain
        assert 'value="чебаркуль"' not in plain


def test_the_filter_bar_offers_a_renamed_region_at_once(client, network):
    client.get(REGISTRY)
    region = Region.objects.get(slug="tyumen-oblast")
    region.name = "Тюменская область (переименована)"
    region.save()
    assert "Тюменская область (переименована)</option>" in client.get(REGISTRY).content.decode()


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        # «Тюменская область», which every centre of the region names, is not «Тюмени».
        ("Тюмени", ["regional-tyumen"]),
        ("в Кургане", ["regional-kurgan"]),
    ],
)
def test_a_word_form_finds_the_place_not_every_word_that_starts_alike(
    client, network, query, slugs
):
    assert sorted(listed_slugs(client.get(REGISTRY, {"q": query}))) == sorted(slugs)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # A town, a district and a street, not a council.
        ("Общественный совет при главе города", "Советский"),
        ("Приём граждан по вторникам", "гражданский"),
        ("Центр работает на весь город", "городской"),
    ],
)
def test_an_adjective_is_not_read_as_the_noun_it_comes_from(client, network, text, query):
    centre = Centre.objects.get(slug="municipal-ishim")
    centre.description = text
    centre.save()
    assert "municipal-ishim" not in listed_slugs(client.get(REGISTRY, {"q": query}))


def test_a_pasted_text_costs_no_more_than_its_first_words(client, network):
    """Each distinct word is a test of every centre: repeats count once, at most four."""
    assert [term.word for term in search_terms(normalise_for_search("центр " * 500))] == ["центр"]
    pasted = "Нижнем Тагиле " + " ".join(f"слово{number}" for number in range(200))
    assert len(search_terms(normalise_for_search(pasted))) == 4
    # A «word» longer than any is looked for as typed only, never stemmed.
    (long_word,) = search_terms("а" * 50_000)
    assert long_word.stem is None
    response = client.get(REGISTRY, {"q": "центр " * 33})
    assert response.status_code == 200
    assert found(response) == found(client.get(REGISTRY, {"q": "центр"})) > 0


def test_a_page_emptied_since_the_count_is_an_empty_page_not_an_error(network):
    """Centres unpublished between the count and the page's query: nothing to show."""
    paginator = RegistryPaginator(Centre.objects.for_registry(), 10)
    assert paginator.num_pages == 3
    last = list(Centre.objects.for_registry().values_list("pk", flat=True))[-11:]
    Centre.objects.filter(pk__in=last).update(is_published=False)
    page = paginator.page(3)
    assert list(page) == []
    assert page.before is None
