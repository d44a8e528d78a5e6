"""Self-assessments saved at the same moment, in separate processes, keep the counts exact.

The test migrates and seeds a database of its own, then runs this module as a
script: each round, processes save results at once for two centres of one
new cell and twice for one of them, as app server workers would. It prints one
JSON line per round: the kept counts and the counts of a recount.
"""

import json
import multiprocessing
import sys
from pathlib import Path

import django
import pytest

from tests.helpers import run_in_project, seeded_database_for_processes

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 4


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_simultaneous_saves_keep_the_counts_exact(tmp_path, database):
    env = seeded_database_for_processes(tmp_path, database)
    rounds = [
        json.loads(line)
        for line in run_in_project(
            ["-m", "tests.models_catalog.test_progress_simultaneous_saves"], env
        ).splitlines()
    ]
    assert len(rounds) == ROUNDS
    for outcome in rounds:
        assert outcome["saved"] == 3
        assert outcome["assessed"] == 2  # two centres, whatever the order of the saves
        assert outcome["kept"] == outcome["recounted"]


def save(centre_pk, numbers, barrier, results):
    from django.db import connections
    from django.http import QueryDict

    from centres.models import Centre
    from models_catalog.assessment import SelfAssessmentForm, assess, keep_on_profile
    from models_catalog.models import OrganisationalModel

    connections.close_all()  # a process of its own, a connection of its own
    answers = "&".join(["organisation=specialist", *(f"characteristics={n}" for n in numbers)])
    form = SelfAssessmentForm(QueryDict(answers))
    assert form.is_valid()
    assessment = assess(form, models=OrganisationalModel.objects.all())
    centre = Centre.objects.get(pk=centre_pk)
    barrier.wait()
    try:
        keep_on_profile(centre, form, assessment, None)
        results.put(1)
    except Exception:  # SQLite may refuse a writer while another holds the lock
        results.put(0)


def main():
    django.setup()
    from django.db import connections

    from centres.models import Centre, Level, Region, Territory
    from models_catalog.filters import ProgressFilter
    from models_catalog.models import ProgressCount, SavedAssessment
    from models_catalog.progress import network_progress
    from models_catalog.progress_counts import recount_progress

    region = Region.objects.create(name="Тестовая область", short_name="ТО-2", slug="test-2")
    territory = Territory.objects.create(region=region, name="Тестовый район", slug="test-2")
    centres = [
        Centre.objects.create(
            name=f"Центр {n}",
            slug=f"test-2-{n}",
            level=Level.MUNICIPAL,
            region=region,
            territory=territory,
        ).pk
        for n in (1, 2)
    ]
    context = multiprocessing.get_context("fork")
    for round_ in range(ROUNDS):
        SavedAssessment.objects.filter(centre__in=centres).delete()
        ProgressCount.objects.filter(region_id=region.pk).delete()  # a cell never counted
        recount_progress()
        connections.close_all()
        barrier, results = context.Barrier(3), context.Queue()
        saves = [
            (centres[0], [1, 2, round_ + 3]),
            (centres[1], [1, 5]),
            (centres[0], [2, 3]),
        ]
        processes = [
            context.Process(target=save, args=(pk, numbers, barrier, results))
            for pk, numbers in saves
        ]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        saved = sum(results.get(timeout=5) for _ in processes)
        kept = sorted(ProgressCount.objects.exclude(count=0).values_list("item", "count"))
        assessed = network_progress(
            ProgressFilter({"region": region.slug}, Centre.objects.published())
        ).assessed
        recount_progress()
        recounted = sorted(ProgressCount.objects.exclude(count=0).values_list("item", "count"))
        print(
            json.dumps(
                {"saved": saved, "assessed": assessed, "kept": kept, "recounted": recounted}
            )
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
