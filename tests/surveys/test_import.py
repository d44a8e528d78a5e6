import os
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from surveys.models import Choice, Option, Response
from tests.helpers import inline_row, raw_xlsx

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

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


def test_a_csv_that_excel_saved_with_semicolons_imports_the_same(small_survey, tmp_path):
    """Excel in Russian separates «CSV UTF-8» with «;» and quotes a cell that holds one."""
    text = (
        "\ufeffrespondent;centre;tasks;size\r\n"
        'Анкета 1;municipal-tobolsk;"Обучение; консультации ";до 5\r\n'
        "Анкета 2;;ГРАНТЫ;\r\n"
    )
    assert "Импортировано ответов: 2" in run(small_survey, write(tmp_path, text))
    first = Response.objects.get(survey=small_survey, respondent="Анкета 1")
    assert sorted(first.options.values_list("text", flat=True)) == [
        "Консультации", "Обучение", "до 5",
    ]  # fmt: skip


def test_a_column_without_a_heading_is_named_by_its_letter(small_survey, tmp_path):
    path = xlsx(tmp_path, [["respondent", "tasks", None, "size"], ["A", "Обучение", "", "до 5"]])
    with pytest.raises(CommandError, match="Строка 1, столбец «C»: столбец без заголовка"):
        run(small_survey, path)


def test_a_semicolon_header_with_a_quoted_comma_is_read_by_its_semicolons(small_survey, tmp_path):
    text = 'respondent;"tasks, note";size\r\nАнкета 1;Гранты;до 5\r\n'
    with pytest.raises(CommandError) as refused:
        run(small_survey, write(tmp_path, text))
    assert "столбец «tasks, note»: неизвестный столбец" in str(refused.value)
    assert "«respondent;" not in str(refused.value)


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
    with pytest.raises(CommandError, match="Строка 2, столбец «C»: значение вне столбцов"):
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
    "repeated centre": (
        "respondent,centre,tasks\nА,municipal-tobolsk,Обучение\nБ,municipal-tobolsk,Гранты\n",
        "Строка 3, столбец «centre»: центр уже встречался в строке 2",
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


def test_a_centre_that_already_answered_is_refused(small_survey, tmp_path):
    run(small_survey, write(tmp_path, GOOD))
    with pytest.raises(CommandError, match="этот центр уже ответил на этот опрос"):
        run(
            small_survey,
            write(tmp_path, "respondent,centre,tasks\nНовая,municipal-tobolsk,Гранты\n"),
        )
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
        (
            "answers.csv",
            "respondent\nА\n".encode("cp1251"),
            "не в кодировке UTF-8. В Excel сохраните его как «CSV UTF-8»",
        ),
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


# Files of hostile shapes: each is refused with a reason, nothing is imported.


def test_a_header_without_answers_says_there_is_nothing_to_import(small_survey, tmp_path):
    with pytest.raises(CommandError, match="нет ни одной анкеты: импортировать нечего"):
        run(small_survey, write(tmp_path, "respondent,centre,tasks\n\n,,\n"))


def test_an_unterminated_quote_is_refused_not_imported_as_garbage(small_survey, tmp_path):
    text = 'respondent,tasks\nА,"Обучение\nБ,Гранты\n'
    with pytest.raises(CommandError, match="Строку 3 не удаётся прочитать как CSV") as refused:
        run(small_survey, write(tmp_path, text))
    assert "unexpected" not in str(refused.value)
    assert not small_survey.responses.exists()


def test_a_stray_quote_is_refused(small_survey, tmp_path):
    with pytest.raises(CommandError, match="проверьте кавычки"):
        run(small_survey, write(tmp_path, 'respondent,tasks\n"А"Б,Обучение\n'))


@pytest.mark.parametrize(
    ("respondent", "message"),
    [
        ("Анкета\x00с нулём", "в метке есть управляющий символ"),
        ("Анкета\x07", "в метке есть управляющий символ"),
        ("я" * 201, "метка длиннее 200 символов"),
    ],
)
def test_a_respondent_the_database_cannot_hold_is_refused(
    small_survey, tmp_path, respondent, message
):
    with pytest.raises(CommandError, match=f"Строка 2, столбец «respondent»: {message}"):
        run(small_survey, write(tmp_path, f"respondent,tasks\n{respondent},Обучение\n"))
    assert not small_survey.responses.exists()


def test_a_cell_of_twenty_thousand_characters_is_refused(small_survey, tmp_path):
    text = "respondent,tasks\nА," + "Обучение;" * 2500 + "\n"
    with pytest.raises(
        CommandError, match="столбец «tasks»: значение длиннее 10\N{NO-BREAK SPACE}000 символов"
    ):
        run(small_survey, write(tmp_path, text))


def test_three_hundred_columns_are_refused(small_survey, tmp_path):
    text = "respondent" + ",tasks" * 299 + "\n"
    with pytest.raises(CommandError, match="В строке 1 больше 256 столбцов"):
        run(small_survey, write(tmp_path, text))


def test_a_long_error_echoes_only_the_start_of_the_value(small_survey, tmp_path):
    with pytest.raises(CommandError) as raised:
        run(small_survey, write(tmp_path, "respondent,tasks\nА," + "Ж" * 5000 + "\n"))
    assert "Ж" * 59 + "…" in str(raised.value)
    assert "Ж" * 61 not in str(raised.value)


def test_a_value_an_export_neutralised_reads_back_as_it_was(small_survey, tmp_path):
    Option.objects.create(question=small_survey.questions.get(code="tasks"), text="-1 место")
    run(small_survey, write(tmp_path, "respondent,tasks\n'=А,'-1 место\n"))
    response = small_survey.responses.get()
    assert response.respondent == "=А"
    assert response.options.get().text == "-1 место"


HOSTILE_WORKBOOKS = {
    # A sheet that declares every cell Excel can hold and has one in its last row.
    "declares A1:XFD1048576": (
        lambda: [
            inline_row(1, "respondent"),
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        ],
        None,
        "В файле больше 200\N{NO-BREAK SPACE}000 строк",
    ),
    "one row of a million cells": (
        lambda: ['<row r="1">', *('<c r="A1"/>' for _ in range(1_000_000)), "</row>"],
        None,
        "В строке 1 больше 256 столбцов",
    ),
    "a deflate bomb": (
        lambda: (
            [inline_row(1, "respondent"), '<row r="2"><c t="inlineStr"><is><t>']
            + [" " * 1_000_000] * 300
            + ["</t></is></c></row>"]
        ),
        None,
        "в распакованном виде больше 256 МБ",
    ),
    "a shared-strings bomb": (
        lambda: [inline_row(1, "respondent"), '<row r="2"><c t="s"><v>0</v></c></row>'],
        lambda: ("<si><t>" + "я" * 5_000 + "</t></si>" for _ in range(5_000)),
        "больше 1\N{NO-BREAK SPACE}000\N{NO-BREAK SPACE}000 текстов",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_refused_with_a_reason(small_survey, tmp_path, case):
    sheet, strings, message = HOSTILE_WORKBOOKS[case]
    path = raw_xlsx(tmp_path / "hostile.xlsx", sheet(), strings() if strings else None)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(CommandError, match=message):
        run(small_survey, path)
    assert not small_survey.responses.exists()


def test_a_workbook_with_a_dtd_is_refused(small_survey, tmp_path):
    laughs = '<!DOCTYPE x [<!ENTITY a "ha">]>'
    path = raw_xlsx(tmp_path / "laughs.xlsx", [inline_row(1, "respondent")])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = laughs.encode() + parts["xl/workbook.xml"]
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(CommandError, match="не читается как книга XLSX"):
        run(small_survey, path)


def test_a_hand_written_workbook_imports_like_one_from_a_spreadsheet(small_survey, tmp_path):
    strings = ["<si><t>Гранты</t></si>", "<si><r><t>Обу</t></r><r><t>чение</t></r></si>"]
    rows = [
        inline_row(1, "respondent", "tasks"),
        '<row r="2"><c r="A2" t="inlineStr"><is><t>А</t></is></c>'
        '<c r="B2" t="s"><v>0</v></c></row>',
        '<row r="4"><c r="A4"><v>7.0</v></c><c r="B4" t="s"><v>1</v></c></row>',
    ]
    run(small_survey, raw_xlsx(tmp_path / "hand.xlsx", rows, strings))
    answers = {r.respondent: r.options.get().text for r in small_survey.responses.all()}
    assert answers == {"А": "Гранты", "7": "Обучение"}


def test_the_declared_size_of_a_sheet_does_not_grow_memory(tmp_path):
    """Read under an address-space limit; openpyxl's reader, used before, fails under it
    with MemoryError on this file (docs/performance.md)."""
    path = raw_xlsx(
        tmp_path / "dimension.xlsx",
        [inline_row(1, "respondent"), '<row r="199999"><c r="IV199999"><v>1</v></c></row>'],
        dimension="A1:XFD1048576",
    )
    script = (
        "import resource, sys\n"
        "limit = 160 * 1024 * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
        "import django; django.setup()\n"
        "from surveys.spreadsheets import read_rows\n"
        "with open(sys.argv[1], 'rb') as file:\n"
        "    rows = list(read_rows(file, sys.argv[1]))\n"
        "print(len(rows), rows[-1][0], len(rows[-1][1]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "network_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["2", "199999", "256"]


def test_respondents_who_answered_between_the_check_and_the_save_stop_the_import(
    small_survey, tmp_path
):
    from surveys.importing import AnswersFile, ImportRejected

    with open(write(tmp_path, GOOD), "rb") as file:
        answers = AnswersFile(small_survey, file, "answers.csv")
        answers.validate()
    Response.objects.create(survey=small_survey, respondent="Анкета 2")  # typed in meanwhile
    with pytest.raises(ImportRejected, match="тем временем ответили"):
        answers.save()
    assert list(small_survey.responses.values_list("respondent", flat=True)) == ["Анкета 2"]


def test_a_question_code_an_export_neutralised_reads_back(small_survey, tmp_path):
    small_survey.questions.filter(code="tasks").update(code="-tasks")
    run(small_survey, write(tmp_path, "respondent,'-tasks\nА,Гранты\n"))
    assert small_survey.responses.get().options.get().text == "Гранты"


def test_a_cell_too_far_right_is_reported_in_its_own_row(small_survey, tmp_path):
    cells = "".join(f'<c t="inlineStr"><is><t>{n}</t></is></c>' for n in range(300))
    rows = [inline_row(1, "respondent"), f'<row r="5">{cells}</row>']
    with pytest.raises(CommandError, match="В строке 5 больше 256 столбцов"):
        run(small_survey, raw_xlsx(tmp_path / "wide.xlsx", rows))


def test_a_csv_value_beyond_the_csv_module_limit_names_its_line(small_survey, tmp_path):
    text = 'respondent,tasks\nА,"' + "ж\n" * 100_000 + '"\n'
    with pytest.raises(CommandError, match="есть значение длиннее 10\N{NO-BREAK SPACE}000"):
        run(small_survey, write(tmp_path, text))
