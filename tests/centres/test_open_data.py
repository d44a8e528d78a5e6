import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from centres.models import Centre
from models_catalog.models import OrganisationalModel

pytestmark = pytest.mark.django_db

EXPORT = reverse("centres:export_csv")
GEOJSON = reverse("centres:geojson")


def rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_has_the_contract_columns_and_a_row_per_centre(client, network):
    table = rows(client.get(EXPORT))
    assert table[0] == [
        "slug", "name", "level", "region", "territory", "model",
        "website", "email", "phone", "last_verified",
    ]  # fmt: skip
    published = Centre.objects.filter(is_published=True).values_list("slug", flat=True)
    assert sorted(row[0] for row in table[1:]) == sorted(published)
    assert len(table) == 1 + 30
    assert table[1] == [
        "regional-tyumen", "Региональный ресурсный центр, г. Тюмень", "regional", "ТО",
        "г. Тюмень", "", "", "", "", "",
    ]  # fmt: skip


def test_csv_writes_model_numbers_and_iso_dates(client, network):
    Centre.objects.filter(slug="municipal-golyshmanovo").update(
        organisational_model=OrganisationalModel.objects.get(number=4),
        last_verified=datetime.date(2026, 11, 2),
        website="https://golyshmanovo.example/",
        email="rc@golyshmanovo.example",
        phone="+7 34546 2-00-00",
    )
    row = next(row for row in rows(client.get(EXPORT)) if row[0] == "municipal-golyshmanovo")
    # A leading «+» would make a spreadsheet read the phone as a formula.
    assert row[2:] == [
        "municipal", "ТО", "Голышмановский городской округ", "4",
        "https://golyshmanovo.example/", "rc@golyshmanovo.example", "'+7 34546 2-00-00",
        "2026-11-02",
    ]  # fmt: skip


def test_csv_honours_the_filters(client, network):
    table = rows(client.get(EXPORT, {"region": "lnr"}))
    assert [row[0] for row in table[1:]] == ["partner-krasnodon", "partner-lugansk"]
    table = rows(client.get(EXPORT, {"level": "regional", "q": "курган"}))
    assert [row[0] for row in table[1:]] == ["regional-kurgan"]


def test_csv_leaves_out_unpublished_centres(client, network):
    Centre.objects.filter(slug="municipal-tobolsk").update(is_published=False)
    slugs = [row[0] for row in rows(client.get(EXPORT))]
    assert "municipal-tobolsk" not in slugs
    assert len(slugs) == 30  # header and 29 centres


def test_geojson_is_a_feature_collection_of_points(client, network):
    response = client.get(GEOJSON)
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 30
    tobolsk = next(
        f for f in collection["features"] if f["properties"]["slug"] == "municipal-tobolsk"
    )
    assert tobolsk["geometry"] == {"type": "Point", "coordinates": [68.2645, 58.1981]}
    assert tobolsk["properties"]["name"] == "Муниципальный ресурсный центр, г. Тобольск"
    assert tobolsk["properties"]["level"] == "municipal"
    assert tobolsk["properties"]["url"] == "/centres/municipal-tobolsk/"


def test_geojson_honours_the_filters_and_leaves_out_hidden_or_unplaced_centres(client, network):
    Centre.objects.filter(slug="regional-tyumen").update(is_published=False)
    Centre.objects.filter(slug="municipal-ishim").update(latitude=None, longitude=None)
    features = json.loads(client.get(GEOJSON, {"region": "tyumen-oblast"}).content)["features"]
    assert {f["properties"]["slug"] for f in features} == {
        "municipal-golyshmanovo", "municipal-tobolsk", "municipal-yalutorovsk",
    }  # fmt: skip
