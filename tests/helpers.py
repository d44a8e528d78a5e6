"""Helpers shared by test modules."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)


def raw_xlsx(path, sheet_data, shared_strings=None, dimension="A1", declaration=""):
    """Write a workbook by hand, part by part, as no honest spreadsheet program would.

    `sheet_data` is an iterable of XML chunks inside <sheetData> (written as a
    stream, so a test can make a part of hundreds of megabytes without holding
    it); `shared_strings` the same inside <sst>; `declaration` goes into the
    sheet's XML declaration (an encoding, say).
    """
    related = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if shared_strings is not None:
        related.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
            f'<sheet name="answers" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELATIONSHIPS}">'
            + "".join(
                f'<Relationship Id="{rid}" Type="{OFFICE}/{kind}" Target="{target}"/>'
                for rid, kind, target in related
            )
            + "</Relationships>",
        )
        write_part(
            archive,
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0" {declaration}?>'
            f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/><sheetData>',
            sheet_data,
            "</sheetData></worksheet>",
        )
        if shared_strings is not None:
            write_part(
                archive, "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">', shared_strings, "</sst>"
            )
    return path


def write_part(archive, name, head, chunks, tail):
    with archive.open(name, "w", force_zip64=True) as part:
        part.write(head.encode())
        for chunk in chunks:
            part.write(chunk.encode())
        part.write(tail.encode())


def inline_row(number, *texts):
    """A sheet row of inline strings."""
    cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in texts)
    return f'<row r="{number}">{cells}</row>'


def profile_post(centre, **changes):
    """The profile edit form as the page sends it, with some fields replaced."""
    data = {
        "name": centre.name, "description": centre.description, "address": centre.address,
        "phone": centre.phone, "email": centre.email, "website": centre.website,
        "vk_url": centre.vk_url, "telegram_url": centre.telegram_url, "ok_url": centre.ok_url,
        "latitude": centre.latitude, "longitude": centre.longitude, "version": centre.version,
        "organisational_model": centre.organisational_model_id,
    }  # fmt: skip
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


SOURCE_DOCUMENT = (
    Path(__file__).resolve().parents[2] / "shared" / "seed" / "ural-network-presentation.ru.txt"
)


def source_lines():
    """The source document's lines; CI must have it, elsewhere a test without it skips."""
    if not SOURCE_DOCUMENT.exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI must check the portal against the source document at {SOURCE_DOCUMENT}"
            )
        pytest.skip(f"the source document is not at {SOURCE_DOCUMENT}")
    return SOURCE_DOCUMENT.read_text(encoding="utf-8").splitlines()


def client_for(user):
    """A fresh test client, logged in as `user` (or anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="races between transactions need PostgreSQL's row locks",
)


# Every address of the portal outside the admin, by what it answers to GET.
FILES = {
    "centres:export_csv": "a CSV file",
    "centres:geojson": "a GeoJSON file",
    "surveys:results_csv": "a CSV file",
    "surveys:results_xlsx": "an XLSX file",
    "models_catalog:progress_csv": "a CSV file",
    "healthz": "plain text for monitors",
    "api:root": "JSON",
    "api:centre_list": "JSON",
    "api:centre_detail": "JSON",
    "api:model_list": "JSON",
    "api:survey_list": "JSON",
    "api:survey_results": "JSON",
    "api:progress": "JSON",
    "api:schema": "an OpenAPI document (YAML)",
    # Swagger UI's own markup: axe finds low-contrast text and nested buttons in it,
    # which the portal can't change (see the report of issue 13); tests/api and
    # tests/browser/test_api_docs.py check the page itself.
    "api:docs": "the vendored Swagger UI's interactive docs",
    "sitemap": "a sitemap index (XML)",
    "sitemap_section": "a sitemap (XML)",
    "robots_txt": "plain text for crawlers",
}
POST_ONLY = {
    "centres:confirm", "centres:revert", "models_catalog:save_self_assessment", "logout",
    "set_language",
}  # fmt: skip
# Addresses that need values: those of a seeded network.
URL_ARGUMENTS = {
    "centres:detail": ["municipal-tobolsk"],
    "centres:edit": ["municipal-tobolsk"],
    "centres:history": ["municipal-tobolsk"],
    "models_catalog:detail": ["municipal-resource-centre"],
    "surveys:detail": ["ural-network-functions"],
    "surveys:answer": ["ural-network-functions", "municipal-tobolsk"],
    "surveys:results_csv": ["ural-network-functions"],
    "surveys:results_xlsx": ["ural-network-functions"],
    "password_reset_confirm": ["MQ", "no-such-token"],
    "api:centre_detail": ["municipal-tobolsk"],
    "api:survey_results": ["ural-network-functions"],
    "sitemap_section": ["centres"],
}
SELF_ASSESSMENT_ANSWERS = "organisation=centre&beyond_sector=no&characteristics=1"


def url_names(patterns=None, namespace=None):
    """The names of every URL of the portal, outside the admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def address(name):
    return reverse(name, args=URL_ARGUMENTS.get(name, []))


def page_addresses():
    """Every HTML page of the portal, and the self-assessment's result besides.

    An address added to the portal counts as a page unless FILES or POST_ONLY says
    what else it is; one that needs values fails here until URL_ARGUMENTS gives them.
    Some pages need a signed-in person: anonymous visitors are sent to log in.
    """
    names = sorted(set(url_names()) - set(FILES) - POST_ONLY)
    return [
        *(address(name) for name in names),
        f"{reverse('models_catalog:self_assessment')}?{SELF_ASSESSMENT_ANSWERS}",
    ]


def file_addresses():
    """Every file the portal serves outside the admin."""
    return [address(name) for name in sorted(FILES)]


# The password tests.factories.UserFactory gives everyone.
PASSWORD = "correct horse battery staple"


def sign_in(page, user, then="/my/"):
    """Sign `user` in through the login form of a Playwright page, landing on `then`."""
    page.goto(f"/accounts/login/?next={then}")
    page.get_by_label("Имя пользователя").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"**{then}")


PROJECT = Path(__file__).resolve().parent.parent


def run_in_project(args, env):
    """Run Python in the project folder, as a separate process would; its output."""
    result = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def seeded_database_for_processes(tmp_path, database):
    """The environment of processes sharing a migrated, seeded database of their own.

    SQLite: a file under tmp_path. PostgreSQL: SIMULTANEOUS_ANSWERS_POSTGRES_URL,
    a database the test may reset (skipped without it).
    """
    if database == "postgresql":
        url = os.environ.get("SIMULTANEOUS_ANSWERS_POSTGRES_URL")
        if not url:
            pytest.skip("set SIMULTANEOUS_ANSWERS_POSTGRES_URL to a database the test may reset")
    else:
        url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "network_portal.settings",
    }
    run_in_project(["manage.py", "migrate", "--verbosity", "0"], env)
    run_in_project(["manage.py", "seed_network"], env)
    return env
