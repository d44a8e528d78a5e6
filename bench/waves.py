"""Benchmark: every centre of a large network answers a survey wave and saves a self-assessment.

Usage (from the project folder; the database is thrown away, SQLite under /tmp by default):

    .venv/bin/python bench/waves.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_waves \
        .venv/bin/python bench/waves.py --centres 10000

It migrates, seeds the network, grows it to `--centres` centres with one
coordinator each (`bench/generate.py`'s centres), opens a new wave of the seed
survey, then for every centre logs its coordinator in and POSTs the
questionnaire (`/surveys/<slug>/answer/<centre>/`), then POSTs a
self-assessment for every centre (`/self-assessment/save/`). Only the POST is
timed. Last, it times `/network/progress/`, `/network/progress.csv` and the
wave's results page filtered by level, uncached (`PAGE_CACHE_SECONDS=0`,
`DJANGO_DEBUG=0`); on PostgreSQL, again after `ANALYZE`. Prints a Markdown table.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")
# Never the project's own db.sqlite3: a file of its own under /tmp unless told otherwise.
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'portal-bench-waves.sqlite3'}"
)
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from generate import centres as generate_centres  # noqa: E402

from centres.models import Centre  # noqa: E402
from models_catalog.models import Characteristic  # noqa: E402
from surveys.forms import QUESTION_PREFIX  # noqa: E402
from surveys.models import Response, Survey  # noqa: E402


def prepare(count, rng):
    """The seeded network grown to `count` centres, one coordinator each, and an open wave."""
    if connection.vendor == "sqlite":
        name = settings.DATABASES["default"]["NAME"]
        if Path(name).resolve() == (Path(settings.BASE_DIR) / "db.sqlite3").resolve():
            sys.exit("Give a database to throw away, not the project's db.sqlite3.")
        for suffix in ["", "-wal", "-shm"]:
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("seed_network", stdout=StringIO())
    if Centre.objects.filter(slug__startswith="bench-").exists():
        sys.exit("This database already has generated centres; give an empty one.")
    with transaction.atomic():
        missing = count - Centre.objects.count()
        if missing > 0:
            generate_centres(missing, rng)
        User = get_user_model()
        centres = list(Centre.objects.order_by("pk")[:count])
        users = User.objects.bulk_create(
            User(username=f"bench-coordinator-{centre.pk}") for centre in centres
        )
        Centre.coordinators.through.objects.bulk_create(
            Centre.coordinators.through(centre=centre, user=user)
            for centre, user in zip(centres, users, strict=True)
        )
        wave = Survey.objects.get(slug="ural-network-functions").copy_as_new_wave()
        today = timezone.localdate()
        wave.opens_on, wave.closes_on = today - timedelta(days=1), today + timedelta(days=30)
        wave.is_published = True
        wave.save()
    # The coordinator's user object is what force_login needs; ids are assigned above.
    return wave, list(zip(centres, users, strict=True))


def answers(questions, rng):
    """A filled questionnaire: one option or none for a single-choice question, 0–3 otherwise."""
    data = {}
    for question in questions:
        options = [str(option.pk) for option in question.options.all()]
        if question.is_multiple:
            data[QUESTION_PREFIX + question.code] = rng.sample(options, rng.randint(0, 3))
        else:
            data[QUESTION_PREFIX + question.code] = rng.choice(options)
    return {key: value for key, value in data.items() if value}


def self_assessment(numbers, rng):
    organisation = rng.choice(["specialist", "institution", "centre", "centre", "none"])
    pairs = [("organisation", organisation)]
    if organisation == "centre":
        pairs.append(("beyond_sector", rng.choice(["yes", "no"])))
    pairs += [("characteristics", n) for n in sorted(rng.sample(numbers, rng.randint(0, 11)))]
    return urlencode(pairs)


def saves(coordinated, post):
    """Log each coordinator in and time `post(client, centre)` alone; the seconds of each."""
    client = Client()
    times = []
    for centre, user in coordinated:
        client.force_login(user)
        start = time.perf_counter()
        response = post(client, centre)
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, (centre.slug, response.status_code)
    return times


def page(client, url, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return times


def row(label, count, times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"| {label} | {count:,} | {statistics.median(times) * 1000:.1f} ms "
        f"| {p95 * 1000:.1f} ms | {sum(times):.1f} s |"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--centres", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="requests per page timed")
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    # Production settings, but static files by their plain names: no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rng = random.Random(2026)
    start = time.perf_counter()
    wave, coordinated = prepare(args.centres, rng)
    print(f"{connection.vendor}: {len(coordinated):,} centres ready in "
          f"{time.perf_counter() - start:.0f} s", file=sys.stderr)  # fmt: skip

    questions = list(wave.questions.prefetch_related("options"))
    answered = saves(
        coordinated,
        lambda client, centre: client.post(
            reverse("surveys:answer", args=[wave.slug, centre.slug]), answers(questions, rng)
        ),
    )
    assert wave.responses.count() == len(coordinated)
    numbers = list(Characteristic.objects.values_list("order", flat=True))
    assessed = saves(
        coordinated,
        lambda client, centre: client.post(
            reverse("models_catalog:save_self_assessment"),
            {"centre": centre.slug, "answers": self_assessment(numbers, rng)},
        ),
    )

    client = Client()
    results = reverse("surveys:detail", args=[wave.slug])
    pages = {
        "/network/progress/": "/network/progress/",
        "/network/progress/?level=municipal": "/network/progress/?level=municipal",
        "/network/progress.csv": "/network/progress.csv",
        "survey results ?level=municipal": results + "?level=municipal",
    }
    print(f"\n{connection.vendor}, {len(coordinated):,} centres, "
          f"{Response.objects.filter(survey=wave).count():,} answers\n")  # fmt: skip
    print("| request | count | median | p95 | total |")
    print("| --- | --- | --- | --- | --- |")
    print(row("questionnaire POST", len(answered), answered))
    print(row("self-assessment POST", len(assessed), assessed))
    for label, url in pages.items():
        print(row(label, args.repeat, page(client, url, args.repeat)))
    if connection.vendor == "postgresql":
        # Right after the saves the planner has no statistics of the new rows
        # (autovacuum analyzes later); the same pages again once it has them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for label, url in pages.items():
            print(row(f"{label} (after ANALYZE)", args.repeat, page(client, url, args.repeat)))


if __name__ == "__main__":
    main()
