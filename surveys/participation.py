"""Which published centres have answered a survey wave: its response rate and reminders.

Everything is counted by the database, in a fixed number of queries whatever
the number of centres.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone

from centres.models import LEVEL_PLURALS, Centre, Level

from .models import Response
from .results import percent


def answered(survey):
    """True for a centre that has answered `survey` online (or had its answer entered)."""
    return Exists(Response.objects.filter(survey=survey, centre=OuterRef("pk")))


def missing_centres(survey):
    """Published centres that have not answered `survey`."""
    return Centre.objects.published().filter(~answered(survey))


@dataclass
class Rate:
    label: str
    answered: int
    total: int

    @property
    def percent(self):
        return percent(self.answered, self.total)


@dataclass
class ResponseRate:
    overall: Rate
    by_level: list
    by_region: list


def rate_rows(centres, survey, *group):
    """(group values…, answered, total) rows for the published centres, one GROUP BY."""
    return (
        centres.values(*group)
        .annotate(total=Count("pk"), answered=Count("pk", filter=answered(survey)))
        .values_list(*group, "answered", "total")
    )


def response_rate(survey):
    """How many published centres have answered, overall, by level and by region.

    None before the survey's answering period has begun, or when it has none
    (surveys entered from a published table, like the seed survey). Two queries.
    """
    if survey.opens_on is None or survey.opens_on > timezone.localdate():
        return None
    centres = Centre.objects.published().order_by()
    levels = {level: (n, total) for level, n, total in rate_rows(centres, survey, "level")}
    by_level = [
        Rate(LEVEL_PLURALS[level], *levels[level]) for level in Level.values if level in levels
    ]
    by_region = [
        Rate(name, n, total)
        for _order, name, n, total in rate_rows(
            centres.order_by("region__order", "region__name"),
            survey,
            "region__order",
            "region__name",
        )
    ]
    overall = Rate("", sum(rate.answered for rate in by_level), sum(r.total for r in by_level))
    return ResponseRate(overall, by_level, by_region)


def missing_centres_with_coordinators(survey):
    """The published centres still to answer, with their coordinators, for staff. Two queries."""
    coordinators = Prefetch(
        "coordinators",
        queryset=get_user_model().objects.order_by("username"),
    )
    return (
        missing_centres(survey)
        .with_level_rank()
        .select_related("region")
        .prefetch_related(coordinators)
        .order_by("region__order", "level_rank", "name")
    )


def reminder_recipients(survey):
    """Coordinator–centre links to remind, coordinators with an e-mail address; one query."""
    return (
        Centre.coordinators.through.objects.filter(
            centre__in=missing_centres(survey), user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user", "centre")
        .order_by("centre__name", "user__username")
    )
