"""/network/progress/ and its CSV: the network's path to a centre for public development."""

import csv
import io
from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from centres.models import Level
from models_catalog.assessment import SelfAssessmentForm, assess
from models_catalog.models import Characteristic, OrganisationalModel, SavedAssessment
from models_catalog.progress_counts import keep_progress, recount_progress
from tests.factories import CentreFactory, RegionFactory, TerritoryFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PAGE = reverse("models_catalog:progress")
CSV = reverse("models_catalog:progress_csv")
HEADER = ["number", "characteristic", "centres_holding", "centres_assessed", "percent"]


def save(centre, numbers, days_ago=0):
    """A saved result holding the characteristics `numbers`, saved `days_ago` days ago."""
    answers = "&".join(["organisation=none", *(f"characteristics={n}" for n in numbers)])
    assessment = SavedAssessment.objects.create(
        centre=centre, answers=answers, held=len(numbers), total=11
    )
    assessment.characteristics.set(Characteristic.objects.filter(order__in=numbers))
    SavedAssessment.objects.filter(pk=assessment.pk).update(
        created=timezone.now() - timedelta(days=days_ago)
    )
    keep_progress(centre.pk)  # an update() bypasses the signals that keep the page's counts
    return assessment


def csv_rows(client, **params):
    response = client.get(CSV, params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == HEADER
    return {int(row[0]): row[1:] for row in rows[1:]}


def figures(client, **params):
    """{characteristic number: (holding, assessed, percent)} from the CSV."""
    return {
        number: (int(holding), int(assessed), percent)
        for number, (_, holding, assessed, percent) in csv_rows(client, **params).items()
    }


def test_the_step_that_breaks_off_in_the_source_says_so_here_too(client, network):
    save(CentreFactory(), [1, 2])
    html = client.get(PAGE).content.decode()
    steps = html.split('id="steps"', 1)[1].split("</table>", 1)[0]
    assert steps.count("(в источнике фраза здесь обрывается)") == 1
    assert "на… <span" in steps


def test_the_csv_has_a_row_per_characteristic_in_order(client, network):
    rows = csv_rows(client)
    assert list(rows) == list(range(1, 12))
    assert [row[0] for row in rows.values()] == list(
        Characteristic.objects.order_by("order").values_list("text", flat=True)
    )


def test_each_centre_counts_by_its_latest_assessment_only(client, network):
    tobolsk, ishim = CentreFactory(), CentreFactory()
    newer = save(tobolsk, [1, 2], days_ago=1)
    older = save(tobolsk, [1, 5], days_ago=30)
    assert older.pk > newer.pk  # the date decides, not the order of the rows
    save(ishim, [5])
    counts = figures(client)
    assert counts[5] == (1, 2, "50.0")  # Ishim only: Tobolsk's newer result lacks 5
    assert counts[1] == (1, 2, "50.0")
    assert counts[2] == (1, 2, "50.0")
    assert counts[3] == (0, 2, "0.0")
    html = client.get(PAGE).content.decode()
    assert 'id="assessed">Центров с сохранённой самооценкой: n = 2<' in html


def test_unpublished_centres_do_not_count(client, network):
    save(CentreFactory(is_published=False), [1, 2, 3])
    save(CentreFactory(), [1])
    counts = figures(client)
    assert counts[1] == (1, 1, "100.0")
    assert counts[3] == (0, 1, "0.0")


def test_percent_is_rounded_half_up_to_one_decimal(client, network):
    centres = CentreFactory.create_batch(16)
    for index, centre in enumerate(centres):
        save(centre, [1] if index < 1 else [2] if index < 6 else [])
    counts = figures(client)
    assert counts[1] == (1, 16, "6.3")  # 6.25
    assert counts[2] == (5, 16, "31.3")  # 31.25
    html = client.get(PAGE).content.decode()
    assert "6,3&nbsp;%" in html and "31,3&nbsp;%" in html


def test_the_filters_count_only_the_chosen_centres(client, network):
    region = RegionFactory(slug="test-oblast")
    model_3 = OrganisationalModel.objects.get(number=3)
    territory = TerritoryFactory(region=region)
    save(
        CentreFactory(level=Level.REGIONAL, territory=territory, organisational_model=model_3), [1]
    )
    save(CentreFactory(level=Level.MUNICIPAL), [1, 2])
    save(CentreFactory(level=Level.MUNICIPAL, organisational_model=model_3), [2])
    assert figures(client)[1] == (2, 3, "66.7")
    assert figures(client, level="regional")[1] == (1, 1, "100.0")
    assert figures(client, level="municipal")[2] == (2, 2, "100.0")
    assert figures(client, region="test-oblast")[2] == (0, 1, "0.0")
    assert figures(client, model="3")[2] == (1, 2, "50.0")
    assert figures(client, model="3", level="municipal")[1] == (0, 1, "0.0")
    html = client.get(PAGE, {"model": "3"}).content.decode()
    assert "n = 2<" in html
    assert f'href="{CSV}?model=3"' in html


def test_filters_it_does_not_understand_are_left_out_and_said_so(client, network):
    save(CentreFactory(), [1])
    response = client.get(PAGE, {"level": "x", "region": "<nowhere>", "model": "9"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Некоторые фильтры не распознаны" in html
    assert "n = 1<" in html
    assert "<nowhere>" not in html
    # The page's CSV link carries none of them; asked for with them, the file is refused.
    assert 'href="/network/progress.csv" id="progress-csv"' in html
    refused = client.get(CSV, {"level": "x", "model": "9"})
    assert refused.status_code == 400 and "Файл не создан" in refused.content.decode()


def test_no_saved_assessment_explains_where_the_figures_come_from(client, network):
    html = client.get(PAGE).content.decode()
    assert 'id="no-assessments"' in html
    assert "Ни один центр ещё не сохранил самооценку" in html
    assert "координатор" in html
    assert f'href="{reverse("models_catalog:self_assessment")}"' in html
    assert 'id="characteristics"' not in html
    counts = figures(client)
    assert all(row == (0, 0, "") for row in counts.values())


def test_an_empty_filter_says_no_centre_there_has_saved_one(client, network):
    save(CentreFactory(level=Level.MUNICIPAL), [1])
    html = client.get(PAGE, {"level": "partner"}).content.decode()
    assert (
        "Ни один опубликованный центр, подходящий под эти фильтры, ещё не сохранил самооценку"
        in html
    )
    assert 'href="?"' in html


HELD_SETS = [
    [],
    [1],
    [1, 2],
    [1, 2, 3, 4],
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 5, 10],
    [1, 2, 10, 11],
    list(range(1, 12)),
    [3, 4, 5, 10, 11],
]


def steps_taken_by_self_assessment(numbers):
    """The steps before the one assess() names next: all four when none is next."""
    form = SelfAssessmentForm(
        QueryDict("&".join(["organisation=none", *(f"characteristics={n}" for n in numbers)]))
    )
    assert form.is_valid()
    next_step = assess(form, models=OrganisationalModel.objects.all()).next_step
    return 4 if next_step is None else next_step.number - 1


def test_steps_taken_agree_with_the_self_assessment(client, network):
    for numbers in HELD_SETS:
        save(CentreFactory(), numbers)
    expected = {
        step: sum(steps_taken_by_self_assessment(numbers) >= step for numbers in HELD_SETS)
        for step in range(1, 5)
    }
    html = client.get(PAGE).content.decode()
    table = html[html.index('id="steps"') : html.index("</table>", html.index('id="steps"'))]
    for step, count in expected.items():
        row = table[table.index(f'data-number="{step}"') :]
        assert f'<td class="text-end count">{count}</td>' in row[: row.index("</tr>")]
    assert expected == {1: 6, 2: 3, 3: 2, 4: 1}
    assert "Шаг пройден, когда выполняются все характеристики, которые отмечают его" in html


def cells(html, table, number, cls):
    start = html.index(f'id="{table}"')
    row = html[html.index(f'data-number="{number}"', start) :]
    row = row[: row.index("</tr>")]
    return row[row.index(f'class="text-end text-nowrap {cls}">') :].split(">", 1)[1].split("<")[0]


def test_the_page_compares_with_a_year_earlier_once_there_is_history(client, network):
    tobolsk, ishim = CentreFactory(), CentreFactory()
    save(tobolsk, [1, 2], days_ago=10)
    save(ishim, [2])
    html = client.get(PAGE).content.decode()
    assert 'id="comparison-note"' not in html  # nobody had saved a result a year ago
    assert "Год назад" not in html

    save(tobolsk, [1, 10], days_ago=400)
    save(tobolsk, [5], days_ago=500)  # older still: not the one a year ago counts
    html = client.get(PAGE).content.decode()
    assert "по последнему результату, сохранённому к этой дате (n = 1)" in html
    assert cells(html, "characteristics", 1, "earlier") == "100,0&nbsp;%"
    assert cells(html, "characteristics", 1, "delta") == "-50,0"
    assert cells(html, "characteristics", 2, "delta") == "+100,0"
    assert cells(html, "characteristics", 5, "earlier") == "0,0&nbsp;%"
    assert cells(html, "characteristics", 10, "delta") == "-100,0"
    assert cells(html, "characteristics", 11, "delta") == "0,0"
    assert cells(html, "steps", 1, "earlier") == "0,0&nbsp;%"  # 2 did not hold then
    assert cells(html, "steps", 1, "delta") == "+50,0"
    # The CSV keeps its columns: today's figures only.
    assert figures(client)[1] == (1, 2, "50.0")


def test_a_saved_result_shows_on_the_page(personas, client):
    client_for(personas.coordinator_a).post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": personas.centre_a.slug, "answers": "organisation=none&characteristics=4"},
    )
    assert figures(client)[4] == (1, 1, "100.0")


def test_saving_refreshes_the_cached_page_and_csv(
    personas, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    assert 'id="no-assessments"' in client.get(PAGE).content.decode()
    assert figures(client)[4] == (0, 0, "")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(personas.coordinator_a).post(
            reverse("models_catalog:save_self_assessment"),
            {"centre": personas.centre_a.slug, "answers": "organisation=none&characteristics=4"},
        )
    assert "n = 1<" in client.get(PAGE).content.decode()
    assert figures(client)[4] == (1, 1, "100.0")


def test_the_network_page_and_the_result_link_to_the_page(client, network):
    assert f'href="{PAGE}"' in client.get(reverse("models_catalog:network")).content.decode()
    result = client.get(reverse("models_catalog:self_assessment"), {"organisation": "none"})
    assert f'href="http://testserver{PAGE}"' in result.content.decode()


# The characteristics with their counts, the steps, the steps reached (and, on the
# page, reached a year earlier); the page's
# filter bar lists regions and models; a region or model filter looks its choice up.
QUERIES = {
    PAGE: 6,
    f"{PAGE}?level=municipal&model=3": 7,
    CSV: 3,
    f"{CSV}?region=tyumen-oblast&model=3": 5,
}


@pytest.mark.parametrize("size", [30, 500])
@pytest.mark.parametrize("url", QUERIES)
def test_query_count_is_fixed(client, network, django_assert_num_queries, size, url):
    territory = TerritoryFactory()
    centres = CentreFactory.create_batch(size, territory=territory)
    characteristics = list(Characteristic.objects.all())
    assessments = SavedAssessment.objects.bulk_create(
        SavedAssessment(centre=centre, answers="organisation=none", held=0, total=11)
        for centre in centres
        for _ in range(2)
    )
    Link = SavedAssessment.characteristics.through
    Link.objects.bulk_create(
        Link(savedassessment=assessment, characteristic=characteristic)
        for index, assessment in enumerate(assessments)
        for characteristic in characteristics[: index % 12]
    )
    recount_progress()  # bulk_create bypasses the signals that keep the page's counts
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200
