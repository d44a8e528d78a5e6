"""A centre answers a survey online: /surveys/<slug>/answer/<centre-slug>/."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from surveys.models import Option, Response
from tests.factories import CentreFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def wave(small_survey):
    """The small survey, open for answers since yesterday until next week."""
    small_survey.opens_on, small_survey.closes_on = days(-1), days(7)
    small_survey.save()
    return small_survey


def url(survey, centre):
    return reverse("surveys:answer", args=[survey.slug, centre.slug])


def pk(survey, text):
    return str(Option.objects.get(question__survey=survey, text=text).pk)


def answers(survey, tasks=(), size=()):
    return {
        "question_tasks": [pk(survey, text) for text in tasks],
        "question_size": [pk(survey, text) for text in size],
    }


def chosen(response):
    return sorted(response.options.values_list("text", flat=True))


def checked(html):
    """The texts of the options shown as chosen."""
    ids = [
        re.search(r'id="([^"]+)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*>", html)
        if re.search(r"\schecked\b", tag)
    ]
    return sorted(re.search(rf'for="{id_}"[^>]*>\s*([^<]+?)\s*<', html).group(1) for id_ in ids)


def test_a_coordinator_answers_sees_the_answer_and_changes_it(personas, wave):
    client = client_for(personas.coordinator_a)
    page = client.get(url(wave, personas.centre_a)).content.decode()
    assert len(re.findall(r'type="checkbox"[^>]*name="question_tasks"', page)) == 3
    assert len(re.findall(r'type="radio"[^>]*name="question_size"', page)) == 2
    assert "ещё не отвечал" in page
    assert checked(page) == []

    saved = client.post(
        url(wave, personas.centre_a), answers(wave, ["Обучение", "Гранты"], ["до 5"])
    )
    assert saved.status_code == 302 and saved.url == reverse("my_centres")
    assert [str(m) for m in get_messages(saved.wsgi_request)] == [
        f"Ответы центра «{personas.centre_a.name}» на опрос «Малая анкета» сохранены."
    ]
    response = Response.objects.get(survey=wave)
    assert (response.centre, response.respondent) == (personas.centre_a, personas.centre_a.slug)
    assert response.date == timezone.localdate()
    assert chosen(response) == ["Гранты", "Обучение", "до 5"]

    page = client.get(url(wave, personas.centre_a)).content.decode()
    assert checked(page) == ["Гранты", "Обучение", "до 5"]

    Response.objects.filter(pk=response.pk).update(date=days(-1))
    client.post(url(wave, personas.centre_a), answers(wave, ["Консультации"], ["больше 5"]))
    response = Response.objects.get(survey=wave)  # still the one response
    assert chosen(response) == ["Консультации", "больше 5"]
    assert response.date == timezone.localdate()


def test_an_answer_entered_without_a_date_is_shown_without_one(personas, wave):
    response = Response.objects.create(
        survey=wave, centre=personas.centre_a, respondent=personas.centre_a.slug, date=None
    )
    response.options.add(pk(wave, "Гранты"))
    page = client_for(personas.coordinator_a).get(url(wave, personas.centre_a)).content.decode()
    note = re.search(r'<p id="answered-on">(.*?)</p>', page, re.S).group(1)
    assert note == "Ниже — ответы вашего центра."
    assert checked(page) == ["Гранты"]


def test_staff_who_change_centres_answer_for_any_centre(personas, wave):
    client = client_for(personas.centre_editor)
    saved = client.post(url(wave, personas.centre_b), answers(wave, ["Гранты"]))
    assert saved.status_code == 302
    assert Response.objects.get(survey=wave).centre == personas.centre_b


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 403), ("coordinator_b", 403), ("coordinator_a", 200), ("centre_editor", 200)],
)
def test_the_permission_ladder(personas, wave, persona, status):
    client = client_for(getattr(personas, persona))
    assert client.get(url(wave, personas.centre_a)).status_code == status
    posted = client.post(url(wave, personas.centre_a), answers(wave, ["Гранты"]))
    assert posted.status_code == (302 if status == 200 else 403)
    assert Response.objects.filter(survey=wave).count() == (1 if status == 200 else 0)


def test_anonymous_people_are_sent_to_log_in(personas, wave):
    for method in ("get", "post"):
        page = getattr(client_for(None), method)(url(wave, personas.centre_a))
        assert page.status_code == 302
        assert page.url.startswith(reverse("login") + "?next=")
    assert not wave.responses.exists()


def test_unknown_surveys_and_centres_and_hidden_surveys_are_not_found(personas, wave):
    client = client_for(personas.coordinator_a)
    assert (
        client.get(reverse("surveys:answer", args=["nope", "municipal-tobolsk"])).status_code
        == 404
    )
    assert client.get(reverse("surveys:answer", args=[wave.slug, "nope"])).status_code == 404
    wave.is_published = False
    wave.save()
    assert client.get(url(wave, personas.centre_a)).status_code == 404
    assert client_for(personas.admin).get(url(wave, personas.centre_a)).status_code == 200


@pytest.mark.parametrize(
    ("opens", "closes", "says"),
    [
        (-10, -1, "принимал ответы с"),
        (2, 9, "будет принимать ответы с"),
        (None, None, "не принимает ответы на сайте"),
    ],
)
def test_outside_the_period_the_page_says_so_and_takes_no_answer(
    personas, wave, opens, closes, says
):
    wave.opens_on = None if opens is None else days(opens)
    wave.closes_on = None if closes is None else days(closes)
    wave.save()
    client = client_for(personas.coordinator_a)
    page = client.get(url(wave, personas.centre_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert says in text
    assert 'name="save"' not in text
    posted = client.post(url(wave, personas.centre_a), answers(wave, ["Гранты"]))
    assert posted.status_code == 403
    assert says in posted.content.decode()
    assert not wave.responses.exists()


def test_a_closed_survey_keeps_the_saved_answer(personas, wave):
    client = client_for(personas.coordinator_a)
    client.post(url(wave, personas.centre_a), answers(wave, ["Гранты"]))
    wave.closes_on = days(-1)
    wave.save()
    assert (
        client.post(url(wave, personas.centre_a), answers(wave, ["Обучение"])).status_code == 403
    )
    assert chosen(wave.responses.get()) == ["Гранты"]
    assert checked(client.get(url(wave, personas.centre_a)).content.decode()) == ["Гранты"]


def test_a_second_option_for_a_single_choice_question_is_refused(personas, wave):
    client = client_for(personas.coordinator_a)
    page = client.post(
        url(wave, personas.centre_a), answers(wave, ["Гранты"], ["до 5", "больше 5"])
    )
    assert page.status_code == 200
    assert "В этом вопросе один ответ, а выбрано вариантов: 2." in page.content.decode()
    assert not wave.responses.exists()


def test_one_centre_s_save_leaves_another_centre_s_answer_alone(personas, wave):
    client_for(personas.coordinator_b).post(
        url(wave, personas.centre_b), answers(wave, ["Гранты"])
    )
    client_for(personas.coordinator_a).post(
        url(wave, personas.centre_a), answers(wave, ["Обучение"])
    )
    assert chosen(Response.objects.get(centre=personas.centre_b)) == ["Гранты"]
    assert chosen(Response.objects.get(centre=personas.centre_a)) == ["Обучение"]


@pytest.mark.parametrize(
    "value",
    ["abc", "1.5", "-1", "99999999999999999999", "1\x00", "\x00", "", "Обучение"],
)
def test_malformed_answers_get_a_russian_message(personas, wave, value):
    page = client_for(personas.coordinator_a).post(
        url(wave, personas.centre_a), {"question_tasks": [value]}
    )
    assert page.status_code == 200
    assert "не относится к этому вопросу" in page.content.decode()
    assert not wave.responses.exists()


def test_an_answer_with_nothing_chosen_is_not_saved_nor_counted(personas, wave):
    client = client_for(personas.coordinator_a)
    page = client.post(url(wave, personas.centre_a), {"save": "Сохранить ответы"})
    assert page.status_code == 200
    html = page.content.decode()
    refused = "Отметьте хотя бы один вариант: ответ, в котором ничего не выбрано, не сохраняется."
    assert refused in html
    assert "исправьте отмеченные ниже ответы" not in html  # nothing below is marked
    assert not wave.responses.exists()
    results = client.get(reverse("surveys:detail", args=[wave.slug])).content.decode()
    assert "n = 1" not in results


def test_a_wave_nobody_has_answered_yet_says_so(client, personas, wave):
    html = client.get(reverse("surveys:detail", args=[wave.slug])).content.decode()
    assert "Ответов пока нет." in html
    closes = f"{wave.closes_on.day} "
    assert "Центры сети могут ответить до " + closes in html
    # Neither a filter to clear nor centres' answers missing: there are no answers at all.
    assert 'id="no-responses"' not in html and 'id="no-centre-filters"' not in html
    anna = client_for(personas.coordinator_a)
    anna.post(url(wave, personas.centre_a), answers(wave, ["Гранты"]))
    html = client.get(reverse("surveys:detail", args=[wave.slug])).content.decode()
    assert "Ответов пока нет." not in html and "n = 1" in html


def test_the_results_page_offers_a_coordinator_the_questionnaire_while_it_is_open(
    client, personas, wave
):
    page = reverse("surveys:detail", args=[wave.slug])
    html = client_for(personas.coordinator_a).get(page).content.decode()
    assert f'href="{url(wave, personas.centre_a)}"' in html
    assert url(wave, personas.centre_b) not in html
    assert 'id="answer-links"' not in client.get(page).content.decode()
    assert 'id="answer-links"' not in client_for(personas.outsider).get(page).content.decode()
    wave.closes_on = days(-1)
    wave.save()
    assert 'id="answer-links"' not in client_for(personas.coordinator_a).get(page).content.decode()


def test_an_option_of_another_question_is_refused(personas, wave):
    page = client_for(personas.coordinator_a).post(
        url(wave, personas.centre_a), {"question_tasks": [pk(wave, "до 5")]}
    )
    assert "не относится к этому вопросу" in page.content.decode()
    assert not wave.responses.exists()


@pytest.mark.parametrize("size", [30, 500])
def test_the_questionnaire_s_query_count(personas, wave, django_assert_num_queries, size):
    CentreFactory.create_batch(size)
    for centre in CentreFactory.create_batch(3):
        Response.objects.create(survey=wave, centre=centre, respondent=centre.slug)
    client = client_for(personas.coordinator_a)
    client.post(url(wave, personas.centre_a), answers(wave, ["Гранты"], ["до 5"]))
    with django_assert_num_queries(11):
        assert client.get(url(wave, personas.centre_a)).status_code == 200
    data = answers(wave, ["Обучение"])
    with django_assert_num_queries(20):
        assert client.post(url(wave, personas.centre_a), data).status_code == 302
