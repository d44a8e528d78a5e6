"""Function-frequency tables: the share of respondents that chose each option."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, When

from network_portal.text import match_key

from .models import Choice

ONE_DECIMAL = Decimal("0.1")
# Below this many responses the page warns that the figures are indicative.
INDICATIVE_BASE = 30


def percent(count, base):
    """100 × count / base, rounded half-up to one decimal; None without a base."""
    if not base:
        return None
    return (Decimal(100 * count) / Decimal(base)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class OptionResult:
    option: object
    count: int
    percent: Decimal | None
    other_percent: Decimal | None = None
    # Among the centres that answered both waves: chose it now, not then; then, not now.
    took_up: int | None = None
    dropped: int | None = None

    @property
    def delta(self):
        """Change against the compared wave, in percentage points."""
        if self.percent is None or self.other_percent is None:
            return None
        return self.percent - self.other_percent


@dataclass
class QuestionResult:
    question: object
    options: list


@dataclass
class Results:
    base: int
    questions: list
    # How many centres answered both this wave and the compared one; None without a comparison.
    common: int | None = None

    @property
    def has_published(self):
        """Whether a source published figures for any option (the seed survey does)."""
        return any(result.option.published_percent is not None for _q, result in self.rows())

    @property
    def is_indicative(self):
        return 0 < self.base < INDICATIVE_BASE

    def rows(self):
        """(question, option result) in the page's order, for the exports."""
        for question_result in self.questions:
            for option_result in question_result.options:
                yield question_result.question, option_result

    def compare_with(self, other):
        """Add the other wave's percentages where question code and option text match."""
        other_percents = {
            (question.code, match_key(result.option.text)): result.percent
            for question, result in other.rows()
        }
        for question, result in self.rows():
            result.other_percent = other_percents.get(
                (question.code, match_key(result.option.text))
            )
        self.other_base = other.base
        return self

    def add_flows(self, other, responses, other_responses):
        """Count, for each option, the centres that took it up or dropped it since `other`.

        Only centres with a response among both `responses` and `other_responses` count,
        matched by centre. Three queries whatever the number of responses: the centres
        in both waves, this wave's choices grouped by option (with whether the centre
        chose the matching option then), and the other wave's choices grouped by option.
        """
        then_of = self.matching_options(other)
        common = responses.filter(
            centre__isnull=False, centre__in=other_responses.values("centre")
        )
        other_common = other_responses.filter(centre__in=common.values("centre"))
        self.common = common.count()
        if not self.common or not then_of:
            return self
        chosen_then = Choice.objects.filter(
            response__in=other_common,
            response__centre=OuterRef("response__centre"),
            option=OuterRef("then_option"),
        )
        now = (
            Choice.objects.filter(response__in=common, option__in=list(then_of))
            .annotate(
                then_option=Case(
                    *(When(option=now, then=then) for now, then in then_of.items()),
                    output_field=IntegerField(),
                )
            )
            .annotate(kept=Exists(chosen_then))
            .values("option")
            .annotate(n=Count("pk"), kept_n=Count("pk", filter=Q(kept=True)))
        )
        now = {row["option"]: (row["n"], row["kept_n"]) for row in now}
        then = dict(
            Choice.objects.filter(response__in=other_common, option__in=list(then_of.values()))
            .values("option")
            .annotate(n=Count("pk"))
            .values_list("option", "n")
        )
        for _question, result in self.rows():
            if (then_option := then_of.get(result.option.pk)) is None:
                continue
            chosen_now, kept = now.get(result.option.pk, (0, 0))
            result.took_up = chosen_now - kept
            result.dropped = then.get(then_option, 0) - kept
        return self

    def matching_options(self, other):
        """{this wave's option pk: the other wave's}, same question code and option text."""
        others = {
            (question.code, match_key(result.option.text)): result.option.pk
            for question, result in other.rows()
        }
        return {
            result.option.pk: others[key]
            for question, result in self.rows()
            if (key := (question.code, match_key(result.option.text))) in others
        }


def compute(survey, cells=None):
    """Results of `survey` over the responses from `cells` (a Q on the kept counts'
    level, region and model, as ResponseFilter.cells() gives it; None: every response).

    Four queries whatever the number of responses, each over the survey's kept
    counts or its questions (surveys.tallies): the base, the counts per option,
    the questions, their options.
    """
    cells = cells or Q()
    base = survey.response_tallies.filter(cells).aggregate(n=Sum("responses", default=0))["n"]
    counts = dict(
        survey.tallies.filter(cells)
        .values("option")
        .annotate(total=Sum("n"))
        .values_list("option", "total")
    )
    questions = []
    for question in survey.questions.prefetch_related("options"):
        options = [
            OptionResult(option, counts.get(option.pk, 0), percent(counts.get(option.pk, 0), base))
            for option in question.options.all()
        ]
        # By frequency; ties keep the options' own order (the sort is stable).
        options.sort(key=lambda result: -result.count)
        questions.append(QuestionResult(question, options))
    return Results(base=base, questions=questions)
