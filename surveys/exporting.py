"""Survey downloads: raw responses in the answers-file format, so an export imports back;
results as people read them in a spreadsheet."""

from collections import defaultdict

from django.utils.translation import gettext as _

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


def results_table(results):
    """The results for a spreadsheet: headings in the reader's language, the questions'
    texts beside their codes, and the source's published shares where it gives any.

    The CSV keeps the contract's columns for scripts (surveys.views.result_rows).
    """
    rows = list(results.rows())
    published = any(result.option.published_percent is not None for _q, result in rows)
    header = [
        _("Question"), _("Question code"), _("Option"), _("Chose it"),
        _("Responses (n)"), _("Share, %"),
    ]  # fmt: skip
    yield header + [_("In the source, %")] if published else header
    for question, result in rows:
        row = [
            question.text, question.code, result.option.text, result.count,
            results.base, result.percent,
        ]  # fmt: skip
        yield row + [result.option.published_percent] if published else row
