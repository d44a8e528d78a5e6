"""Benchmark: import 100,000 survey responses and render their results page.

Usage (from the project folder, on a database you can throw away):

    DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python bench/surveys.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/surveys.py

It migrates, seeds the network, writes an answers file for a copy of the seed
survey, imports it with `manage.py import_responses` and times the results page
(unfiltered and filtered) and the CSV export. Prints one Markdown table row.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from centres.models import Centre  # noqa: E402
from surveys.models import Survey  # noqa: E402

SLUG = "bench-functions"


def prepare():
    call_command("migrate", verbosity=0)
    call_command("seed_network", stdout=StringIO())
    Survey.objects.filter(slug=SLUG).delete()
    seed = Survey.objects.get(slug="ural-network-functions")
    bench = Survey.objects.create(slug=SLUG, title="Benchmark", is_published=True)
    for question in seed.questions.prefetch_related("options"):
        copy = bench.questions.create(code=question.code, text=question.text, order=question.order)
        copy.options.bulk_create(
            type(option)(question=copy, text=option.text, order=option.order)
            for option in question.options.all()
        )
    return bench


def write_answers(survey, responses, path):
    """An answers file: each respondent picks 1–3 options per question, at random."""
    rng = random.Random(2026)
    questions = [(q.code, [o.text for o in q.options.all()]) for q in survey.questions.all()]
    centres = list(Centre.objects.values_list("slug", flat=True)) + [""] * 10
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["respondent", "centre", *(code for code, _ in questions)])
        for number in range(responses):
            writer.writerow(
                [f"r{number:06}", rng.choice(centres)]
                + [
                    "; ".join(rng.sample(options, rng.randint(0, 3)))
                    for _code, options in questions
                ]
            )


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    survey = prepare()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.csv"
        write_answers(survey, args.responses, path)
        size_mb = path.stat().st_size / 1e6
        start = time.perf_counter()
        call_command("import_responses", SLUG, str(path), stdout=StringIO())
        import_seconds = time.perf_counter() - start

    client = Client()
    page = f"/surveys/{SLUG}/"

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    results = timed(lambda: get(page), args.repeat)
    filtered = timed(lambda: get(page + "?level=municipal&region=khmao"), args.repeat)
    export = timed(lambda: get(f"/surveys/{SLUG}/results.csv"), args.repeat)
    print(
        f"| {connection.vendor} | {args.responses:,} | {size_mb:.1f} MB | {import_seconds:.1f} s "
        f"| {results * 1000:.0f} ms | {filtered * 1000:.0f} ms | {export * 1000:.0f} ms |"
    )


if __name__ == "__main__":
    main()
