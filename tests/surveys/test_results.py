import csv
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centres.models import Centre
from surveys.models import Choice, Option, Question, Response, Survey
from surveys.results import percent
from tests import source

pytestmark = pytest.mark.django_db

# The seed's question codes, for the source's columns in their order.
CODES = ["rc_functions", "directions", "cor_functions"]


def source_table():
    """(code, option, percent) rows of the source's table, read from the document itself."""
    columns = source.survey_table().values()
    return [
        (code, option, value.replace(",", "."))
        for code, rows in zip(CODES, columns, strict=True)
        for option, value in rows
    ]


def results_csv(client, slug="ural-network-functions", **params):
    response = client.get(reverse("surveys:results_csv", args=[slug]), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_seeded_results_reproduce_the_source_table(client, survey):
    table = results_csv(client)
    assert table[0] == ["question", "option", "count", "base", "percent"]
    expected = source_table()
    assert len(expected) == 26
    assert [(code, option, value) for code, option, _count, _base, value in table[1:]] == expected
    assert {base for *_rest, base, _percent in table[1:]} == {"11"}


def test_the_seed_survey_is_the_source_s_table_word_for_word(survey):
    """Title, questions, options and the published percents, as the source writes them."""
    assert survey.title == source.SURVEY_TITLE
    assert source.SURVEY_TITLE in source.lines()
    table = source.survey_table()
    questions = survey.questions.order_by("order")
    assert [question.text for question in questions] == list(table)
    for question, rows in zip(questions, table.values(), strict=True):
        options = question.options.order_by("order").values_list("text", "published_percent")
        assert [(text, str(value).replace(".", ",")) for text, value in options] == rows


def test_the_seed_is_eleven_anonymous_reconstructed_responses(survey):
    assert survey.responses.count() == 11
    assert not survey.responses.exclude(centre=None).exists()
    assert set(survey.responses.values_list("note", flat=True)) == {
        "Восстановлено по опубликованной таблице источника"
    }


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (6, 11, "54.5"),
        (5, 11, "45.5"),
        (1, 11, "9.1"),
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (0, 5, "0.0"),
    ],
)
def test_percent_rounds_half_up_to_one_decimal(count, base, expected):
    assert percent(count, base) == Decimal(expected)


def test_the_page_shows_russian_numbers_and_the_base(client, survey):
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "54,5&nbsp;%" in html
    assert "n = 11" in html
    assert "сумма по столбцу может превышать 100 %" in html
    assert "ориентировочные" in html  # a base below 30


def test_tables_follow_the_source_order_by_frequency(client, survey):
    """Every question's table lists its options in the source's order, most named first."""
    html = client.get(survey.get_absolute_url()).content.decode()
    for code, rows in zip(CODES, source.survey_table().values(), strict=True):
        table = re.search(rf'data-question="{code}">(.*?)</table>', html, re.S).group(1)
        options = re.findall(r'<th scope="row" class="fw-normal">(.*?)</th>', table)
        assert [unescape(option) for option in options] == [option for option, _ in rows], code
        published = [Decimal(value.replace(",", ".")) for _option, value in rows]
        assert published == sorted(published, reverse=True), code


def attach_centres(survey):
    """Say which centres answered: 4 responses from municipal centres of ХМАО, 1 regional."""
    responses = list(survey.responses.order_by("respondent"))
    for response, slug in zip(
        responses,
        ["municipal-megion", "municipal-nadym", "municipal-kazym", "municipal-nizhnevartovsk",
         "regional-tyumen"],
        strict=False,
    ):  # fmt: skip
        response.centre = Centre.objects.get(slug=slug)
        response.save()


def test_filters_change_the_base_and_the_exports_follow(client, survey):
    attach_centres(survey)
    response = client.get(survey.get_absolute_url(), {"level": "municipal"})
    assert response.context["results"].base == 4
    assert "n = 4" in response.content.decode()
    assert client.get(survey.get_absolute_url(), {"region": "khmao"}).context["results"].base == 3
    assert client.get(survey.get_absolute_url(), {"model": "4"}).context["results"].base == 1
    table = results_csv(client, level="municipal")
    assert {row[3] for row in table[1:]} == {"4"}
    first = table[1]
    chosen = Choice.objects.filter(
        option__text=first[1], response__centre__level="municipal"
    ).count()
    assert first[2] == str(chosen)
    assert first[4] == str(percent(chosen, 4))


def test_a_filter_with_no_responses_says_so(client, survey):
    html = client.get(survey.get_absolute_url(), {"level": "partner"}).content.decode()
    assert "Нет ответов, подходящих под эти условия." in html
    assert results_csv(client, level="partner")[1][3:] == ["0", ""]


def test_bad_filter_values_give_a_normal_page(client, survey):
    for params in [{"level": "x"}, {"model": "99"}, {"region": "atlantis"}, {"compare": "nope"}]:
        response = client.get(survey.get_absolute_url(), params)
        assert response.status_code == 200
        assert response.context["results"].base == 11


def make_second_wave(survey):
    """The same questions a year later: 5 responses, every one naming consulting."""
    wave = Survey.objects.create(
        slug="wave-2", title="Вторая волна", period="2025", is_published=True
    )
    for question in survey.questions.all():
        copy = Question.objects.create(
            survey=wave, code=question.code, text=question.text, order=question.order
        )
        for option in question.options.all():
            Option.objects.create(question=copy, text=option.text.upper(), order=option.order)
    consulting = Option.objects.get(question__survey=wave, text="КОНСУЛЬТИРОВАНИЕ НКО")
    for number in range(5):
        Response.objects.create(survey=wave, respondent=f"r{number}").choices.create(
            option=consulting
        )
    return wave


def test_comparison_shows_both_percentages_and_the_change(client, survey):
    wave = make_second_wave(survey)
    response = client.get(wave.get_absolute_url(), {"compare": survey.slug})
    results = response.context["results"]
    row = next(r for _q, r in results.rows() if r.option.text == "КОНСУЛЬТИРОВАНИЕ НКО")
    assert (row.percent, row.other_percent, row.delta) == (
        Decimal("100.0"),
        Decimal("36.4"),
        Decimal("63.6"),
    )
    html = response.content.decode()
    assert "+63,6" in html
    assert "Исследование функций организаций" in html  # names the compared survey


def test_unpublished_surveys_are_for_staff_only(client, admin_client, survey):
    Survey.objects.filter(pk=survey.pk).update(is_published=False)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(reverse("surveys:results_csv", args=[survey.slug])).status_code == 404
    assert survey.title not in client.get(reverse("surveys:list")).content.decode()
    assert admin_client.get(survey.get_absolute_url()).status_code == 200
    assert survey.title in admin_client.get(reverse("surveys:list")).content.decode()


@pytest.mark.parametrize(
    ("is_staff", "permission", "sees"),
    [
        (False, "view_survey", False),  # a permission without staff status
        (True, None, False),  # staff who work on other things
        (True, "view_survey", True),
        (True, "change_survey", True),
    ],
)
def test_only_staff_who_work_on_surveys_see_unpublished_ones(
    client, survey, is_staff, permission, sees
):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    Survey.objects.filter(pk=survey.pk).update(is_published=False)
    user = UserFactory(is_staff=is_staff)
    if permission:
        user.user_permissions.add(Permission.objects.get(codename=permission))
    client.force_login(user)
    expected = 200 if sees else 404
    for url in [
        survey.get_absolute_url(),
        reverse("surveys:results_csv", args=[survey.slug]),
        reverse("surveys:results_xlsx", args=[survey.slug]),
    ]:
        assert client.get(url).status_code == expected
    assert (survey.title in client.get(reverse("surveys:list")).content.decode()) is sees


def test_the_survey_list_shows_period_and_number_of_responses(client, survey):
    make_second_wave(survey)
    html = client.get(reverse("surveys:list")).content.decode()
    assert "11 ответов" in html
    assert "2025 · 5 ответов" in " ".join(html.split())


def test_the_results_workbook_is_in_russian_with_the_questions_texts(client, survey):
    response = client.get(reverse("surveys:results_xlsx", args=[survey.slug]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Результаты"]
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0] == [
        "Вопрос", "Код вопроса", "Вариант", "Выбрали", "Всего ответов (n)", "Доля, %",
        "В источнике, %",
    ]  # fmt: skip
    # The source's column headings are the questions' texts.
    texts = dict(zip(CODES, source.survey_table(), strict=True))
    assert [(text, code) for text, code, *_rest in rows[1:]] == [
        (texts[code], code) for code, _option, _value in source_table()
    ]
    # The same figures as the contract's CSV, which keeps its columns for scripts.
    table = results_csv(client)
    assert table[0] == ["question", "option", "count", "base", "percent"]
    assert [[code, option, count, base, percent] for _text, code, option, count, base, percent,
            _published in rows[1:]] == [
        [code, option, int(count), int(base), float(percent)]
        for code, option, count, base, percent in table[1:]
    ]  # fmt: skip
    # The source's published share stays beside the live one after a new answer.
    new = Response.objects.create(survey=survey, respondent="РЦ, новый ответ")
    Choice.objects.create(response=new, option=Option.objects.get(text="Консультирование НКО"))
    response = client.get(reverse("surveys:results_xlsx", args=[survey.slug]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted((row[2], row[6]) for row in rows[1:]) == sorted(
        (option, float(value)) for _code, option, value in source_table()
    )
    consulting = next(row for row in rows if row[2] == "Консультирование НКО")
    assert consulting[3:] == (5, 12, 41.7, 36.4)


def test_a_workbook_without_published_figures_has_no_column_for_them(client, survey):
    Option.objects.update(published_percent=None)
    response = client.get(reverse("surveys:results_xlsx", args=[survey.slug]))
    heading = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "В источнике, %" not in heading and len(heading) == 6


def published_column(html, question_code):
    """(option, «in the source» cell) of one results table, as the page shows them."""
    table = html.split(f'data-question="{question_code}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row"[^>]*>(.*?)</th>.*?<td class="[^"]*published">(.*?)</td>', table, re.S
    )
    return [(option, cell.replace("&nbsp;", " ")) for option, cell in rows]


def test_the_page_says_the_seed_answers_are_reconstructed(client, survey):
    html = client.get(survey.get_absolute_url()).content.decode()
    note = html.split('id="reconstructed-note"', 1)[1].split("</div>", 1)[0]
    assert "11 из 11 ответов восстановлены по таблице, которую публикует источник" in note


def test_the_source_figures_stay_beside_the_live_ones_after_a_new_answer(client, survey):
    """A real answer changes the live figures, never the published column."""
    new = Response.objects.create(survey=survey, respondent="РЦ, новый ответ")
    Choice.objects.create(response=new, option=Option.objects.get(text="Консультирование НКО"))
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "n = 12" in html
    assert "11 из 12 ответов восстановлены" in html
    for code in CODES:
        shown = published_column(html, code)
        published = {option: value for c, option, value in source_table() if c == code}
        assert len(shown) == len(published)
        for option, cell in shown:
            assert cell == published[option.replace("&quot;", '"')].replace(".", ",") + " %"
    first_row = re.search(r'data-question="rc_functions".*?<tbody>\s*<tr>(.*?)</tr>', html, re.S)
    assert "50,0" in first_row[1] and "54,5" in first_row[1]  # live 6/12 beside published


def test_a_survey_without_published_figures_has_no_source_column(client, small_survey):
    html = client.get(small_survey.get_absolute_url()).content.decode()
    assert "в источнике" not in html
    assert 'id="reconstructed-note"' not in html


def test_centre_filters_are_offered_only_when_answers_belong_to_centres(client, survey):
    html = client.get(survey.get_absolute_url()).content.decode()
    assert 'name="level"' not in html
    assert "ни один ответ этого исследования не принадлежит центру реестра" in html.lower()

    attach_centres(survey)
    html = client.get(survey.get_absolute_url()).content.decode()
    assert 'name="level"' in html and 'id="no-centre-filters"' not in html


def test_a_centre_filter_says_the_reconstructed_answers_are_left_out(client, survey):
    attach_centres(survey)
    Response.objects.create(survey=survey, respondent="Восстановленный", is_reconstructed=True)
    html = client.get(survey.get_absolute_url(), {"level": "municipal"}).content.decode()
    note = html.split('id="filtered-reconstructed-note">', 1)[1].split("</div>", 1)[0]
    assert "7 восстановленных ответов не принадлежат ни одному" in note and "не учтены" in note
    assert (
        'id="filtered-reconstructed-note"'
        not in client.get(survey.get_absolute_url()).content.decode()
    )
