"""Raw responses of a survey in the answers-file format, so an export imports back."""

from collections import defaultdict

from .importing import FIXED_COLUMNS
from .models import Choice


def raw_rows(survey):
    """Header, then one row per response: respondent, centre, options per question code."""
    codes = list(survey.questions.values_list("code", flat=True))
    chosen = defaultdict(lambda: defaultdict(list))
    for response_id, code, text in (
        Choice.objects.filter(response__survey=survey)
        .order_by("option__question__order", "option__order")
        .values_list("response_id", "option__question__code", "option__text")
        .iterator(chunk_size=5000)
    ):
        chosen[response_id][code].append(text)
    yield FIXED_COLUMNS + codes
    for response in survey.responses.select_related("centre").order_by("respondent"):
        answers = chosen[response.pk]
        yield [
            response.respondent,
            response.centre.slug if response.centre else "",
            *("; ".join(answers[code]) for code in codes),
        ]
