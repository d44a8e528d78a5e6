from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.access import get_centre_for_editor
from centres.models import Centre, Level
from centres.views import MEMBERS_SHOWN
from network_portal.cache import cache_public_page
from network_portal.downloads import csv_response, filters_not_understood
from network_portal.filters import understood_query

from .assessment import SelfAssessmentForm, assess, keep_on_profile
from .filters import ProgressFilter
from .models import (
    NETWORK_INTERACTION,
    Characteristic,
    Definition,
    InteractionForm,
    NetworkEffect,
    OrganisationalModel,
    TransformationStep,
    split_by_side,
)
from .progress import network_progress


@cache_public_page
def model_list(request):
    return render(
        request,
        "models_catalog/model_list.html",
        {"models": OrganisationalModel.objects.for_catalogue()},
    )


@cache_public_page
def model_detail(request, slug):
    model = get_object_or_404(OrganisationalModel.objects.for_detail(), slug=slug)
    return render(
        request,
        "models_catalog/model_detail.html",
        {
            "model": model,
            # A bounded list; the registry filtered by the model has them all.
            "centres": model.centres.for_registry()[:MEMBERS_SHOWN],
            "centres_count": model.centres.published().count(),
            "neighbours": OrganisationalModel.objects.filter(
                number__in=[model.number - 1, model.number + 1]
            ),
        },
    )


@cache_public_page
def model_compare(request):
    return render(
        request,
        "models_catalog/model_compare.html",
        {"models": OrganisationalModel.objects.for_comparison()},
    )


@cache_public_page
def network(request):
    pros, cons = split_by_side(NetworkEffect.objects.all())
    members = network_members()
    return render(
        request,
        "models_catalog/network.html",
        {
            "lead": Definition.objects.filter(slug=NETWORK_INTERACTION).first(),
            "forms": InteractionForm.objects.prefetch_related("purposes"),
            "pros": pros,
            "cons": cons,
            "steps": TransformationStep.objects.all(),
            "characteristics": Characteristic.objects.all(),
            "members": members,
            "descriptive_names": any(
                centre.name_is_descriptive for _level, _count, shown in members for centre in shown
            ),
        },
    )


def network_members():
    """Each level's count and its first centres; the registry filtered by level has the rest."""
    counts = Centre.objects.published().level_counts()
    return [
        (level, counts[level], list(Centre.objects.for_network_page(level)[:MEMBERS_SHOWN]))
        for level in Level.values
    ]


@cache_public_page
def self_assessment(request):
    """The form; answered, it shows the result at the same address with the answers.

    A submitted form always sends its municipality field, even empty, so a
    submit with nothing chosen is told what is missing instead of getting the
    blank form back.
    """
    form = SelfAssessmentForm(request.GET or None)
    if "edit" in request.GET or not form.is_valid():
        return render(request, "models_catalog/self_assessment.html", {"form": form})
    query = form.result_query()
    if request.META.get("QUERY_STRING") != query:
        # One address per result, whatever order or empty fields the browser sent.
        return redirect(f"{reverse('models_catalog:self_assessment')}?{query}")
    return render(
        request,
        "models_catalog/self_assessment_result.html",
        {
            "assessment": assess(form, models=OrganisationalModel.objects.for_assessment()),
            "municipality": form.cleaned_data["municipality"],
            "result_query": query,
            # Readable on paper: Cyrillic as letters, not as %D0%A2…
            "result_url": uri_to_iri(request.build_absolute_uri()),
            "my_centres": Centre.objects.coordinated_by(request.user)
            if request.user.is_authenticated
            else [],
        },
    )


@login_required
@require_POST
def save_self_assessment(request):
    """Keep a result on one of the coordinator's centres; the profile shows it and its model."""
    centre = get_centre_for_editor(request.user, request.POST.get("centre", ""))
    form = SelfAssessmentForm(QueryDict(request.POST.get("answers", "")))
    if not form.is_valid():
        messages.error(
            request, _("The answers could not be read; take the self-assessment again.")
        )
        return redirect("models_catalog:self_assessment")
    assessment = assess(form, models=OrganisationalModel.objects.all())
    keep_on_profile(centre, form, assessment, request.user)
    if assessment.model is None:
        saved = _(
            "The result is saved on the centre's profile. It finds none of the four models, "
            "so the profile names no model now."
        )
    else:
        saved = _("The result is saved on the centre's profile, and the profile takes its model.")
    messages.success(request, saved)
    return redirect(centre)


@cache_public_page
def progress(request):
    """How far the network's centres are on the path to a centre for public development."""
    centres = ProgressFilter(request.GET, queryset=Centre.objects.published())
    centres.is_valid()  # a filter not understood is left out, and marked on the form
    return render(
        request,
        "models_catalog/progress.html",
        {
            "filter": centres,
            "filtered": any(centres.form.cleaned_data.values()),
            "progress": network_progress(centres, compare=True),
            "query": understood_query(request, centres),
        },
    )


@cache_public_page
def progress_csv(request):
    centres = ProgressFilter(request.GET, Centre.objects.published())
    if refused := filters_not_understood(centres):
        return refused
    progress = network_progress(centres)
    header = ["number", "characteristic", "centres_holding", "centres_assessed", "percent"]
    rows = [
        [
            row.item.order,
            row.item.text,
            row.count,
            progress.assessed,
            "" if row.percent is None else row.percent,
        ]
        for row in progress.characteristics
    ]
    return csv_response("progress.csv", [header, *rows])
