"""The network's path to a centre for public development, counted from saved self-assessments."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from surveys.results import percent

from .models import Characteristic, SavedAssessment, TransformationStep

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

    Three queries; with `compare`, four, adding the figures of a year earlier:
    each centre's latest result saved by then.
    """
    assessments = SavedAssessment.objects.for_progress(centres)
    earlier_date = timezone.now() - COMPARED_WITH
    earlier = SavedAssessment.objects.for_progress(centres, earlier_date) if compare else None
    characteristics = list(Characteristic.objects.for_progress(assessments, earlier))
    steps = list(TransformationStep.objects.all())
    required = required_for_steps(characteristics, steps)
    now = assessments.steps_reached(required)
    progress = Progress(
        assessed=now["assessed"],
        characteristics=[
            Row(c, c.holding, percent(c.holding, now["assessed"])) for c in characteristics
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
        then = earlier.steps_reached(required)
        if then["assessed"]:
            progress.earlier_assessed = then["assessed"]
            progress.earlier_date = earlier_date
            for row in progress.characteristics:
                row.earlier_percent = percent(row.item.holding_earlier, then["assessed"])
            for row in progress.steps:
                row.earlier_percent = percent(then[f"reached_{row.item.number}"], then["assessed"])
    return progress
