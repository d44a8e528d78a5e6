import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("models_catalog:self_assessment")


def answer(client, **answers):
    response = client.get(URL + "?" + urlencode(answers, doseq=True))
    assert response.status_code == 200
    return response


def test_the_form_needs_no_account(client, network):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Кто сегодня поддерживает НКО" in html
    assert html.count('name="characteristics"') == 11


@pytest.mark.parametrize(
    ("answers", "model", "next_model"),
    [
        ({"organisation": "specialist"}, 1, 2),
        ({"organisation": "institution"}, 2, 3),
        ({"organisation": "centre", "beyond_sector": "no"}, 3, 4),
        ({"organisation": "centre", "beyond_sector": "yes"}, 4, 4),
        ({"organisation": "none"}, None, 1),
    ],
)
def test_each_path_gives_its_model(client, network, answers, model, next_model):
    assessment = answer(client, **answers).context["assessment"]
    assert (assessment.model.number if assessment.model else None) == model
    assert assessment.next_model.number == next_model


@pytest.mark.parametrize(
    ("held", "next_step"),
    [
        ([], 1),
        ([1], 1),
        ([1, 2], 2),
        ([1, 2, 3, 4, 5], 3),
        ([1, 2, 3, 4, 5, 10], 4),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4),
        ([1, 2, 3, 4, 5, 10, 11], None),
    ],
)
def test_the_next_step_is_the_first_not_yet_taken(client, network, held, next_step):
    response = answer(client, organisation="centre", beyond_sector="no", characteristics=held)
    assessment = response.context["assessment"]
    assert (assessment.next_step.number if assessment.next_step else None) == next_step
    assert len(assessment.held) == len(held)
    assert f"Выполняется {len(held)} из 11" in response.content.decode()


def test_the_result_explains_itself_and_links_to_centres_of_the_next_model(client, network):
    html = answer(
        client, organisation="centre", beyond_sector="no", characteristics=[1, 2]
    ).content.decode()
    assert "Подходящая модель:" in html and "Модель 3: «Муниципальный ресурсный центр»" in html
    assert "Центр работает в пределах НКО-сектора" in html  # the answer that decided it
    assert "угроза нестабильности финансирования" in html  # a con to watch
    assert "Шаг 2. Продвижение - наращивание опыта и развитие партнерства" in html
    for slug in ["municipal-golyshmanovo", "municipal-kazym", "municipal-nyazepetrovsk"]:
        assert f'href="/centres/{slug}/"' in html


def test_without_registry_centres_of_the_next_model_its_territories_are_named(client, network):
    html = answer(client, organisation="specialist").content.decode()
    assert "В реестре пока нет центров этой модели" in html
    assert "Ямальский район (ЯНАО)" in html


def test_model_four_shows_no_cons_and_its_peers(client, network):
    html = answer(client, organisation="centre", beyond_sector="yes").content.decode()
    assert "Минусы этой модели в источнике не названы." in html
    assert "Центры сети, работающие по той же модели" in html


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"beyond_sector": "no"}, "Выберите, кто поддерживает НКО на вашей территории."),
        ({"organisation": "centre"}, "от этого зависит, модель 3 или модель 4"),
        ({"organisation": "specialist", "beyond_sector": "yes"}, "Измените один из двух ответов"),
        ({"organisation": "mayor"}, "Выберите корректный вариант"),
        ({"organisation": "centre", "beyond_sector": "maybe"}, "Выберите корректный вариант"),
        ({"organisation": "none", "characteristics": ["99"]}, "нет пункта 99"),
        ({"organisation": "none", "characteristics": ["x"]}, "«x» — не номер характеристики"),
    ],
)
def test_incomplete_contradictory_or_tampered_answers_give_the_form_back(
    client, network, answers, message
):
    response = answer(client, **answers)
    assert "assessment" not in response.context
    html = response.content.decode()
    assert "Пока невозможно оценить ответы" in html
    assert message in html


def test_the_answers_can_be_changed_from_the_result(client, network):
    response = answer(client, organisation="institution", characteristics=[3], edit="1")
    assert "assessment" not in response.context
    html = response.content.decode()
    radio = re.search(r'<input[^>]*value="institution"[^>]*>', html).group()
    checkbox = re.search(r'<input[^>]*name="characteristics"[^>]*value="3"[^>]*>', html).group()
    assert "checked" in radio and "checked" in checkbox
