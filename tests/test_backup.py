"""`make backup` and `make restore` bring every centre, model, survey and response back."""

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parent.parent

# Data beyond the seed: an edited profile (with history), a coordinator,
# a saved self-assessment, a survey response from a centre and an odd timestamp.
EXTRA_DATA = """
from datetime import datetime, timezone
from django.contrib.auth.models import User
from centres.models import Centre
from models_catalog.models import SavedAssessment
from surveys.models import Option, Response
anna = User.objects.create_user("anna", "anna@example.org", "Тобольск-2026!")
centre = Centre.objects.get(slug="municipal-tobolsk")
centre.coordinators.add(anna)
centre.phone = "+7 3456 22-22-22"
centre.save()
SavedAssessment.objects.create(centre=centre, answers="organisation=none", held=0, total=11)
response = Response.objects.create(survey_id=1, respondent="Тобольск", centre=centre)
response.options.add(Option.objects.get(text="Консультирование НКО"))
# Centres that answered change their cell: the kept counts move after the answers.
others = Centre.objects.exclude(pk=centre.pk).filter(level="municipal").order_by("pk")[:3]
for other in others:
    Response.objects.create(survey_id=1, respondent=other.name, centre=other).options.add(
        Option.objects.get(text="Консультирование НКО")
    )
centre.level = "partner"
centre.save()
Centre.objects.filter(pk=others[0].pk).update(level="regional")
# A time with less than a millisecond past the second, which JSON cannot keep.
Centre.objects.filter(slug="municipal-kazym").update(
    created=datetime(2026, 3, 1, 9, 30, 15, 123, tzinfo=timezone.utc)
)
"""

SNAPSHOT = [
    "dumpdata", "--natural-foreign", "--natural-primary", "--indent", "1",
    "centres", "models_catalog", "surveys.survey", "surveys.question", "surveys.option",
    "surveys.response", "surveys.choice", "auth.user",
    "--exclude", "models_catalog.progressentry", "--exclude", "models_catalog.progresscount",
]  # fmt: skip

# The kept counts the results and progress pages read, without their row ids, and
# whether they equal a fresh count.
KEPT_COUNTS = """
from django.test import Client
from models_catalog.models import ProgressCount, ProgressEntry
from models_catalog.progress_counts import recount_progress
from surveys.models import Survey
from surveys.tallies import fresh_counts, kept_counts
CELL = ("level", "region_id", "model_id")
def progress():
    counts = ProgressCount.objects.exclude(count=0).values_list(*CELL, "item", "count")
    entries = ProgressEntry.objects.values_list("centre_id", *CELL, "items")
    return sorted(counts), sorted(entries)
surveys = Survey.objects.order_by("slug")
tallies = [sorted(kept_counts(s)[0].items()) + sorted(kept_counts(s)[1].items()) for s in surveys]
print("tallies", tallies)
print("fresh", all(kept_counts(s) == fresh_counts(s) for s in surveys))
kept = progress()
print("progress", kept)
recount_progress()
print("progress fresh", progress() == kept)
page = Client().get(Survey.objects.get(pk=1).get_absolute_url(), HTTP_HOST="localhost")
print("page", page.status_code)
"""


def to_milliseconds(snapshot):
    """Times as the JSON backup keeps them: Django's serializer writes milliseconds.

    A time with 1–999 microseconds is written «…:21.000Z» and restored as a whole
    second, which the next dump writes «…:21Z»; both are the same millisecond.
    """
    return re.sub(r'\.000(Z|[+-]\d\d:\d\d)"', r'\1"', snapshot)


def run(*command, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        command, cwd=ROOT, env={**env, "DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manage(*args, database_url):
    return run(sys.executable, "manage.py", *args, database_url=database_url)


def round_trip(source_url, target_url):
    manage("migrate", "--noinput", database_url=source_url)
    manage("seed_network", database_url=source_url)
    manage("shell", "-c", EXTRA_DATA, database_url=source_url)
    backup = run("make", "--silent", "backup", database_url=source_url).strip().splitlines()[-1]
    try:
        run("make", "--silent", "restore", f"FILE={backup}", database_url=target_url)
        before = manage(*SNAPSHOT, database_url=source_url)
        after = manage(*SNAPSHOT, database_url=target_url)
        counted = manage("shell", "--verbosity", "0", "-c", KEPT_COUNTS, database_url=target_url)
        counted_before = manage(
            "shell", "--verbosity", "0", "-c", KEPT_COUNTS, database_url=source_url
        )
    finally:
        (ROOT / backup).unlink()
    assert '"respondent": "Тобольск"' in before and '"username": "anna"' in before
    assert to_milliseconds(after) == to_milliseconds(before)
    # The results and the progress page show what they showed: counts equal a fresh count.
    assert "fresh True" in counted and "progress fresh True" in counted and "page 200" in counted
    assert "tallies [[" in counted and "progress ([(" in counted
    assert counted == counted_before


def test_a_sqlite_backup_restores_into_an_empty_database(tmp_path):
    round_trip(f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'empty.sqlite3'}")


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or not shutil.which("pg_dump"),
    reason="the pg_dump/pg_restore round trip runs when the suite runs on PostgreSQL",
)
def test_a_postgresql_backup_restores_into_an_empty_database():
    import psycopg2

    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    names = [f"portal_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("live", "empty")]
    admin = psycopg2.connect(
        dbname="postgres", user=server["USER"], password=server["PASSWORD"],
        host=server["HOST"], port=server["PORT"] or 5432,
    )  # fmt: skip
    admin.autocommit = True
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    try:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'CREATE DATABASE "{name}"')
        round_trip(f"{base}/{names[0]}", f"{base}/{names[1]}")
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
