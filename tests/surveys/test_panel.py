"""Waves as a panel: a centre starts from its last wave's answer, and waves show the flows."""

import re
from datetime import date

import pytest
from django.urls import reverse

from centres.models import Centre, Level
from surveys.models import Choice, Option, Response, Survey
from tests.factories import CentreFactory
from tests.helpers import client_for
from tests.surveys.test_answer import answers, checked, days, url

pytestmark = pytest.mark.django_db

LAST_WAVE = "Отмечены ваши ответы прошлой волны (5 марта 2026): проверьте и сохраните."


def answer(survey, centre, texts, on=None):
    response = Response.objects.create(
        survey=survey, centre=centre, respondent=centre.slug, date=on
    )
    Choice.objects.bulk_create(
        Choice(response=response, option=Option.objects.get(question__survey=survey, text=text))
        for text in texts
    )
    return response


@pytest.fixture
def waves(small_survey):
    """The small survey as the earlier wave, and an open copy of it."""
    later = small_survey.copy_as_new_wave()
    later.opens_on, later.closes_on, later.is_published = days(-1), days(7), True
    later.save()
    return small_survey, later


def test_a_copy_records_the_wave_it_was_copied_from(admin_client, small_survey):
    admin_client.post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "copy_as_new_wave", "_selected_action": [small_survey.pk]},
    )
    later = Survey.objects.get(slug="small-2")
    assert later.copied_from == small_survey
    change = admin_client.get(reverse("admin:surveys_survey_change", args=[later.pk]))
    html = change.content.decode()
    assert "Скопирован из" in html and 'name="copied_from"' not in html  # shown, not editable


def test_a_centre_starts_from_its_last_wave_s_answer(personas, waves):
    earlier, later = waves
    answer(earlier, personas.centre_a, ["Обучение", "Гранты", "больше 5"], on=date(2026, 3, 5))
    client = client_for(personas.coordinator_a)
    page = client.get(url(later, personas.centre_a)).content.decode()
    assert checked(page) == ["Гранты", "Обучение", "больше 5"]
    assert LAST_WAVE in page
    assert not later.responses.exists()  # nothing saved until the coordinator saves

    client.post(url(later, personas.centre_a), answers(later, ["Консультации"], ["до 5"]))
    page = client.get(url(later, personas.centre_a)).content.decode()
    assert checked(page) == ["Консультации", "до 5"]  # this wave's answer, no longer the last
    assert "прошлой волны" not in page


def test_no_pre_fill_for_a_centre_that_did_not_answer_the_earlier_wave(personas, waves):
    earlier, later = waves
    answer(earlier, personas.centre_b, ["Обучение"], on=date(2026, 3, 5))
    page = client_for(personas.coordinator_a).get(url(later, personas.centre_a)).content.decode()
    assert checked(page) == []
    assert "прошлой волны" not in page


def test_a_wave_that_takes_no_answers_is_not_pre_filled(personas, waves):
    earlier, later = waves
    later.opens_on, later.closes_on = days(-9), days(-2)
    later.save()
    answer(earlier, personas.centre_a, ["Обучение"], on=date(2026, 3, 5))
    page = client_for(personas.coordinator_a).get(url(later, personas.centre_a)).content.decode()
    assert checked(page) == []
    assert "прошлой волны" not in page


def test_options_removed_from_the_new_wave_are_ignored(personas, waves):
    earlier, later = waves
    Option.objects.get(question__survey=later, text="Гранты").delete()
    # Capitals and spaces aside, the same option matches.
    Option.objects.filter(question__survey=later, text="Обучение").update(text=" обучение ")
    answer(earlier, personas.centre_a, ["Обучение", "Гранты"], on=date(2026, 3, 5))
    page = client_for(personas.coordinator_a).get(url(later, personas.centre_a)).content.decode()
    assert checked(page) == ["обучение"]
    assert LAST_WAVE in page


@pytest.mark.parametrize("size", [30, 500])
def test_the_pre_filled_questionnaire_s_query_count(
    personas, waves, django_assert_num_queries, size
):
    earlier, later = waves
    for centre in CentreFactory.create_batch(size):
        answer(earlier, centre, ["Гранты"])
    answer(earlier, personas.centre_a, ["Обучение", "до 5"], on=date(2026, 3, 5))
    client = client_for(personas.coordinator_a)
    client.get(url(later, personas.centre_a))  # the session and caches warm up
    with django_assert_num_queries(12):
        page = client.get(url(later, personas.centre_a)).content.decode()
    assert checked(page) == ["Обучение", "до 5"]


def flows(page):
    """{(question code, option): (took up, dropped)} as the results page shows them."""
    shown = {}
    for code, table in re.findall(r'data-question="([^"]+)"(.*?)</table>', page, re.S):
        for option, took_up, dropped in re.findall(
            r'<th scope="row"[^>]*>([^<]+)</th>.*?class="[^"]*took-up">([^<]+)</td>\s*'
            r'<td class="[^"]*dropped">([^<]+)</td>',
            table,
            re.S,
        ):
            shown[(code, option)] = (took_up, dropped)
    return shown


@pytest.fixture
def panel(waves):
    """Three centres answer both waves, one only the earlier, one only the later."""
    earlier, later = waves
    first, second, third, gone, new = CentreFactory.create_batch(5)
    Centre.objects.filter(pk=third.pk).update(level=Level.REGIONAL)
    answer(earlier, first, ["Обучение", "Гранты", "до 5"])
    answer(earlier, second, ["Обучение", "до 5"])
    answer(earlier, third, ["Консультации", "больше 5"])
    answer(earlier, gone, ["Обучение", "Консультации", "Гранты", "до 5"])
    answer(later, first, ["Обучение", "Консультации", "больше 5"])
    answer(later, second, ["Гранты", "до 5"])
    answer(later, third, ["Консультации", "Гранты", "больше 5"])
    answer(later, new, ["Обучение", "Консультации", "Гранты", "до 5"])
    return earlier, later


def test_compared_waves_show_the_flows_among_centres_in_both(client, panel):
    earlier, later = panel
    page = client.get(
        reverse("surveys:detail", args=[later.slug]), {"compare": earlier.slug}
    ).content.decode()
    assert "Центров в обеих волнах: 3." in page
    # The centre that answered only one wave counts in neither column.
    assert flows(page) == {
        ("tasks", "Обучение"): ("0", "1"),  # the second centre dropped it
        ("tasks", "Консультации"): ("1", "0"),  # the first took it up, the third kept it
        ("tasks", "Гранты"): ("2", "1"),  # the second and third took it up; the first dropped it
        ("size", "до 5"): ("0", "1"),
        ("size", "больше 5"): ("1", "0"),
    }


def test_the_columns_name_the_compared_wave_whichever_came_first(client, panel):
    """From the earlier wave's page the later one is no «then»: the columns name it."""
    earlier, later = panel
    later.period = "2026, осень"
    later.save()
    page = client.get(
        reverse("surveys:detail", args=[earlier.slug]), {"compare": later.slug}
    ).content.decode()
    assert '<th scope="col" class="text-end compared-wave">2026, осень, %</th>' in page
    assert "Тогда" not in page
    assert f"в этом исследовании, но не в «{later.title}»" in page
    # This page's wave first, the compared one second: the second centre chose «Обучение»
    # in the earlier wave only.
    assert flows(page)[("tasks", "Обучение")] == ("1", "0")


def test_the_flows_follow_the_page_s_filters(client, panel):
    earlier, later = panel
    page = client.get(
        reverse("surveys:detail", args=[later.slug]),
        {"compare": earlier.slug, "level": "regional"},
    ).content.decode()
    assert "Центров в обеих волнах: 1." in page
    assert flows(page)[("tasks", "Гранты")] == ("1", "0")
    assert flows(page)[("tasks", "Консультации")] == ("0", "0")


def test_no_flows_when_no_centre_answered_both_waves(client, waves):
    earlier, later = waves
    first, second = CentreFactory.create_batch(2)
    answer(earlier, first, ["Обучение"])
    answer(later, second, ["Гранты"])
    page = client.get(
        reverse("surveys:detail", args=[later.slug]), {"compare": earlier.slug}
    ).content.decode()
    assert "Сравнение с «Малая анкета»" in page
    assert "обеих волнах" not in page and "took-up" not in page


@pytest.mark.parametrize("extra", [0, 300])
def test_the_flows_query_count(client, panel, django_assert_num_queries, extra):
    earlier, later = panel
    for centre in CentreFactory.create_batch(extra):
        answer(earlier, centre, ["Гранты"])
        answer(later, centre, ["Обучение"])
    with django_assert_num_queries(19):
        page = client.get(
            reverse("surveys:detail", args=[later.slug]), {"compare": earlier.slug}
        ).content.decode()
    assert f"Центров в обеих волнах: {3 + extra}." in page
