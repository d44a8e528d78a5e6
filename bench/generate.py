"""Fill a database with a large network: 10,000 centres and 100,000 survey responses.

Usage (on a database you can throw away):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/generate.py

Migrates, seeds the network from the source, then adds generated centres
(spread over the seven regions, the three levels and the four models) and
responses to the seed survey from those centres, and one or two saved
self-assessments for each generated centre. Run it once; it refuses to add a
second batch.
"""

import argparse
import os
import random
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from centres.models import Centre, Level, Region, Territory  # noqa: E402
from models_catalog.models import Characteristic, OrganisationalModel, SavedAssessment  # noqa: E402
from models_catalog.progress_counts import recount_progress  # noqa: E402
from surveys.models import Choice, Option, Response, Survey  # noqa: E402

TOWNS = ["Сосновка", "Берёзовка", "Ивановка", "Заречный", "Луговой", "Первомайский", "Садовый"]
WORDS = ["консультации", "обучение", "гранты", "волонтёры", "молодёжь", "семьи", "культура"]


def centres(count, rng):
    regions = list(Region.objects.all())
    models = list(OrganisationalModel.objects.all()) + [None]
    hubs = {c.region_id: c for c in Centre.objects.filter(level=Level.REGIONAL)}
    territories = Territory.objects.bulk_create(
        Territory(
            name=f"{rng.choice(TOWNS)}-{number}",
            kind=Territory.Kind.LOCALITY,
            region=regions[number % len(regions)],
            slug=f"bench-place-{number}",
        )
        for number in range(count // 10)
    )
    batch = []
    for number in range(count):
        territory = territories[number % len(territories)]
        centre = Centre(
            name=f"Ресурсный центр «{rng.choice(WORDS).capitalize()}» № {number}",
            slug=f"bench-centre-{number}",
            level=rng.choice([Level.MUNICIPAL] * 6 + [Level.PARTNER] * 3 + [Level.REGIONAL]),
            region=territory.region,
            region_order=territory.region.order,
            territory=territory,
            parent=hubs.get(territory.region_id),
            organisational_model=rng.choice(models),
            description=" ".join(rng.sample(WORDS, 3)),
            address=f"ул. Центральная, {number % 200 + 1}",
            latitude=round(rng.uniform(48, 66), 5),
            longitude=round(rng.uniform(39, 77), 5),
            version=1,
        )
        centre.search_document = centre.build_search_document()
        batch.append(centre)
    Centre.objects.bulk_create(batch, batch_size=2000)


def responses(count, rng):
    survey = Survey.objects.get(slug="ural-network-functions")
    options = {}
    for option in Option.objects.filter(question__survey=survey):
        options.setdefault(option.question_id, []).append(option)
    # A centre answers a survey once; the responses beyond one per centre are
    # anonymous, as answers imported from a wider poll would be.
    centre_ids = list(Centre.objects.values_list("pk", flat=True))
    rng.shuffle(centre_ids)
    created = Response.objects.bulk_create(
        (
            Response(
                survey=survey,
                respondent=f"bench-{number:06}",
                centre_id=centre_ids[number] if number < len(centre_ids) else None,
            )
            for number in range(count)
        ),
        batch_size=5000,
    )
    Choice.objects.bulk_create(
        (
            Choice(response=response, option=option)
            for response in created
            for question_options in options.values()
            for option in rng.sample(question_options, rng.randint(0, 3))
        ),
        batch_size=10000,
    )


def assessments(rng):
    """Every generated centre keeps one or two self-assessments, the latest counting."""
    characteristics = list(Characteristic.objects.all())
    models = list(OrganisationalModel.objects.all()) + [None]
    saved = []
    for centre_id in Centre.objects.filter(slug__startswith="bench-").values_list("pk", flat=True):
        for _ in range(rng.randint(1, 2)):
            held = rng.sample(characteristics, rng.randint(0, len(characteristics)))
            numbers = "&".join(f"characteristics={c.order}" for c in held)
            saved.append(
                (
                    SavedAssessment(
                        centre_id=centre_id,
                        answers=f"organisation=centre&beyond_sector=yes&{numbers}".rstrip("&"),
                        model=rng.choice(models),
                        held=len(held),
                        total=len(characteristics),
                    ),
                    held,
                )
            )
    SavedAssessment.objects.bulk_create([assessment for assessment, _ in saved], batch_size=5000)
    SavedAssessment.characteristics.through.objects.bulk_create(
        (
            SavedAssessment.characteristics.through(
                savedassessment_id=assessment.pk, characteristic_id=characteristic.pk
            )
            for assessment, held in saved
            for characteristic in held
        ),
        batch_size=10000,
    )
    # bulk_create bypasses the saves that keep the progress counts.
    recount_progress()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--centres", type=int, default=10_000)
    parser.add_argument("--responses", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_network", stdout=StringIO())
    if Centre.objects.filter(slug__startswith="bench-").exists():
        sys.exit("This database already has generated centres.")
    rng = random.Random(2026)
    start = time.perf_counter()
    with transaction.atomic():
        centres(args.centres, rng)
        responses(args.responses, rng)
        assessments(rng)
    print(
        f"{Centre.objects.count():,} centres, {Response.objects.count():,} responses, "
        f"{Choice.objects.count():,} choices, {SavedAssessment.objects.count():,} saved "
        f"self-assessments in {time.perf_counter() - start:.0f} s"
    )


if __name__ == "__main__":
    main()
