"""A saved self-assessment keeps which characteristics hold, so pages can count them."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from models_catalog.models import SavedAssessment
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

SAVE = reverse("models_catalog:save_self_assessment")


def held_numbers(assessment):
    return sorted(assessment.characteristics.values_list("order", flat=True))


def test_saving_a_result_keeps_the_characteristics_that_hold(personas):
    answers = "organisation=centre&beyond_sector=no&characteristics=4&characteristics=11"
    client_for(personas.coordinator_a).post(
        SAVE, {"centre": personas.centre_a.slug, "answers": answers}
    )
    saved = personas.centre_a.assessments.get()
    assert held_numbers(saved) == [4, 11]
    assert saved.held == 2


def test_a_result_with_no_characteristic_keeps_none(personas):
    client_for(personas.coordinator_a).post(
        SAVE, {"centre": personas.centre_a.slug, "answers": "organisation=none"}
    )
    assert held_numbers(personas.centre_a.assessments.get()) == []


def test_results_saved_before_are_read_from_their_answers(personas):
    """The migration fills the characteristics of results saved before they were kept apart."""
    migration = importlib.import_module(
        "models_catalog.migrations.0007_characteristics_of_saved_assessments"
    )
    older = SavedAssessment.objects.create(
        centre=personas.centre_a,
        answers="organisation=centre&beyond_sector=yes&characteristics=1&characteristics=5",
        held=2,
        total=11,
    )
    none_held = SavedAssessment.objects.create(
        centre=personas.centre_b, answers="organisation=none", held=0, total=11
    )
    # A number no characteristic has any more (or never had) is left out, not an error.
    odd = SavedAssessment.objects.create(
        centre=personas.centre_b,
        answers="organisation=none&characteristics=99&characteristics=3&characteristics=3",
        held=1,
        total=11,
    )
    migration.fill_from_answers(apps, None)
    assert held_numbers(older) == [1, 5]
    assert held_numbers(none_held) == []
    assert held_numbers(odd) == [3]
