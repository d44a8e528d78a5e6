"""The network's path to a centre for public development, counted from saved self-assessments."""

from dataclasses import dataclass
from decimal import Decimal

from surveys.results import percent

from .models import Characteristic, SavedAssessment, TransformationStep


@dataclass
class Row:
    """A characteristic or a step, with how many assessed centres hold or reach it."""

    item: object
    count: int
    percent: Decimal | None


@dataclass
class Progress:
    assessed: int
    characteristics: list
    steps: list


def network_progress(centres):
    """Figures by each published centre's latest saved self-assessment, in three queries."""
    assessments = SavedAssessment.objects.for_progress(centres)
    characteristics = list(Characteristic.objects.for_progress(assessments))
    steps = list(TransformationStep.objects.all())
    step_numbers = {step.pk: step.number for step in steps}
    required = {
        step.number: sum(
            1
            for c in characteristics
            if c.step_id is not None and step_numbers[c.step_id] <= step.number
        )
        for step in steps
    }
    counts = assessments.steps_reached(required)
    assessed = counts["assessed"]
    return Progress(
        assessed=assessed,
        characteristics=[Row(c, c.holding, percent(c.holding, assessed)) for c in characteristics],
        steps=[
            Row(
                step,
                counts[f"reached_{step.number}"],
                percent(counts[f"reached_{step.number}"], assessed),
            )
            for step in steps
        ],
    )
