"""The progress page's kept counts equal a fresh count after every kind of write."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from centres.models import Centre, Level
from models_catalog.assessment import SelfAssessmentForm, assess
from models_catalog.filters import ProgressFilter
from models_catalog.models import (
    Characteristic,
    OrganisationalModel,
    ProgressCount,
    SavedAssessment,
    TransformationStep,
)
from models_catalog.progress import fresh_progress, network_progress
from models_catalog.progress_counts import keep_progress, recount_progress
from tests.factories import CentreFactory, RegionFactory, TerritoryFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SAVE = reverse("models_catalog:save_self_assessment")

FILTERS = [
    {},
    {"level": "municipal"},
    {"level": "regional"},
    {"region": "tyumen-oblast"},
    {"region": "kept-oblast"},
    {"model": "3"},
    {"model": "4", "level": "municipal"},
]


def shown(progress):
    """Everything the page and the CSV show from the figures."""
    return (
        progress.assessed,
        progress.earlier_assessed,
        [(r.item.order, r.count, r.percent, r.earlier_percent) for r in progress.characteristics],
        [(r.item.number, r.count, r.percent, r.earlier_percent) for r in progress.steps],
    )


def kept_counts():
    return set(ProgressCount.objects.exclude(count=0).values_list(*COUNT_COLUMNS))


COUNT_COLUMNS = ["level", "region_id", "model_id", "item", "count"]


def assert_kept_equals_fresh():
    """The page's figures for every filter equal a fresh count; a recount changes nothing."""
    for data in FILTERS:
        kept = network_progress(ProgressFilter(data, Centre.objects.published()), compare=True)
        fresh = fresh_progress(ProgressFilter(data, Centre.objects.published()).qs, compare=True)
        assert shown(kept) == shown(fresh), data
    before = kept_counts()
    recount_progress()
    assert kept_counts() == before


def answers(numbers, organisation="none"):
    return "&".join([f"organisation={organisation}", *(f"characteristics={n}" for n in numbers)])


def save_online(personas, numbers, organisation="none"):
    response = client_for(personas.coordinator_a).post(
        SAVE, {"centre": personas.centre_a.slug, "answers": answers(numbers, organisation)}
    )
    assert response.status_code == 302


def save(centre, numbers, days_ago=0):
    assessment = SavedAssessment.objects.create(
        centre=centre, answers=answers(numbers), held=len(numbers), total=11
    )
    assessment.characteristics.set(Characteristic.objects.filter(order__in=numbers))
    if days_ago:
        # A bulk update bypasses the signals that keep the counts: repair the centre.
        SavedAssessment.objects.filter(pk=assessment.pk).update(
            created=timezone.now() - timedelta(days=days_ago)
        )
        keep_progress(centre.pk)
    return assessment


@pytest.fixture
def assessed(personas):
    """Centres of several cells with results, some with history a year back."""
    region = RegionFactory(slug="kept-oblast")
    model_3, model_4 = OrganisationalModel.objects.filter(number__in=[3, 4]).order_by("number")
    centres = [
        CentreFactory(level=Level.MUNICIPAL, organisational_model=model_4),
        CentreFactory(level=Level.REGIONAL, territory=TerritoryFactory(region=region)),
        CentreFactory(level=Level.MUNICIPAL, organisational_model=model_3),
        CentreFactory(level=Level.PARTNER, is_published=False),
    ]
    save(centres[0], [1, 2, 3, 4], days_ago=500)
    save(centres[0], [1, 2], days_ago=400)
    save(centres[0], [1, 2, 3, 4, 5, 10])
    save(centres[1], list(range(1, 12)), days_ago=30)
    save(centres[2], [3, 4, 5, 10, 11])
    save(centres[3], [1])
    save(personas.centre_a, [2, 4], days_ago=366)
    assert_kept_equals_fresh()
    return centres


def test_saving_a_first_result_online(personas, assessed):
    Centre.objects.filter(pk=personas.centre_a.pk).update(organisational_model=None)
    keep_progress(personas.centre_a.pk)
    SavedAssessment.objects.filter(centre=personas.centre_a).delete()
    save_online(personas, [1, 2, 10], organisation="centre&beyond_sector=yes")
    assert_kept_equals_fresh()
    assert network_progress(ProgressFilter({"model": "4"}, Centre.objects.all())).assessed == 2


def test_saving_a_second_result_for_the_same_centre(personas, assessed):
    before = network_progress(ProgressFilter({}, Centre.objects.all())).assessed
    save_online(personas, [1, 2, 3, 4])
    save_online(personas, [5], organisation="specialist")
    assert_kept_equals_fresh()
    assert network_progress(ProgressFilter({}, Centre.objects.all())).assessed == before


def test_deleting_the_latest_result_counts_the_one_before(assessed):
    SavedAssessment.objects.filter(centre=assessed[0]).order_by("-created").first().delete()
    assert_kept_equals_fresh()
    SavedAssessment.objects.filter(centre=assessed[1]).delete()
    assert_kept_equals_fresh()


def test_deleting_a_centre(assessed):
    assessed[0].delete()
    assessed[3].delete()
    assert_kept_equals_fresh()
    assert len(SavedAssessment.objects.values("centre").distinct()) == 3


def test_admin_deletes_one_result_and_several(personas, assessed):
    admin = client_for(personas.admin)
    latest = SavedAssessment.objects.filter(centre=assessed[0]).order_by("-created").first()
    response = admin.post(
        reverse("admin:models_catalog_savedassessment_delete", args=[latest.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert_kept_equals_fresh()
    response = admin.post(
        reverse("admin:models_catalog_savedassessment_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": list(
                SavedAssessment.objects.filter(centre__in=assessed[1:3]).values_list(
                    "pk", flat=True
                )
            ),
        },
    )
    assert response.status_code == 302
    assert not SavedAssessment.objects.filter(centre__in=assessed[1:3]).exists()
    assert_kept_equals_fresh()


def test_changing_a_results_characteristics(assessed):
    latest = SavedAssessment.objects.filter(centre=assessed[2]).order_by("-created").first()
    latest.characteristics.add(Characteristic.objects.get(order=1))
    assert_kept_equals_fresh()
    latest.characteristics.remove(*Characteristic.objects.filter(order__in=[3, 4]))
    assert_kept_equals_fresh()
    latest.characteristics.clear()
    assert_kept_equals_fresh()
    # From the characteristic's side: it now holds for every result.
    Characteristic.objects.get(order=7).assessments_holding.set(SavedAssessment.objects.all())
    assert_kept_equals_fresh()
    Characteristic.objects.get(order=7).assessments_holding.clear()
    assert_kept_equals_fresh()


def test_a_centre_changing_level_region_and_model(assessed):
    centre = assessed[0]
    centre.level = Level.REGIONAL
    centre.save()
    assert_kept_equals_fresh()
    centre.territory = TerritoryFactory(region=RegionFactory(slug="another-oblast"))
    centre.region = centre.territory.region
    centre.save()
    assert_kept_equals_fresh()
    centre.organisational_model = OrganisationalModel.objects.get(number=3)
    centre.save()
    assert_kept_equals_fresh()
    centre.organisational_model = None
    centre.save()
    assert_kept_equals_fresh()


def test_unpublishing_and_publishing_again(assessed):
    assessed[0].is_published = False
    assessed[0].save()
    assert_kept_equals_fresh()
    assessed[3].is_published = True
    assessed[3].save()
    assert_kept_equals_fresh()
    assert network_progress(ProgressFilter({}, Centre.objects.all())).assessed == 4


def test_a_characteristic_moving_to_another_step(assessed):
    characteristic = Characteristic.objects.get(order=5)
    characteristic.step = TransformationStep.objects.get(number=1)
    characteristic.save()
    assert_kept_equals_fresh()
    Characteristic.objects.get(order=11).delete()
    assert_kept_equals_fresh()


def test_a_model_deleted_leaves_its_centres_without_one(assessed):
    OrganisationalModel.objects.get(number=3).delete()
    assert_kept_equals_fresh()


def test_a_bulk_write_is_repaired_by_a_recount(assessed):
    Centre.objects.filter(pk=assessed[1].pk).update(level=Level.PARTNER)
    recount_progress()
    assert_kept_equals_fresh()


def steps_taken(numbers):
    """The steps before the one the self-assessment names next: all four when none is."""
    form = SelfAssessmentForm(QueryDict(answers(numbers)))
    assert form.is_valid()
    next_step = assess(form, models=OrganisationalModel.objects.all()).next_step
    return 4 if next_step is None else next_step.number - 1


def test_the_figures_match_the_self_assessment_steps(assessed):
    """A spot check of what the kept figures say, against the self-assessment's reading."""
    progress = network_progress(ProgressFilter(QueryDict(), Centre.objects.published()), True)
    assert progress.assessed == 4  # the unpublished partner is not counted
    latest = [[1, 2, 3, 4, 5, 10], list(range(1, 12)), [3, 4, 5, 10, 11], [2, 4]]
    assert [row.count for row in progress.steps] == [
        sum(steps_taken(numbers) >= step for numbers in latest) for step in range(1, 5)
    ]
    assert [row.count for row in progress.characteristics][:3] == [2, 3, 3]
    assert progress.earlier_assessed == 2  # centre 0 (saved 400 days ago) and Tobolsk


# The whole save (session, centre, result, characteristics, the centre's new model and
# history, the page cache), the kept counts included: the centre's latest result, its
# entry and characteristics, the steps, the counts taken back and added.
SAVE_QUERIES = 48


@pytest.mark.parametrize("size", [1, 40])
def test_a_save_keeps_the_counts_in_a_fixed_number_of_queries(
    personas, django_assert_num_queries, size
):
    for centre in CentreFactory.create_batch(size):
        save(centre, [1, 2])
    for _ in range(size):
        save(personas.centre_a, [3])
    with django_assert_num_queries(SAVE_QUERIES):
        save_online(personas, [1, 2, 3])
    assert_kept_equals_fresh()
