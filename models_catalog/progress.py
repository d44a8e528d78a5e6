"""The network's path to a centre for public development, counted from saved self-assessments."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django_filters import FilterSet

from surveys.results import percent

from .models import (
    ASSESSED,
    Characteristic,
    ProgressCount,
    SavedAssessment,
    TransformationStep,
    characteristic_item,
    step_item,
)

# The page compares today's figures with those of a year earlier.
COMPARED_WITH = timedelta(days=365)


@dataclass
class Row:
    """A characteristic or a step, with how many assessed centres hold or reach it."""

    item: object
    count: int
    percent: Decimal | None
    earlier_percent: Decimal | None = None

    @property
    def delta(self):
        """Change since a year earlier, in percentage points."""
        if self.percent is None or self.earlier_percent is None:
            return None
        return self.percent - self.earlier_percent


@dataclass
class Progress:
    assessed: int
    characteristics: list
    steps: list
    earlier_assessed: int = 0
    earlier_date: object = None


def required_for_steps(characteristics, steps):
    """{step number: how many characteristics mark it and the steps before it}."""
    numbers = {step.pk: step.number for step in steps}
    return {
        step.number: sum(
            1
            for c in characteristics
            if c.step_id is not None and numbers[c.step_id] <= step.number
        )
        for step in steps
    }


def network_progress(centres, compare=False):
    """Figures by each published centre's latest saved self-assessment.

    `centres` is the page's ProgressFilter: today's figures are read from the
    counts kept per cell (one query, plus the characteristics and the steps);
    with `compare`, one more query counts the results that were latest a year
    earlier. Given a queryset of centres instead, it counts afresh.
    """
    if not isinstance(centres, FilterSet):
        return fresh_progress(centres, compare)
    centres.is_valid()  # a filter not understood is left out
    chosen = centres.form.cleaned_data
    cell = {
        key: value
        for key, value in {
            "level": chosen.get("level"),
            "region_id": chosen["region"].pk if chosen.get("region") else None,
            "model_id": chosen["model"].pk if chosen.get("model") else None,
        }.items()
        if value
    }
    kept = dict(
        ProgressCount.objects.filter(**cell)
        .order_by()
        .values("item")
        .annotate(n=Sum("count"))
        .values_list("item", "n")
    )
    characteristics = list(Characteristic.objects.order_by("order"))
    steps = list(TransformationStep.objects.all())
    assessed = kept.get(ASSESSED, 0)
    progress = Progress(
        assessed=assessed,
        characteristics=[
            Row(c, n, percent(n, assessed))
            for c in characteristics
            for n in [kept.get(characteristic_item(c.pk), 0)]
        ],
        steps=[
            Row(step, n, percent(n, assessed))
            for step in steps
            for n in [kept.get(step_item(step.number), 0)]
        ],
    )
    if compare:
        earlier_date = timezone.now() - COMPARED_WITH
        then = count_held(
            SavedAssessment.objects.for_progress(centres.qs, earlier_date).held_sets(),
            characteristics,
            steps,
        )
        compare_with(progress, then, earlier_date)
    return progress


def count_held(held_sets, characteristics, steps):
    """The figures of `SavedAssessmentQuerySet.figures()`, from the results' held sets.

    Counted here rather than by the database: the query that counts them there
    costs more to build than this costs to run, and the sets are only those
    of results that were latest a year earlier.
    """
    marked = {c.pk: c.step_id for c in characteristics}
    numbers = {step.pk: step.number for step in steps}
    figures = {"assessed": len(held_sets)}
    for c in characteristics:
        figures[f"holding_{c.pk}"] = sum(c.pk in held for held in held_sets.values())
    for step in steps:
        needed = {
            pk for pk, step_id in marked.items() if step_id and numbers[step_id] <= step.number
        }
        figures[f"reached_{step.number}"] = sum(needed <= held for held in held_sets.values())
    return figures


def compare_with(progress, then, earlier_date):
    """Give the rows the figures of a year earlier, when anybody was assessed then."""
    if not then["assessed"]:
        return
    progress.earlier_assessed = then["assessed"]
    progress.earlier_date = earlier_date
    for row in progress.characteristics:
        row.earlier_percent = percent(then[f"holding_{row.item.pk}"], then["assessed"])
    for row in progress.steps:
        row.earlier_percent = percent(then[f"reached_{row.item.number}"], then["assessed"])


def fresh_progress(centres, compare=False):
    """The same figures counted afresh from the saved results of `centres`, a queryset.

    Slow at scale (it reads every saved result); the proof that the kept counts
    are right, and the way for a caller with its own choice of centres.
    """
    characteristics = list(Characteristic.objects.order_by("order"))
    steps = list(TransformationStep.objects.all())
    required = required_for_steps(characteristics, steps)
    now = SavedAssessment.objects.for_progress(centres).figures(characteristics, required)
    progress = Progress(
        assessed=now["assessed"],
        characteristics=[
            Row(c, now[f"holding_{c.pk}"], percent(now[f"holding_{c.pk}"], now["assessed"]))
            for c in characteristics
        ],
        steps=[
            Row(
                step,
                now[f"reached_{step.number}"],
                percent(now[f"reached_{step.number}"], now["assessed"]),
            )
            for step in steps
        ],
    )
    if compare:
        earlier_date = timezone.now() - COMPARED_WITH
        then = SavedAssessment.objects.for_progress(centres, earlier_date).figures(
            characteristics, required
        )
        compare_with(progress, then, earlier_date)
    return progress
