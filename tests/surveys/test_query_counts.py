"""Results pages and exports run a fixed number of SQL queries, however many responses."""

import pytest
from django.urls import reverse

from centres.models import Centre
from surveys.models import Choice, Option, Response

pytestmark = pytest.mark.django_db

PAGES = {
    "results": ("surveys:detail", {}, 9),
    "results filtered": ("surveys:detail", {"level": "municipal", "region": "khmao"}, 10),
    # Three more than the comparison alone: the flows among centres in both waves.
    "results compared": ("surveys:detail", {"compare": "ural-network-functions"}, 17),
    "results.csv": ("surveys:results_csv", {"model": "4"}, 6),
    "results.xlsx": ("surveys:results_xlsx", {}, 5),
}


def grow(survey, size):
    """Add answered responses from registry centres until the survey has `size`.

    The seed's own responses get centres too, so every size shows the centre filters;
    a centre answers a survey once, so the responses beyond the registry's size have none.
    """
    centres = list(Centre.objects.all())
    for n, response in enumerate(survey.responses.all()):
        response.centre = centres[n]
        response.save()
    free = centres[survey.responses.count() :]
    options = list(Option.objects.filter(question__survey=survey))
    responses = Response.objects.bulk_create(
        Response(survey=survey, respondent=f"extra-{n}", centre=free[n] if n < len(free) else None)
        for n in range(size - survey.responses.count())
    )
    Choice.objects.bulk_create(
        Choice(response=response, option=options[(n + k) % len(options)])
        for n, response in enumerate(responses)
        for k in range(3)
    )
    assert survey.responses.count() == size


@pytest.fixture
def wave(survey):
    """A second survey with the same questions, to compare against."""
    from surveys.models import Survey

    other = Survey.objects.create(slug="wave-2", title="Вторая волна", is_published=True)
    for question in survey.questions.all():
        copy = other.questions.create(code=question.code, text=question.text, order=question.order)
        for option in question.options.all():
            copy.options.create(text=option.text, order=option.order)
    return other


@pytest.mark.parametrize("size", [11, 2000])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_responses(
    client, django_assert_num_queries, survey, wave, size, name
):
    grow(survey, size)
    grow(wave, size)
    url_name, params, queries = PAGES[name]
    slug = wave.slug if "compare" in params else survey.slug
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name, args=[slug]), params)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [11, 2000])
def test_the_survey_list_query_count(client, django_assert_num_queries, survey, size):
    grow(survey, size)
    with django_assert_num_queries(1):
        assert client.get(reverse("surveys:list")).status_code == 200
