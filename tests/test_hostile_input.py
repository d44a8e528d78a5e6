"""Hostile input, as a table: malformed or malicious requests, each answered without a
server error and without changing a single stored row.

One parametrised test per kind of input: query strings of the public pages, form
posts of coordinators and admins, answers files for the admin import and its
confirmation.
"""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from centres.models import Centre
from surveys.models import Option, PendingImport, Survey
from tests.helpers import file_addresses, inline_row, page_addresses, profile_post, raw_xlsx

pytestmark = pytest.mark.django_db

SURVEY = "ural-network-functions"
LONG = quote("Ж" * 3000)
HUGE_NUMBER = "9" * 30
STORED_APPS = {"auth", "centres", "models_catalog", "surveys"}


def stored_rows():
    """Every row the portal keeps (but sessions and login attempts), to see any change."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.app_label in STORED_APPS
    }


def assert_answered_without_harm(response, before):
    assert response.status_code < 500, response.content[:500]
    assert stored_rows() == before


# Query strings of public pages, written as a browser or a script would send them.
QUERY_STRINGS = [
    ("/", "page=abc"),
    ("/", "%FF=%FF"),
    ("/", "a=%00"),
    ("/centres/", "q=%00"),
    ("/centres/", "q=%FF%FE"),
    ("/centres/", f"q={LONG}"),
    ("/centres/", "q=%25%5F%25"),
    ("/centres/", "q=%27%20OR%201%3D1%20--"),
    ("/centres/", "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("/centres/", "q=&q=%D1%82%D1%8E%D0%BC%D0%B5%D0%BD%D1%8C&q=%00"),
    ("/centres/", "q=%E2%80%AE%E2%80%8B"),
    ("/centres/", "level=nope"),
    ("/centres/", "level=%00"),
    ("/centres/", "level=regional&level=municipal"),
    ("/centres/", "region=atlantis"),
    ("/centres/", "region=%00"),
    ("/centres/", "region=1"),
    ("/centres/", "model=0"),
    ("/centres/", "model=5"),
    ("/centres/", "model=abc"),
    ("/centres/", f"model={HUGE_NUMBER}"),
    ("/centres/", "model=-1"),
    ("/centres/", "model=1.5"),
    ("/centres/", "model=%00"),
    ("/centres/", "stale=2"),
    ("/centres/", "stale=%00"),
    ("/centres/", "sort=nope"),
    ("/centres/", "sort=-name"),
    ("/centres/", "sort=name%3Bdrop"),
    ("/centres/", "page=0"),
    ("/centres/", "page=-1"),
    ("/centres/", "page=abc"),
    ("/centres/", f"page={HUGE_NUMBER}"),
    ("/centres/", "page=1e3"),
    ("/centres/", "page=%00"),
    ("/centres/", "&&&=&=="),
    ("/centres/export.csv", "q=%00"),
    ("/centres/export.csv", f"model={HUGE_NUMBER}"),
    ("/centres/export.csv", "region=..%2F..%2Fetc"),
    ("/centres/export.csv", "level=%FF"),
    ("/centres/centres.geojson", "q=%FF"),
    ("/centres/centres.geojson", "model=abc"),
    ("/centres/centres.geojson", "stale=%00&sort=%00"),
    ("/centres/municipal-tobolsk/", "x=%00"),
    ("/models/", "x=%FF"),
    ("/models/public-development/", "x=%00"),
    ("/models/compare/", f"x={LONG}"),
    ("/network/", "%FF"),
    ("/self-assessment/", "organisation=%00"),
    ("/self-assessment/", "organisation=centre&beyond_sector=maybe"),
    ("/self-assessment/", f"organisation=none&characteristics={HUGE_NUMBER}"),
    ("/self-assessment/", "organisation=none&characteristics=-1"),
    ("/self-assessment/", "organisation=none&characteristics=abc"),
    ("/self-assessment/", "organisation=none&characteristics=1.5"),
    ("/self-assessment/", "organisation=none&characteristics=%D9%A1"),
    ("/self-assessment/", "organisation=none&characteristics=%C2%B2"),
    ("/self-assessment/", "organisation=none&characteristics=12"),
    ("/self-assessment/", "organisation=none" + "&characteristics=1" * 500),
    ("/self-assessment/", "organisation=none&edit=%00"),
    ("/self-assessment/", "organisation%5B%5D=centre"),
    ("/self-assessment/", "organisation=none&municipality=%00"),
    ("/self-assessment/", "organisation=none&municipality=%FF%FE"),
    ("/self-assessment/", f"organisation=none&municipality={LONG}"),
    ("/surveys/", "x=%FF"),
    (f"/surveys/{SURVEY}/", "level=x"),
    (f"/surveys/{SURVEY}/", "region=%00"),
    (f"/surveys/{SURVEY}/", f"model={HUGE_NUMBER}"),
    (f"/surveys/{SURVEY}/", "compare=nope"),
    (f"/surveys/{SURVEY}/", "compare=%00"),
    (f"/surveys/{SURVEY}/", f"compare={SURVEY}"),
    (f"/surveys/{SURVEY}/", f"compare={LONG}"),
    (f"/surveys/{SURVEY}/results.csv", "model=abc&compare=%FF"),
    (f"/surveys/{SURVEY}/results.xlsx", "region=%00&level=%FF"),
    ("/healthz", "x=%00"),
    ("/accounts/login/", "next=https://evil.example/"),
    ("/accounts/login/", "next=%00"),
    ("/accounts/password_reset/", f"x={LONG}"),
    ("/centres/no-such-centre/", ""),
    ("/surveys/no-such-survey/results.xlsx", ""),
    ("/models/no-such-model/", ""),
]


@pytest.mark.parametrize(("path", "query"), QUERY_STRINGS)
def test_a_malformed_query_string_gets_no_server_error(network, path, query):
    before = stored_rows()
    response = Client(raise_request_exception=False).get(f"{path}?{query}")
    assert_answered_without_harm(response, before)


@pytest.fixture
def people(personas):
    personas.survey = Survey.objects.get(slug=SURVEY)
    return personas


def admin_centre_form(centre, **changes):
    """The admin's change form for a centre, with some fields replaced."""
    data = profile_post(centre)
    del data["version"]
    data.update(
        slug=centre.slug, level=centre.level, is_published="on", region=centre.region_id,
        territory=centre.territory_id or "", parent=centre.parent_id or "",
        organisational_model="", last_verified="", loaded_version=centre.version,
        _save="Сохранить",
    )  # fmt: skip
    data.update(changes)
    return data


def response_form(survey, **changes):
    data = {"respondent": "Бумажная анкета", "centre": "", "date": "", "note": ""}
    data.update(changes)
    return data


def edit(p, **changes):
    return (
        "coordinator_a",
        reverse("centres:edit", args=[p.centre_a.slug]),
        profile_post(p.centre_a, **changes),
    )


def admin_centre(p, **changes):
    return (
        "admin",
        reverse("admin:centres_centre_change", args=[p.centre_a.pk]),
        admin_centre_form(p.centre_a, **changes),
    )


def admin_response(p, **changes):
    return (
        "admin",
        f"{reverse('admin:surveys_response_add')}?survey={p.survey.pk}",
        response_form(p.survey, **changes),
    )


def other_question_option(p):
    return str(Option.objects.filter(question__survey=p.survey, question__code="directions")[0].pk)


# (persona, url, data) for a form post, built from the people and their centres.
FORM_POSTS = {
    "profile: empty name": lambda p: edit(p, name=""),
    "profile: name of 301 characters": lambda p: edit(p, name="Ж" * 301),
    "profile: NUL in the name": lambda p: edit(p, name="Центр\x00"),
    "profile: description of 5001 characters": lambda p: edit(p, description="ж" * 5001),
    "profile: NUL in the description": lambda p: edit(p, description="a\x00b"),
    "profile: address of 301 characters": lambda p: edit(p, address="ж" * 301),
    "profile: letters for a phone": lambda p: edit(p, phone="позвоните мне"),
    "profile: a phone of 60 digits": lambda p: edit(p, phone="+7" * 30),
    "profile: not an e-mail": lambda p: edit(p, email="not-an-email"),
    "profile: NUL in the e-mail": lambda p: edit(p, email="a\x00@example.org"),
    "profile: a javascript: website": lambda p: edit(p, website="javascript:alert(1)"),
    "profile: a website with a backslash": lambda p: edit(
        p, website="https://evil.example\\@vk.com/"
    ),
    "profile: a VK link to elsewhere": lambda p: edit(p, vk_url="https://evil.example\\@vk.com/"),
    "profile: a VK link with a password": lambda p: edit(p, vk_url="https://user:pw@vk.com/x"),
    "profile: a Telegram link to elsewhere": lambda p: edit(
        p, telegram_url="https://evil.example/"
    ),
    "profile: an OK link without a host": lambda p: edit(p, ok_url="https:///ok.ru"),
    "profile: letters for a latitude": lambda p: edit(p, latitude="abc"),
    "profile: latitude 1e999": lambda p: edit(p, latitude="1e999"),
    "profile: latitude 91": lambda p: edit(p, latitude="91"),
    "profile: latitude NaN": lambda p: edit(p, latitude="NaN"),
    "profile: latitude Infinity": lambda p: edit(p, latitude="Infinity"),
    "profile: longitude -181": lambda p: edit(p, longitude="-181"),
    "profile: a latitude without a longitude": lambda p: edit(p, longitude=""),
    "profile: version tampered to letters": lambda p: edit(p, version="abc", phone="+7 000 00-00"),
    "profile: version removed": lambda p: edit(p, version="", phone="+7 3456 00-00-00"),
    "profile: version of 30 digits": lambda p: edit(p, version=HUGE_NUMBER, phone="+7 3456 0"),
    "profile: version -1": lambda p: edit(p, version="-1", phone="+7 3456 11-11-11"),
    "profile: someone else's centre": lambda p: (
        "coordinator_b",
        reverse("centres:edit", args=[p.centre_a.slug]),
        profile_post(p.centre_a, name="Захвачено"),
    ),  # fmt: skip
    "confirm: version of letters": lambda p: (
        "coordinator_a",
        reverse("centres:confirm", args=[p.centre_a.slug]),
        {"version": "abc"},
    ),  # fmt: skip
    "confirm: no version": lambda p: (
        "coordinator_a",
        reverse("centres:confirm", args=[p.centre_a.slug]),
        {},
    ),  # fmt: skip
    "confirm: version of 30 digits": lambda p: (
        "coordinator_a",
        reverse("centres:confirm", args=[p.centre_a.slug]),
        {"version": HUGE_NUMBER, "next": "https://evil.example/"},
    ),  # fmt: skip
    "assessment: no centre": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"answers": "organisation=none"},
    ),  # fmt: skip
    "assessment: unknown centre": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"centre": "%00", "answers": "organisation=none"},
    ),  # fmt: skip
    "assessment: a NUL in the centre": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"centre": "municipal-tobolsk\x00", "answers": "organisation=none"},
    ),  # fmt: skip
    "assessment: someone else's centre": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"centre": p.centre_b.slug, "answers": "organisation=none"},
    ),  # fmt: skip
    "assessment: a characteristic of 30 digits": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"centre": p.centre_a.slug, "answers": f"organisation=none&characteristics={HUGE_NUMBER}"},
    ),  # fmt: skip
    "assessment: answers that are not a query string": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"centre": p.centre_a.slug, "answers": "%FF%FE\x00" * 1000},
    ),  # fmt: skip
    "assessment: a centre without the sector answer": lambda p: (
        "coordinator_a",
        reverse("models_catalog:save_self_assessment"),
        {"centre": p.centre_a.slug, "answers": "organisation=centre" + "&x=y" * 400},
    ),  # fmt: skip
    "login: NUL in the username": lambda p: (
        None,
        reverse("login"),
        {"username": "coordinator-a\x00", "password": "x"},
    ),  # fmt: skip
    "login: a password of 10,000 characters": lambda p: (
        None,
        reverse("login"),
        {"username": "coordinator-a", "password": "x" * 10_000},
    ),  # fmt: skip
    "login: a username of 1,000 characters": lambda p: (
        None,
        reverse("login"),
        {"username": "ж" * 1000, "password": "x"},
    ),  # fmt: skip
    "password reset: NUL in the address": lambda p: (
        None,
        reverse("password_reset"),
        {"email": "coordinator-a@example.org\x00"},
    ),  # fmt: skip
    "password reset: an address of 10,000 characters": lambda p: (
        None,
        reverse("password_reset"),
        {"email": "a" * 10_000 + "@example.org"},
    ),  # fmt: skip
    "password change: a wrong old password": lambda p: (
        "coordinator_a",
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "Новый-пароль-9",
            "new_password2": "Новый-пароль-9",
        },
    ),  # fmt: skip
    "password change: NUL in the new password": lambda p: (
        "coordinator_a",
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "Нов\x00ый-пароль-9",
            "new_password2": "Нов\x00ый-пароль-9",
        },
    ),  # fmt: skip
    "language switch: an unknown language and a foreign next": lambda p: (
        None,
        reverse("set_language"),
        {"language": "xx", "next": "https://evil.example/"},
    ),  # fmt: skip
    "revert: by a coordinator": lambda p: (
        "coordinator_a",
        reverse("centres:revert", args=[p.centre_a.slug, p.centre_a.history.first().history_id]),
        {},
    ),
    "revert: a version of another centre": lambda p: (
        "centre_editor",
        reverse("centres:revert", args=[p.centre_a.slug, p.centre_b.history.first().history_id]),
        {},
    ),
    "admin centre: letters for a latitude": lambda p: admin_centre(p, latitude="abc"),
    "admin centre: an empty slug": lambda p: admin_centre(p, slug=""),
    "admin centre: a slug with spaces": lambda p: admin_centre(p, slug="bad slug!"),
    "admin centre: another centre's slug": lambda p: admin_centre(p, slug=p.centre_b.slug),
    "admin centre: its own parent": lambda p: admin_centre(p, parent=p.centre_a.pk),
    "admin centre: a parent that does not exist": lambda p: admin_centre(p, parent=HUGE_NUMBER),
    "admin centre: letters for a region": lambda p: admin_centre(p, region="abc"),
    "admin centre: an unknown level": lambda p: admin_centre(p, level="galactic"),
    "admin centre: letters for a coordinator": lambda p: admin_centre(p, coordinators=["abc"]),
    "admin centre: letters for a territory": lambda p: admin_centre(p, territory="abc"),
    "admin centre: letters for a parent": lambda p: admin_centre(p, parent="abc"),
    "admin centre: a superscript digit for a parent": lambda p: admin_centre(p, parent="²"),
    "admin centre: a VK link to elsewhere": lambda p: admin_centre(
        p, vk_url="https://evil.example\\@vk.com/"
    ),
    "admin centre: a date that does not exist": lambda p: admin_centre(
        p, last_verified="2026-13-45"
    ),
    "admin response: NUL in the respondent": lambda p: admin_response(p, respondent="А\x00"),
    "admin response: a respondent of 201 characters": lambda p: admin_response(
        p, respondent="ж" * 201
    ),
    "admin response: a respondent who answered already": lambda p: admin_response(
        p, respondent="Респондент 01"
    ),
    "admin response: letters for an option": lambda p: admin_response(
        p, question_rc_functions=["abc"]
    ),
    "admin response: an option of another question": lambda p: admin_response(
        p, question_rc_functions=[other_question_option(p)]
    ),
    "admin response: a date that does not exist": lambda p: admin_response(p, date="2026-13-45"),
    "admin response: a centre that does not exist": lambda p: admin_response(
        p, centre=HUGE_NUMBER
    ),
    "admin response: a note of 301 characters": lambda p: admin_response(p, note="ж" * 301),
    "admin response: letters for a centre": lambda p: admin_response(p, centre="abc"),
    "admin history: an old version posted through the admin": lambda p: (
        "admin",
        reverse(
            "admin:centres_centre_simple_history",
            args=[p.centre_a.pk, p.centre_a.history.earliest("history_id").history_id],
        ),
        admin_centre_form(p.centre_a, phone="+7 3456 00-00-00"),
    ),
    "admin import: letters for the preview": lambda p: (
        "admin",
        reverse("admin:surveys_survey_import", args=[p.survey.pk]),
        {"pending": "abc"},
    ),  # fmt: skip
    "admin import: an empty preview": lambda p: (
        "admin",
        reverse("admin:surveys_survey_import", args=[p.survey.pk]),
        {"pending": ""},
    ),  # fmt: skip
    "admin import: a preview of 30 digits": lambda p: (
        "admin",
        reverse("admin:surveys_survey_import", args=[p.survey.pk]),
        {"pending": HUGE_NUMBER},
    ),  # fmt: skip
    "admin import: a superscript digit for the preview": lambda p: (
        "admin",
        reverse("admin:surveys_survey_import", args=[p.survey.pk]),
        {"pending": "²"},
    ),  # fmt: skip
    "admin import: no file": lambda p: (
        "admin",
        reverse("admin:surveys_survey_import", args=[p.survey.pk]),
        {},
    ),  # fmt: skip
}


def client_as(people, persona):
    client = Client(raise_request_exception=False)
    if persona:
        client.force_login(getattr(people, persona))
    return client


@pytest.mark.parametrize("case", FORM_POSTS)
def test_a_hostile_form_post_gets_no_server_error_and_changes_nothing(people, case):
    persona, url, data = FORM_POSTS[case](people)
    client = client_as(people, persona)
    before = stored_rows()
    assert_answered_without_harm(client.post(url, data), before)


# Admin pages asked for with malformed addresses, by an admin who may see them all.
ADMIN_PAGES = [
    "/admin/centres/centre/?level=%00",
    "/admin/centres/centre/?o=abc&p=-1",
    "/admin/centres/centre/?q=%FF%00",
    "/admin/surveys/response/?centre__level__exact=%00",
    "/admin/autocomplete/?app_label=surveys&model_name=response&field_name=centre&term=%00",
    "/admin/autocomplete/?app_label=nope&model_name=x&field_name=y&term=a",
    "/admin/centres/centre/{centre}/history/%00/",
    "/admin/centres/centre/{centre}/history/abc/",
    "/admin/centres/centre/abc/history/1/",
    "/admin/centres/centre/{centre}/history/99999999999999999999/",
    "/admin/surveys/response/add/?survey=%C2%B2",
    "/admin/surveys/response/add/?survey=%E2%91%B4",
    f"/admin/surveys/response/add/?survey={HUGE_NUMBER}",
    "/admin/surveys/survey/99999999999999999999/import/",
    "/admin/surveys/survey/abc/responses.xlsx",
    f"/admin/surveys/response/?survey__in={HUGE_NUMBER}",
    f"/admin/surveys/response/?centre__in={HUGE_NUMBER}",
    f"/admin/centres/centre/?parent__in={HUGE_NUMBER}",
    f"/admin/centres/centre/?region__id__in={HUGE_NUMBER}",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_malformed_admin_address_gets_no_server_error(people, url):
    client = client_as(people, "admin")
    before = stored_rows()
    response = client.get(url.format(centre=people.centre_a.pk))
    assert_answered_without_harm(response, before)


def test_the_profile_form_ignores_fields_it_does_not_have(people):
    """Publication, slug, place in the network and coordinators are the admins' to change."""
    centre = people.centre_a
    persona, url, data = edit(people, phone="+7 3456 12-34-56")
    data.update(
        is_published="", slug="taken-over", level="partner", region="1", parent="",
        coordinators=[people.outsider.pk], last_verified="2000-01-01", version=centre.version,
    )  # fmt: skip
    response = client_as(people, persona).post(url, data)
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.phone == "+7 3456 12-34-56"
    assert (centre.is_published, centre.slug, centre.level) == (
        True,
        "municipal-tobolsk",
        "municipal",
    )
    assert list(centre.coordinators.all()) == [people.coordinator_a]


def test_long_saved_answers_are_kept_in_their_short_canonical_form(people):
    answers = "characteristics=2&x=" + "y" * 2000 + "&organisation=none&characteristics=1"
    response = client_as(people, "coordinator_a").post(
        reverse("models_catalog:save_self_assessment"),
        {"centre": people.centre_a.slug, "answers": answers},
    )
    assert response.status_code == 302
    saved = people.centre_a.assessments.get()
    assert saved.answers == "organisation=none&characteristics=1&characteristics=2"


def xlsx_bytes(rows, **parts):
    buffer = io.BytesIO()
    raw_xlsx(buffer, rows, **parts)
    return buffer.getvalue()


def zip_bytes(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def damaged_lzma_workbook():
    """A workbook whose sheet is packed with LZMA, then damaged."""
    honest = xlsx_bytes([inline_row(1, "respondent"), inline_row(2, "А")])
    parts = {}
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        for name in archive.namelist():
            parts[name] = archive.read(name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    packed = bytearray(buffer.getvalue())
    start = packed.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    packed[start + 4 : start + 40] = b"\xff" * 36
    return bytes(packed)


HEADER = "respondent,centre,rc_functions\n"

# (file name, content) of answers files the import must refuse, naming why.
ANSWERS_FILES = {
    "an empty file": ("answers.csv", b""),
    "a header and no answers": ("answers.csv", HEADER.encode()),
    "only blank lines": ("answers.csv", b"\n\n\n"),
    "a NUL in a respondent": ("answers.csv", (HEADER + "А\x00Б,,\n").encode()),
    "a respondent of 201 characters": ("answers.csv", (HEADER + "ж" * 201 + ",,\n").encode()),
    "an unterminated quote": ("answers.csv", (HEADER + '"А,,\nБ,,\n').encode()),
    "a stray quote": ("answers.csv", (HEADER + '"А"Б,,\n').encode()),
    "Windows-1251": ("answers.csv", (HEADER + "Анкета,,\n").encode("cp1251")),
    "UTF-16": ("answers.csv", (HEADER + "Анкета,,\n").encode("utf-16")),
    "a formula for a respondent, once again": (
        "answers.csv",
        (HEADER + '=HYPERLINK("http://evil.example"),,\nРеспондент 01,,\n').encode(),
    ),  # fmt: skip
    "an unknown centre full of control characters": (
        "answers.csv",
        (HEADER + "А,\x1b[31mred\x07,\n").encode(),
    ),  # fmt: skip
    "300 columns": ("answers.csv", ("respondent" + ",x" * 299 + "\n").encode()),
    "a cell of 20,000 characters": (
        "answers.csv",
        (HEADER + "А,," + "ж" * 20_000 + "\n").encode(),
    ),
    "a line of 2 MB": ("answers.csv", (HEADER + "А,," + "ж" * 1_100_000 + "\n").encode()),
    "a text file": ("answers.txt", b"respondent\n"),
    "no extension": ("answers", b"respondent\n"),
    "not a workbook": ("answers.xlsx", b"respondent,centre\n"),
    "a zip without a workbook": ("answers.xlsx", zip_bytes({"hello.txt": "hi"})),
    "a workbook without a sheet": (
        "answers.xlsx",
        zip_bytes({"_rels/.rels": "<Relationships/>"}),
    ),  # fmt: skip
    "a sheet declaring A1:XFD1048576": (
        "answers.xlsx",
        xlsx_bytes(
            [inline_row(1, "respondent"), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'],
            dimension="A1:XFD1048576",
        ),
    ),
    "a row of 100,000 cells": (
        "answers.xlsx",
        xlsx_bytes(['<row r="1">' + '<c r="A1"/>' * 100_000 + "</row>"]),
    ),  # fmt: skip
    "a deflate bomb": (
        "answers.xlsx",
        xlsx_bytes(
            [inline_row(1, "respondent"), '<row r="2"><c t="inlineStr"><is><t>']
            + [" " * 1_000_000] * 130
            + ["</t></is></c></row>"]
        ),
    ),
    "a shared string that does not exist": (
        "answers.xlsx",
        xlsx_bytes(
            [inline_row(1, "respondent"), '<row r="2"><c t="s"><v>7</v></c></row>'],
            shared_strings=[],
        ),
    ),
    "a cell reference that is not one": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent"), '<row r="2"><c r="2A"><v>1</v></c></row>']),
    ),
    "broken XML": ("answers.xlsx", xlsx_bytes([inline_row(1, "respondent"), "<row><c>"])),
    "an XML encoding Python doesn't know": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent")], declaration='encoding="x-nonexistent"'),
    ),
    "a damaged LZMA part": ("answers.xlsx", damaged_lzma_workbook()),
    "a comment of 2 MB (quadratic for expat before 2.6)": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent"), "<!--", "x" * 2_000_000, "-->"]),
    ),
    "a processing instruction of 2 MB": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent"), "<?pi ", "x" * 2_000_000, "?>"]),
    ),
    "rows that do not move on": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent"), inline_row(2, "А"), inline_row(2, "Б")]),
    ),
    "a respondent holding U+FFFF": ("answers.csv", (HEADER + "А\uffffБ,,\n").encode()),
    "a negative shared-string index": (
        "answers.xlsx",
        xlsx_bytes(
            [inline_row(1, "respondent"), '<row r="2"><c t="s"><v>-1</v></c></row>'],
            shared_strings=["<si><t>Респондент 99</t></si>"],
        ),
    ),
    "a cell reference of 300,000 letters": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent"), f'<row r="2"><c r="{"A" * 300_000}2"/></row>']),
    ),
    "a row number of 30 digits": (
        "answers.xlsx",
        xlsx_bytes([inline_row(1, "respondent"), f'<row r="{HUGE_NUMBER}"/>']),
    ),  # fmt: skip
    "a CSV cell of 200,000 characters in quotes": (
        "answers.csv",
        (HEADER + 'А,,"' + "ж\n" * 100_000 + '"\n').encode(),
    ),  # fmt: skip
}


@pytest.mark.parametrize("case", ANSWERS_FILES)
def test_a_hostile_answers_file_is_refused_and_changes_nothing(people, case):
    name, content = ANSWERS_FILES[case]
    client = client_as(people, "admin")
    url = reverse("admin:surveys_survey_import", args=[people.survey.pk])
    before = stored_rows()
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert_answered_without_harm(response, before)
    html = response.content.decode()
    assert 'id="import-errors"' in html or 'class="errorlist"' in html
    assert not PendingImport.objects.exists()


def test_an_unpublished_centre_is_named_nowhere_public(people):
    """Not on any page or file open to anonymous visitors (tests/helpers.py lists them all)."""
    regional = Centre.objects.get(slug="regional-tyumen")
    Centre.objects.filter(pk=regional.pk).update(is_published=False)
    client, login = Client(), reverse("login")
    models = ["administrative", "subordinate", "municipal-resource-centre", "public-development"]
    addresses = [
        *page_addresses(),
        *file_addresses(),
        "/centres/?q=тюмень",
        people.centre_a.get_absolute_url(),  # a member of the unpublished centre
        *(f"/models/{slug}/" for slug in models),
    ]
    checked = []
    for url in addresses:
        response = client.get(url, follow=True)
        if response.redirect_chain and response.redirect_chain[-1][0].startswith(login):
            continue  # for signed-in people only
        assert response.status_code == 200, url
        checked.append(url)
        if url.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(response.content)).active
            content = " ".join(str(value) for row in sheet.values for value in row)
        else:
            content = response.content.decode()
        assert regional.name not in content, url
        assert regional.get_absolute_url() not in content, url
    # Signed-in pages aside, every page was checked, the registry's files too.
    assert {"/", "/centres/", "/network/", "/centres/export.csv", "/surveys/"} <= set(checked)
    assert "/my/" not in checked


@pytest.mark.parametrize(
    "request_with_nul",
    [
        {"path": "/centres/?level=%00"},
        {"path": "/centres/%00/"},
        {"path": "/", "HTTP_COOKIE": 'sessionid="abcdefgh\\000x"'},
    ],
)
def test_a_nul_character_anywhere_in_the_address_or_a_cookie_is_a_bad_request(
    network, request_with_nul
):
    """PostgreSQL can't compare text holding NUL; the portal refuses it before any query."""
    arguments = dict(request_with_nul)
    response = Client(raise_request_exception=False).get(arguments.pop("path"), **arguments)
    assert response.status_code == 400
    assert "Неверный запрос" in response.content.decode()


def test_an_absurdly_long_username_is_recorded_as_one_an_account_could_have(people):
    """The lock-out records can't hold more; on PostgreSQL a longer one was a server error."""
    from axes.models import AccessAttempt

    Client().post(reverse("login"), {"username": "ж" * 1000, "password": "x"})
    Client().post(reverse("admin:login"), {"username": "ю" * 1000, "password": "x"})
    assert sorted(
        len(name) for name in AccessAttempt.objects.values_list("username", flat=True)
    ) == [
        150,
        150,
    ]


# Admin lists asked for with filters and actions Django's admin can't take.
ADMIN_LISTS = [
    ("get", "/admin/centres/centre/?id__range=1", None),
    ("get", "/admin/centres/centre/?created__year=99999999999", None),
    ("get", "/admin/centres/centre/?last_verified__year__gt=99999999999999999999", None),
    ("get", "/admin/auth/user/?date_joined__year=99999999999", None),
    ("get", "/admin/axes/accessattempt/?attempt_time__year__gt=99999999999999999999", None),
    ("get", "/admin/centres/centre/?name__regex=%5E(.%7C.)*!", None),
    ("get", "/admin/auth/user/?username__iregex=(a%2B)%2B%24", None),
    ("post", "/admin/centres/centre/", {"action": "delete_selected", "_selected_action": "abc"}),
    ("post", "/admin/surveys/response/", {"action": "delete_selected", "_selected_action": "1.5"}),
]


@pytest.mark.parametrize(("method", "url", "data"), ADMIN_LISTS)
def test_a_malformed_admin_list_request_is_a_bad_request(people, method, url, data):
    client = client_as(people, "admin")
    before = stored_rows()
    response = getattr(client, method)(url, data)
    assert_answered_without_harm(response, before)
    assert response.status_code == 400


PUBLIC_READ_ONLY = ["/", "/centres/", "/centres/municipal-tobolsk/", "/centres/export.csv"]


@pytest.mark.parametrize("method", ["options", "trace", "put", "patch", "delete"])
@pytest.mark.parametrize("path", PUBLIC_READ_ONLY)
def test_a_public_page_answers_other_methods_with_405(network, path, method):
    response = Client().generic(method.upper(), path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert Client().head(path).status_code == 200


def test_a_form_sent_without_its_token_gets_a_russian_page_and_saves_nothing(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.coordinator_a)
    centre = people.centre_a
    response = client.post(
        reverse("centres:edit", args=[centre.slug]), profile_post(centre, phone="+7 1")
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Форма не отправлена" in html and "Ничего не сохранено." in html
    centre.refresh_from_db()
    assert centre.phone != "+7 1"
