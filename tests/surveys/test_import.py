from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from surveys.models import Choice, Response

pytestmark = pytest.mark.django_db

GOOD = (
    "respondent,centre,tasks,size\n"
    "Анкета 1,municipal-tobolsk,Обучение; консультации ,до 5\n"
    "Анкета 2,,ГРАНТЫ,\n"
    "Анкета 3,,,больше 5\n"
)


def write(tmp_path, text, name="answers.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx(tmp_path, rows, name="answers.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def run(survey, path):
    output = StringIO()
    call_command("import_responses", survey.slug, str(path), stdout=output)
    return output.getvalue()


def test_a_good_csv_imports_every_response(small_survey, network, tmp_path):
    output = run(small_survey, write(tmp_path, GOOD))
    assert "Импортировано ответов: 3" in output
    first = Response.objects.get(survey=small_survey, respondent="Анкета 1")
    assert first.centre.slug == "municipal-tobolsk"
    assert sorted(first.options.values_list("text", flat=True)) == [
        "Консультации",
        "Обучение",
        "до 5",
    ]
    assert list(
        Response.objects.get(respondent="Анкета 2").options.values_list("text", flat=True)
    ) == ["Гранты"]  # noqa: E501
    assert not Response.objects.get(respondent="Анкета 3").options.filter(question__code="tasks")


def test_a_good_xlsx_imports_too(small_survey, tmp_path):
    path = xlsx(
        tmp_path,
        [
            ["respondent", "centre", "tasks", "size"],
            ["A", None, "Гранты", "до 5"],
            [7, "", "", ""],
        ],
    )
    run(small_survey, path)
    assert sorted(small_survey.responses.values_list("respondent", flat=True)) == ["7", "A"]


def test_empty_columns_at_the_right_of_a_spreadsheet_are_ignored(small_survey, tmp_path):
    path = xlsx(tmp_path, [["respondent", "tasks", None, None], ["A", "Гранты", None, None]])
    run(small_survey, path)
    assert small_survey.responses.get().options.get().text == "Гранты"


def test_a_value_in_an_unheaded_column_is_refused(small_survey, tmp_path):
    path = xlsx(tmp_path, [["respondent", "tasks", None], ["A", "Гранты", "лишнее"]])
    with pytest.raises(CommandError, match="Строка 2, столбец «3»: значение вне столбцов"):
        run(small_survey, path)
    assert not small_survey.responses.exists()


def test_a_utf8_bom_from_excel_is_accepted(small_survey, tmp_path):
    run(small_survey, write(tmp_path, GOOD, encoding="utf-8-sig"))
    assert small_survey.responses.count() == 3


BAD_FILES = {
    "unknown column": (
        "respondent,centre,tasks,salary\nА,,Обучение,100\n",
        "Строка 1, столбец «salary»: неизвестный столбец",
    ),
    "unknown centre": (
        "respondent,centre,tasks\nА,,Обучение\nБ,atlantis,Гранты\n",
        "Строка 3, столбец «centre»: в реестре нет центра со slug «atlantis»",
    ),
    "unknown option": (
        "respondent,centre,tasks\nА,,Обучение;Вышивание\n",
        "Строка 2, столбец «tasks»: «Вышивание» — нет такого варианта в этом вопросе",
    ),
    "second option for a single choice": (
        "respondent,centre,size\nА,,до 5\nБ,,до 5; больше 5\n",
        "Строка 3, столбец «size»: в вопросе с одним ответом выбрано вариантов: 2",
    ),
    "repeated respondent": (
        "respondent,centre,tasks\nА,,Обучение\nБ,,Гранты\nА,,Гранты\n",
        "Строка 4, столбец «respondent»: «А» повторяется (впервые в строке 2)",
    ),
    "empty respondent": (
        "respondent,centre,tasks\n,,Обучение\n",
        "Строка 2, столбец «respondent»: респондент не указан",
    ),
    "no respondent column": ("centre,tasks\n,Обучение\n", "в файле нет столбца respondent"),
    "empty file": ("", "Файл пуст."),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_names_the_fault_and_imports_nothing(small_survey, network, tmp_path, case):
    text, message = BAD_FILES[case]
    with pytest.raises(CommandError) as raised:
        run(small_survey, write(tmp_path, text))
    assert "Ничего не импортировано" in str(raised.value)
    assert message in str(raised.value)
    assert not Response.objects.filter(survey=small_survey).exists()
    assert not Choice.objects.filter(response__survey=small_survey).exists()


def test_a_respondent_who_already_answered_is_refused(small_survey, tmp_path):
    run(small_survey, write(tmp_path, GOOD))
    with pytest.raises(CommandError, match="«Анкета 1» уже отвечал"):
        run(small_survey, write(tmp_path, "respondent,tasks\nАнкета 1,Гранты\nНовая,Гранты\n"))
    assert small_survey.responses.count() == 3


def test_every_fault_of_a_file_is_listed(small_survey, tmp_path):
    text = "respondent,centre,tasks,size\nА,nowhere,Обучение,\nБ,,Пение,до 5;больше 5\n"
    with pytest.raises(CommandError) as raised:
        run(small_survey, write(tmp_path, text))
    assert str(raised.value).count("Строка") == 3


def test_a_bad_xlsx_names_the_row_too(small_survey, tmp_path):
    path = xlsx(tmp_path, [["respondent", "tasks"], ["A", "Обучение"], ["B", "Пение"]])
    with pytest.raises(CommandError, match="Строка 3, столбец «tasks»"):
        run(small_survey, path)
    assert not small_survey.responses.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("answers.txt", b"respondent\nA\n", "только файлы .csv и .xlsx"),
        ("answers.xlsx", b"not a workbook", "не читается как книга XLSX"),
        ("answers.csv", "respondent\nА\n".encode("cp1251"), "не в кодировке UTF-8"),
    ],
)
def test_unreadable_files_are_refused(small_survey, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(small_survey, path)


def test_an_unknown_survey_or_file_is_refused(small_survey, tmp_path):
    with pytest.raises(CommandError, match="Исследования «nope» нет"):
        call_command("import_responses", "nope", str(write(tmp_path, GOOD)))
    with pytest.raises(CommandError, match="Не удаётся прочитать"):
        call_command("import_responses", small_survey.slug, str(tmp_path / "missing.csv"))


def test_imported_answers_change_the_results(client, small_survey, tmp_path):
    run(small_survey, write(tmp_path, GOOD))
    html = client.get(small_survey.get_absolute_url()).content.decode()
    assert "n = 3" in html
    assert "66,7&nbsp;%" not in html and "33,3&nbsp;%" in html
