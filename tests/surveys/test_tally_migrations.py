"""The kept counts survive migrations: rolling back past them, rebuilding the tables the
triggers read, migrating one app of a fresh database; and stay exact when an answer and
a change of its centre's cell race on PostgreSQL."""

import os
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from centres.models import Centre, Level
from surveys.models import Choice, Option, Response
from surveys.tallies import fresh_counts, installed_triggers, kept_counts, trigger_names
from tests.helpers import requires_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent.parent


def migrate(*args):
    call_command("migrate", *args, verbosity=0, stdout=StringIO())


def answer(survey, centre, *texts):
    response = Response.objects.create(survey=survey, respondent=str(centre), centre=centre)
    for text in texts:
        Choice.objects.create(
            response=response, option=Option.objects.get(question__survey=survey, text=text)
        )
    return response


def centres():
    return list(Centre.objects.order_by("pk")[:3])


def test_rolling_back_past_the_counts_and_forward_again(small_survey):
    tobolsk, ishim, third = centres()
    answer(small_survey, tobolsk, "Обучение", "до 5")
    try:
        migrate("surveys", "0006")
        assert installed_triggers() == []
        assert "surveys_tally" not in connection.introspection.table_names()
        # With the counts rolled back, centres and answers are still written.
        ishim.level = Level.PARTNER if ishim.level != Level.PARTNER else Level.MUNICIPAL
        ishim.save()
        Centre.objects.filter(pk=tobolsk.pk).update(region=ishim.region)
        answer(small_survey, ishim, "Гранты", "больше 5")
        Response.objects.filter(centre=third).delete()
    finally:
        migrate()
    assert installed_triggers() == sorted(trigger_names())
    # What was written while the counts were gone is counted.
    assert kept_counts(small_survey) == fresh_counts(small_survey)
    assert sum(n for n, _r in kept_counts(small_survey)[0].values()) == 2
    Centre.objects.filter(pk=ishim.pk).update(level=Level.REGIONAL)
    answer(small_survey, third, "Обучение")
    assert kept_counts(small_survey) == fresh_counts(small_survey)


def test_a_migration_rebuilding_the_centres_table(small_survey):
    """On SQLite Django remakes centres_centre to drop a column; the triggers reading it
    must not stand in the way, and must count again afterwards."""
    tobolsk, ishim, third = centres()
    answer(small_survey, tobolsk, "Обучение", "до 5")
    try:
        migrate("centres", "0009")
        answer(small_survey, ishim, "Консультации")
    finally:
        migrate()
    assert installed_triggers() == sorted(trigger_names())
    assert kept_counts(small_survey) == fresh_counts(small_survey)
    tobolsk.refresh_from_db()
    tobolsk.level = Level.REGIONAL if tobolsk.level != Level.REGIONAL else Level.PARTNER
    tobolsk.save()
    answer(small_survey, third, "Гранты")
    assert kept_counts(small_survey) == fresh_counts(small_survey)


def manage(*args, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_migrating_only_the_centres_of_a_fresh_sqlite_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    manage("migrate", "centres", "--noinput", database_url=url)
    manage("migrate", "--noinput", database_url=url)
    manage("seed_network", database_url=url)
    check = (
        "from surveys.models import Response, Survey\n"
        "from surveys.tallies import fresh_counts, installed_triggers, kept_counts\n"
        "print(Response.objects.count() > 0, len(installed_triggers()),\n"
        "      all(kept_counts(s) == fresh_counts(s) for s in Survey.objects.all()))"
    )
    triggers = len(trigger_names())
    shown = manage("shell", "-c", check, database_url=url).splitlines()[-1].split()
    assert shown == ["True", str(triggers), "True"]


def race(survey, centre, answer_first):
    """An answer from `centre` and a change of its level in two transactions, the answer
    committed last; returns whether the centre's change had to wait for the answer."""
    inserted, changed, go = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def answering():
        try:
            with transaction.atomic():
                if not answer_first:
                    changed.wait(10)
                answer(survey, centre, "Обучение", "до 5")
                inserted.set()
                go.wait(10)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            inserted.set()
            connections.close_all()

    def changing():
        try:
            with transaction.atomic():
                if answer_first:
                    inserted.wait(10)
                Centre.objects.filter(pk=centre.pk).update(level=Level.PARTNER)
                changed.set()
                if not answer_first:
                    inserted.wait(1)  # the answer waits for this commit, or is in
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            changed.set()
            connections.close_all()

    threads = [threading.Thread(target=answering), threading.Thread(target=changing)]
    for thread in threads:
        thread.start()
    if answer_first:
        inserted.wait(10)
        threads[1].join(1)  # the change waits for the answer's commit, or is done
    else:
        threads[1].join(10)  # the change commits; the answer is in before or after
    go.set()
    for thread in threads:
        thread.join(20)
    assert not errors, errors


@requires_postgresql
@pytest.mark.parametrize("answer_first", [True, False], ids=["answer-first", "change-first"])
def test_an_answer_committed_after_its_centre_changes_level(small_survey, answer_first):
    centre = Centre.objects.exclude(level=Level.PARTNER).order_by("pk").first()
    race(small_survey, centre, answer_first)
    assert Centre.objects.get(pk=centre.pk).level == Level.PARTNER
    assert Response.objects.filter(survey=small_survey).count() == 1
    kept = kept_counts(small_survey)
    assert kept == fresh_counts(small_survey)
    assert [cell[0] for cell in kept[0]] == [Level.PARTNER]
