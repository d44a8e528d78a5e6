"""/api/models/, /api/surveys/, a survey's results and the network's progress, as their pages."""

import csv
import io
from html import unescape

import pytest
from django.urls import reverse

from centres.models import Centre
from models_catalog.models import Characteristic, OrganisationalModel, SavedAssessment
from surveys.models import Survey

pytestmark = pytest.mark.django_db

SEED_SURVEY = "ural-network-functions"
RESULTS = reverse("api:survey_results", args=[SEED_SURVEY])


def test_the_four_models_as_the_comparison_page_shows_them(client, network):
    models = client.get(reverse("api:model_list")).json()
    page = unescape(client.get(reverse("models_catalog:compare")).content.decode())
    assert [model["number"] for model in models] == [1, 2, 3, 4]
    for model in models:
        assert model["name"] in page
        assert model["characteristics"] and model["characteristics"] in page
        for text in model["pros"] + model["cons"] + model["example_territories"]:
            assert text in page, text
        assert model["url"] == f"http://testserver/models/{model['slug']}/"
    stored = OrganisationalModel.objects.get(number=1)
    assert models[0]["example_territories"] == [str(e) for e in stored.examples.all()]
    assert models[0]["pros"] and models[0]["cons"]
    # Model 4: the source names no cons.
    assert models[3]["cons"] == [] and models[3]["pros"]


def test_only_published_surveys_are_listed(client, network):
    Survey.objects.create(slug="draft-wave", title="Черновик", is_published=False)
    surveys = client.get(reverse("api:survey_list")).json()
    assert [survey["slug"] for survey in surveys] == [SEED_SURVEY]
    assert surveys[0]["responses"] == 11
    assert surveys[0]["results"] == f"http://testserver{RESULTS}"
    assert client.get(reverse("api:survey_results", args=["draft-wave"])).status_code == 404


def test_the_seed_survey_s_results_match_its_page_and_csv(client, network):
    results = client.get(RESULTS).json()
    assert results["base"] == 11 and results["indicative"] is True
    first = results["questions"][0]
    assert first["code"] == "rc_functions"
    assert first["options"][0]["percent"] == 54.5
    assert first["options"][0]["published_percent"] == 54.5
    assert isinstance(first["options"][0]["percent"], float)
    response = client.get(reverse("surveys:results_csv", args=[SEED_SURVEY]))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))[1:]
    api_rows = [
        [question["code"], option["option"], str(option["count"]), str(results["base"]),
         str(option["percent"])]
        for question in results["questions"]
        for option in question["options"]
    ]  # fmt: skip
    assert api_rows == table
    page = unescape(client.get(reverse("surveys:detail", args=[SEED_SURVEY])).content.decode())
    assert first["options"][0]["option"] in page and "54,5" in page


def test_the_results_honour_the_page_s_filters(client, network):
    responses = Survey.objects.get(slug=SEED_SURVEY).responses.order_by("pk")[:2]
    for response, slug in zip(responses, ["municipal-tobolsk", "municipal-ishim"], strict=True):
        response.centre = Centre.objects.get(slug=slug)
        response.save()
    results = client.get(RESULTS, {"level": "municipal", "region": "tyumen-oblast"}).json()
    assert results["base"] == 2
    response = client.get(
        reverse("surveys:results_csv", args=[SEED_SURVEY]),
        {"level": "municipal", "region": "tyumen-oblast"},
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))[1:]
    assert {row[3] for row in table} == {"2"}
    counts = [option["count"] for q in results["questions"] for option in q["options"]]
    assert counts == [int(row[2]) for row in table]


@pytest.mark.parametrize("params", [{"level": "bogus"}, {"region": "nowhere"}, {"model": "0"}])
def test_a_results_filter_not_understood_is_a_400(client, network, params):
    response = client.get(RESULTS, params)
    assert response.status_code == 400
    assert "Выберите корректный вариант" in str(response.json())


def test_the_progress_matches_its_csv(client, network):
    for slug, numbers in [("municipal-tobolsk", [1, 2, 3]), ("municipal-ishim", [1])]:
        assessment = SavedAssessment.objects.create(
            centre=Centre.objects.get(slug=slug), answers="", held=len(numbers), total=11
        )
        assessment.characteristics.set(Characteristic.objects.filter(order__in=numbers))
    progress = client.get(reverse("api:progress"), {"level": "municipal"}).json()
    assert progress["centres_assessed"] == 2
    response = client.get(reverse("models_catalog:progress_csv"), {"level": "municipal"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))[1:]
    assert [
        [str(row["number"]), row["characteristic"], str(row["centres_holding"]), "2",
         "" if row["percent"] is None else str(row["percent"])]
        for row in progress["characteristics"]
    ] == table  # fmt: skip
    assert progress["characteristics"][0]["percent"] == 100.0
    assert progress["characteristics"][1]["percent"] == 50.0
    assert [step["number"] for step in progress["steps"]] == [1, 2, 3, 4]
    assert client.get(reverse("api:progress"), {"level": "x"}).status_code == 400
