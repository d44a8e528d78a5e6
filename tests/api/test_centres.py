"""/api/centres/: the registry as JSON, the same centres as its CSV, never an unpublished one."""

import csv
import io

import pytest
from django.urls import reverse

from centres.models import Centre
from models_catalog.models import OrganisationalModel

pytestmark = pytest.mark.django_db

LIST = reverse("api:centre_list")
EXPORT = reverse("centres:export_csv")
CSV_COLUMNS = [
    "slug", "name", "level", "region", "territory", "model",
    "website", "email", "phone", "last_verified",
]  # fmt: skip


def csv_rows(client, params):
    response = client.get(EXPORT, params)
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    return list(reader)


def as_csv(item):
    """An API item written as the CSV writes a row."""
    return {column: "" if item[column] is None else str(item[column]) for column in CSV_COLUMNS}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 30),
        ({"level": "municipal"}, 17),
        ({"level": "partner"}, 9),
        ({"region": "chelyabinsk-oblast"}, 11),
        ({"q": "тобольск"}, 1),
        ({"model": "4", "level": "municipal"}, None),
        ({"stale": "never", "sort": "name"}, 30),
    ],
)
def test_the_api_lists_exactly_what_the_csv_lists(client, network, api_pages, params, expected):
    Centre.objects.filter(slug="municipal-golyshmanovo").update(
        organisational_model=OrganisationalModel.objects.get(number=4),
        website="https://golyshmanovo.example/",
    )
    count, items = api_pages(client, LIST, {**params, "page_size": 7})
    rows = csv_rows(client, params)
    assert count == len(items) == len(rows)
    if expected is not None:
        assert count == expected
    # Same centres, same order, same values in the CSV's columns.
    assert [as_csv(item) for item in items] == rows


def test_an_item_carries_its_place_links_and_coordinates(client, network):
    centre = Centre.objects.get(slug="municipal-tobolsk")
    item = client.get(reverse("api:centre_detail", args=[centre.slug])).json()
    assert item["url"] == "http://testserver/centres/municipal-tobolsk/"
    assert item["parent"] == "regional-tyumen"
    assert item["region"] == "ТО" and item["territory"] == "г. Тобольск"
    assert item["latitude"] == float(centre.latitude)
    assert item["longitude"] == float(centre.longitude)
    assert item["model"] is None and item["last_verified"] is None


def test_an_unpublished_centre_is_nowhere_in_the_api(client, network, api_pages):
    Centre.objects.filter(slug="municipal-ishim").update(is_published=False)
    _count, items = api_pages(client, LIST)
    assert "municipal-ishim" not in {item["slug"] for item in items}
    assert len(items) == 29
    response = client.get(reverse("api:centre_detail", args=["municipal-ishim"]))
    assert response.status_code == 404
    assert response.json() == {"detail": "Страница не найдена."}


def test_an_unpublished_regional_centre_is_no_ones_parent(client, network, api_pages):
    Centre.objects.filter(slug="regional-tyumen").update(is_published=False)
    _count, items = api_pages(client, LIST, {"region": "tyumen-oblast"})
    assert items and all(item["parent"] is None for item in items)
    assert "regional-tyumen" not in str(items)
    item = client.get(reverse("api:centre_detail", args=["municipal-tobolsk"])).json()
    assert item["parent"] is None


@pytest.mark.parametrize(
    "params, field",
    [
        ({"level": "bogus"}, "level"),
        ({"region": "no-such-region"}, "region"),
        ({"model": "9"}, "model"),
        ({"model": "x" * 500}, "model"),
        ({"stale": "soon"}, "stale"),
        ({"sort": "price"}, "sort"),
    ],
)
def test_a_filter_value_not_understood_is_a_400_in_russian(client, network, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    message = " ".join(response.json()[field])
    assert "Выберите корректный вариант" in message


def test_a_search_longer_than_any_name_is_a_400_in_russian(client, network):
    response = client.get(LIST, {"q": "Курган " * 40})
    assert response.status_code == 400
    assert "не более 200 символов" in " ".join(response.json()["q"])


@pytest.mark.parametrize("page", ["abc", "0", "99", "9" * 30])
def test_a_page_that_does_not_exist_is_a_404_in_russian(client, network, page):
    response = client.get(LIST, {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Неправильная страница"}


def test_page_size_is_capped(client, network, settings):
    body = client.get(LIST, {"page_size": "100000"}).json()
    assert len(body["results"]) == 30
    body = client.get(LIST, {"page_size": "2"}).json()
    assert len(body["results"]) == 2 and body["count"] == 30


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        reverse("api:centre_detail", args=["municipal-tobolsk"]),
        reverse("api:model_list"),
        reverse("api:survey_list"),
        reverse("api:survey_results", args=["ural-network-functions"]),
        reverse("api:progress"),
    ],
)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, network, url, method):
    before = list(Centre.objects.order_by("pk").values_list())
    response = getattr(client, method)(url, {"name": "x"}, content_type="application/json")
    assert response.status_code == 405
    assert "не разрешен" in response.json()["detail"]
    assert list(Centre.objects.order_by("pk").values_list()) == before


def test_answers_carry_cache_headers_and_an_etag_that_answers_304(client, network):
    response = client.get(LIST, {"level": "municipal"})
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(LIST, {"level": "municipal"}, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    Centre.objects.filter(slug="municipal-tobolsk").update(name="Центр «Тобольск»")
    changed = client.get(LIST, {"level": "municipal"}, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_head_request_gets_the_same_etag_and_304_when_the_copy_is_current(client, network):
    """A client may check its copy with HEAD alone, without downloading the list again."""
    etag = client.get(LIST, {"level": "municipal"})["ETag"]
    head = client.head(LIST, {"level": "municipal"})
    assert head.status_code == 200 and head["ETag"] == etag and head.content == b""
    assert "public" in head["Cache-Control"]
    again = client.head(LIST, {"level": "municipal"}, headers={"if-none-match": etag})
    assert again.status_code == 304
    Centre.objects.filter(slug="municipal-tobolsk").update(name="Центр «Тобольск»")
    changed = client.head(LIST, {"level": "municipal"}, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("name", ["api:schema", "api:docs"])
def test_the_description_carries_cache_headers_and_an_etag(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    again = client.get(reverse(name), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    head = client.head(reverse(name), headers={"if-none-match": response["ETag"]})
    assert head.status_code == 304


def test_a_condition_on_a_date_the_api_does_not_give_is_ignored(client, network):
    """The answers carry no Last-Modified: If-Unmodified-Since can't fail; If-Match can."""
    long_ago = {"if-unmodified-since": "Sat, 01 Jan 2000 00:00:00 GMT"}
    for url in (LIST, reverse("api:centre_detail", args=["regional-tyumen"])):
        response = client.get(url, headers=long_ago)
        assert response.status_code == 200
        assert response.json()
    assert client.get(LIST, headers={"if-match": '"another"'}).status_code == 412


def test_an_error_is_not_kept_by_caches(client, network):
    response = client.get(LIST, {"level": "bogus"})
    assert "max-age" not in response.get("Cache-Control", "")


def test_what_an_options_request_gets_is_not_kept_by_caches(client, network):
    response = client.options(LIST)
    assert response.status_code == 200
    assert "max-age" not in response.get("Cache-Control", "")
    # The formats and the methods; not the code's English notes.
    assert response.json() == {"renders": ["application/json"], "parses": []}
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_any_site_may_read_the_api_but_nothing_else(client, network):
    origin = {"origin": "https://map.example"}
    response = client.get(LIST, headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(LIST, headers={**origin, "access-control-request-method": "GET"})
    assert preflight.status_code == 200
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # A script on another site may ask again with the ETag it was given.
    conditional = client.options(
        LIST,
        headers={
            **origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )
    assert "if-none-match" in conditional["Access-Control-Allow-Headers"]
    page = client.get(reverse("centres:list"), headers=origin)
    assert "Access-Control-Allow-Origin" not in page


def seconds_word(number):
    """«секунду», «секунды» or «секунд», as Russian counts them."""
    if number % 10 == 1 and number % 100 != 11:
        return "секунду"
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return "секунды"
    return "секунд"


def test_empty_links_are_described_as_text_not_formats(client, network):
    """A strict client built from the schema must accept a centre without an e-mail."""
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    centre = schema["components"]["schemas"]["CentreDetail"]["properties"]
    for field in ["website", "email", "vk_url", "telegram_url", "ok_url"]:
        assert centre[field]["type"] == "string"
        assert "format" not in centre[field], field


def test_anonymous_clients_are_throttled(client, network, settings):
    settings.API_REQUESTS_PER_HOUR = 3
    for _ in range(3):
        assert client.get(LIST).status_code == 200
    response = client.get(LIST)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    wait = int(response["Retry-After"])
    # Wholly Russian, the wait included (DRF's own catalogue leaves it in English).
    assert response.json()["detail"] == (
        f"Слишком много запросов: повторите через {wait} {seconds_word(wait)}."
    )
    # Another visitor is not held back.
    assert client.get(LIST, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_the_default_limit_lets_a_script_page_through_ten_thousand_centres(settings):
    # 20 a page, as the registry page: 500 requests, a quarter of the hour's 2,000.
    assert settings.API_PAGE_SIZE == 20
    pages = -(-10_000 // settings.API_PAGE_SIZE)
    assert settings.API_REQUESTS_PER_HOUR >= 3 * pages


def test_the_default_page_is_twenty_centres(client, network):
    body = client.get(LIST).json()
    assert body["count"] == 30 and len(body["results"]) == 20
    assert "page=2" in body["next"]
