"""Raw responses of a survey in the answers-file format, so an export imports back."""

from collections import defaultdict

from .importing import FIXED_COLUMNS
from .models import Choice, Option


def raw_rows(survey):
    """Header, then one row per response: respondent, centre, options per question code.

    The survey's options are read once; the chosen ones come as bare pairs of
    ids, so 100,000 responses take no join per choice.
    """
    options = {
        option.pk: option
        for option in Option.objects.filter(question__survey=survey).select_related("question")
    }
    chosen = defaultdict(list)
    for response_id, option_id in (
        Choice.objects.filter(response__survey=survey)
        .values_list("response_id", "option_id")
        .iterator(chunk_size=10_000)
    ):
        chosen[response_id].append(options[option_id])
    codes = list(survey.questions.values_list("code", flat=True))
    yield FIXED_COLUMNS + codes
    responses = survey.responses.order_by("respondent").values_list(
        "pk", "respondent", "centre__slug"
    )
    for pk, respondent, centre in responses.iterator(chunk_size=10_000):
        answers = defaultdict(list)
        for option in sorted(chosen[pk], key=option_order):
            answers[option.question.code].append(option.text)
        yield [respondent, centre or "", *("; ".join(answers[code]) for code in codes)]


def option_order(option):
    return (option.question.order, option.question.pk, option.order, option.pk)
