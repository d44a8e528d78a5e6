"""/my/ lists, for each of a coordinator's centres, the surveys open now."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from surveys.models import Option, Question, Response, Survey
from tests.factories import CentreFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


def make_wave(n, opens=-1, closes=7, published=True):
    survey = Survey.objects.create(
        slug=f"wave-{n}",
        title=f"Волна {n}",
        is_published=published,
        opens_on=days(opens),
        closes_on=days(closes),
    )
    question = Question.objects.create(survey=survey, code="tasks", text="Задачи")
    Option.objects.create(question=question, text="Обучение")
    return survey


def card(html, centre):
    """The text of the centre's card on /my/."""
    part = html.split(f'id="centre-{centre.slug}"', 1)[1].split("</article>", 1)[0]
    return part


def test_a_coordinator_finds_the_open_survey_and_whether_the_centre_answered(personas):
    wave = make_wave(1)
    make_wave(2, opens=-10, closes=-1)  # closed yesterday
    make_wave(3, opens=1, closes=9)  # opens tomorrow
    make_wave(4, published=False)  # staff are still preparing it
    client = client_for(personas.coordinator_a)
    mine = card(client.get(reverse("my_centres")).content.decode(), personas.centre_a)
    assert re.findall(r"Волна \d", mine) == ["Волна 1"]
    assert "ответа ещё нет" in mine
    assert f"Ответы принимаются до {date_format(days(7))} включительно." in mine
    answer = reverse("surveys:answer", args=[wave.slug, personas.centre_a.slug])
    assert f'href="{answer}"' in mine

    Response.objects.create(
        survey=wave, centre=personas.centre_a, respondent=personas.centre_a.slug, date=days(0)
    )
    mine = card(client.get(reverse("my_centres")).content.decode(), personas.centre_a)
    assert f"ответ дан {date_format(days(0))}" in mine
    assert "ответа ещё нет" not in mine


def test_each_centre_shows_its_own_answer(personas):
    wave = make_wave(1)
    personas.centre_b.coordinators.add(personas.coordinator_a)
    Response.objects.create(
        survey=wave, centre=personas.centre_b, respondent=personas.centre_b.slug, date=days(0)
    )
    html = client_for(personas.coordinator_a).get(reverse("my_centres")).content.decode()
    assert "ответа ещё нет" in card(html, personas.centre_a)
    assert "ответ дан" in card(html, personas.centre_b)


@pytest.mark.parametrize("registry", [30, 500])
@pytest.mark.parametrize(("own", "waves"), [(1, 1), (3, 3)])
def test_my_centres_query_count(personas, django_assert_num_queries, registry, own, waves):
    CentreFactory.create_batch(registry)
    centres = CentreFactory.create_batch(own)
    personas.coordinator_b.coordinated_centres.add(*centres)
    for n in range(waves):
        survey = make_wave(n)
        Response.objects.create(survey=survey, centre=centres[0], respondent=centres[0].slug)
    client = client_for(personas.coordinator_b)
    with django_assert_num_queries(5):
        html = client.get(reverse("my_centres")).content.decode()
    assert html.count('class="mb-2 open-survey"') == waves * (own + 1)
