from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from centres.models import Centre
from network_portal.cache import cache_public_page
from network_portal.downloads import csv_response, filters_not_understood, xlsx_response
from network_portal.filters import understood_query

from .access import can_see_missing_respondents, get_survey_for_user
from .exporting import results_table
from .filters import ResponseFilter
from .models import Survey
from .participation import missing_centres_with_coordinators, response_rate
from .results import compute

RESULT_COLUMNS = ["question", "option", "count", "base", "percent"]


def filtered_results(request, survey):
    """The survey's response filter and its results under it."""
    filterset = ResponseFilter(request.GET, queryset=survey.responses.all())
    return filterset, compute(survey, filterset.cells())


@cache_public_page
def survey_list(request):
    surveys = Survey.objects.visible_to(request.user).for_list()
    return render(request, "surveys/survey_list.html", {"surveys": surveys})


@cache_public_page
def survey_detail(request, slug):
    survey = get_survey_for_user(request.user, slug)
    filterset, results = filtered_results(request, survey)
    compared, compare_error = None, None
    if compare_slug := filterset.form.cleaned_data.get("compare"):
        try:
            compared = get_survey_for_user(request.user, compare_slug)
        except Http404:
            compare_error = _("There is no survey «%(slug)s» to compare with.") % {
                "slug": compare_slug
            }
        else:
            filterset_other = ResponseFilter(request.GET, queryset=compared.responses.all())
            other = compute(compared, filterset_other.cells())
            results.compare_with(other).add_flows(other, filterset.qs, filterset_other.qs)
    query = understood_query(request, filterset)
    rate = response_rate(survey)
    show_missing = rate is not None and can_see_missing_respondents(request.user)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "provenance": survey.response_tallies.provenance(),
            "filter": filterset,
            "results": results,
            "compared": compared,
            "compare_error": compare_error,
            "other_surveys": Survey.objects.visible_to(request.user).exclude(pk=survey.pk),
            "query": query,
            "rate": rate,
            "missing": missing_centres_with_coordinators(survey) if show_missing else None,
            "my_centres": answering_centres(request.user, survey),
        },
    )


def answering_centres(user, survey):
    """The signed-in coordinator's centres, each to answer for while the survey is open."""
    if not user.is_authenticated or survey.answering != "open":
        return []
    return Centre.objects.coordinated_by(user)


def result_rows(results):
    """The contract's results file, header first; a percent without a base is left empty."""
    yield RESULT_COLUMNS
    for question, result in results.rows():
        yield [question.code, result.option.text, result.count, results.base, result.percent]


@cache_public_page
def results_csv(request, slug):
    survey = get_survey_for_user(request.user, slug)
    filterset, results = filtered_results(request, survey)
    if refused := filters_not_understood(filterset):
        return refused
    return csv_response(f"{survey.slug}-results.csv", result_rows(results))


@cache_public_page
def results_xlsx(request, slug):
    survey = get_survey_for_user(request.user, slug)
    filterset, results = filtered_results(request, survey)
    if refused := filters_not_understood(filterset):
        return refused
    return xlsx_response(f"{survey.slug}-results.xlsx", _("Results"), results_table(results))
