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
        assert f'href="http://testserver/centres/{slug}/"' in html


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


def test_a_centre_answer_left_after_choosing_no_centre_is_set_aside(client, network):
    """Chose a centre, said it works beyond the sector, then chose a specialist instead."""
    response = client.get(URL, {"organisation": "specialist", "beyond_sector": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?organisation=specialist"
    assert client.get(response["Location"]).context["assessment"].model.number == 1


def test_the_answers_can_be_changed_from_the_result(client, network):
    response = answer(client, organisation="institution", characteristics=[3], edit="1")
    assert "assessment" not in response.context
    html = response.content.decode()
    radio = re.search(r'<input[^>]*value="institution"[^>]*>', html).group()
    checkbox = re.search(r'<input[^>]*name="characteristics"[^>]*value="3"[^>]*>', html).group()
    assert "checked" in radio and "checked" in checkbox


def test_an_empty_submit_says_what_is_missing(client, network):
    # What the browser sends for the form with nothing chosen: the municipality field, empty.
    response = answer(client, municipality="")
    assert "assessment" not in response.context
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "Выберите, кто поддерживает НКО на вашей территории." in html


def test_a_first_visit_shows_the_form_without_errors(client, network):
    html = answer(client).content.decode()
    assert 'id="form-errors"' not in html


@pytest.mark.parametrize(
    "sent",
    [
        "characteristics=2&organisation=centre&characteristics=1&beyond_sector=no&municipality=",
        "municipality=&organisation=centre&beyond_sector=no&characteristics=1&characteristics=2",
    ],
)
def test_a_result_has_one_address(client, network, sent):
    canonical = "organisation=centre&beyond_sector=no&characteristics=1&characteristics=2"
    response = client.get(f"{URL}?{sent}")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?{canonical}"
    assert client.get(response["Location"]).status_code == 200


def test_the_municipality_round_trips_escaped(client, network):
    name = "Ишимский район <b>«Тест»</b> & Co"
    response = client.get(URL, {"organisation": "institution", "municipality": f"  {name} "})
    assert response.status_code == 302
    result = client.get(response["Location"])
    html = result.content.decode()
    escaped = "Ишимский район &lt;b&gt;«Тест»&lt;/b&gt; &amp; Co"
    heading = re.search(r'<h1[^>]*id="result-heading"[^>]*>(.*?)</h1>', html, re.S).group(1)
    assert heading == f"Результат самооценки: {escaped}"
    assert f"<title>Результат самооценки: {escaped}" in html
    assert "<b>«Тест»</b>" not in html
    # «Change the answers» brings the name back into the form.
    edit = answer(client, organisation="institution", municipality=name, edit="1")
    assert edit.context["form"]["municipality"].value() == name
    assert f'value="{escaped}"' in edit.content.decode()


def test_a_too_long_municipality_is_refused_with_a_message(client, network):
    html = answer(client, organisation="none", municipality="Я" * 151).content.decode()
    assert "Пока невозможно оценить ответы" in html
    assert "не более 150 символов" in html


@pytest.mark.parametrize(
    "hidden",
    ["\u202e", "\u200b", "\x1b", "\uffff", "\ue000", "\ufffd"],
    ids=["bidi", "zero-width", "esc", "nonchar", "private", "not-utf-8"],
)
def test_a_municipality_with_hidden_characters_is_refused(client, network, hidden):
    """A right-to-left override would turn the heading and the printed address around."""
    html = answer(
        client, organisation="none", municipality=f"г. Тобольск{hidden}moc.live"
    ).content.decode()
    assert "Напишите название только буквами, цифрами и знаками препинания." in html


def test_the_saved_answers_leave_the_municipality_out(personas):
    from tests.helpers import client_for

    client_for(personas.coordinator_a).post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": personas.centre_a.slug, "answers": "organisation=none&municipality=Тобольск"},
    )
    assert personas.centre_a.assessments.get().answers == "organisation=none"


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ("organisation=none", "Он не находит ни одной из четырёх моделей, поэтому профиль"),
        ("organisation=centre&beyond_sector=no", "и организационная модель центра теперь"),
    ],
)
def test_the_message_after_saving_says_what_became_of_the_centre_s_model(personas, answers, said):
    from django.contrib.messages import get_messages

    from tests.helpers import client_for

    saved = client_for(personas.coordinator_a).post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": personas.centre_a.slug, "answers": answers},
    )
    assert said in " ".join(str(message) for message in get_messages(saved.wsgi_request))


def test_the_printout_carries_the_source_the_date_and_full_addresses(client, network):
    from django.utils import formats, timezone

    html = answer(
        client, organisation="centre", beyond_sector="no", characteristics=[1, 2]
    ).content.decode()
    credit = re.search(
        r'<div class="d-none d-print-block[^"]*" id="print-credit">(.*?)</div>', html, re.S
    )
    assert "«Сетевое взаимодействие как фактор укрепления ресурсных центров поддержки СО НКО»" in (
        credit.group(1)
    )
    assert "А. А. Попкова, ТИУ" in credit.group(1)
    today = formats.date_format(timezone.localdate(), "j E Y")
    assert f'<p class="d-none d-print-block" id="print-date">Дата печати: {today}</p>' in html
    assert "http://testserver/self-assessment/?organisation=centre" in html  # the result's own
    content = html[html.index('id="result-heading"') : html.index('id="print-credit"')]
    links = re.findall(r'<a [^>]*href="([^"]+)"', content)
    # Everything a printout shows leads somewhere from paper; only the buttons stay relative.
    printed = [href for href in links if "edit=1" not in href and href != URL]
    assert len(printed) >= 5
    assert all(href.startswith("http://testserver/") for href in printed), printed


def test_the_result_offers_a_print_button_run_by_a_static_script(client, network):
    html = answer(client, organisation="none").content.decode()
    assert re.search(r"<button[^>]*data-print[^>]*hidden[^>]*>Распечатать</button>", html)
    assert '<script src="/static/js/print-button.js"></script>' in html
    assert "<script>" not in html  # the CSP allows no inline scripts


def test_the_form_says_what_is_stored(client, network):
    html = answer(client).content.decode()
    assert "Ничего не сохраняется" not in html
    assert "Ваши ответы не сохраняются" in html
    assert "Сохранить результат в профиле центра может только координатор" in html


def test_the_suggested_next_model_is_marked_as_the_portals_reading(client, network):
    html = answer(client, organisation="institution").content.decode()
    assert "Портал предлагает рассмотреть: Модель 3" in html
    note = re.search(r'id="next-model-note">(.*?)</p>', html, re.S).group(1)
    assert "не задаёт порядка" in note and "прочтение портала" in note


def test_model_four_suggests_no_further_model(client, network):
    html = answer(client, organisation="centre", beyond_sector="yes").content.decode()
    assert 'id="next-model-note"' not in html
    assert "Портал предлагает" not in html
