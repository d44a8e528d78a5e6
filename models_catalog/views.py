from django.shortcuts import get_object_or_404, render

from centres.models import Centre, Level

from .assessment import SelfAssessmentForm, assess
from .models import (
    Characteristic,
    Definition,
    InteractionForm,
    NetworkEffect,
    OrganisationalModel,
    Side,
    TransformationStep,
)


def model_list(request):
    return render(
        request,
        "models_catalog/model_list.html",
        {"models": OrganisationalModel.objects.for_catalogue()},
    )


def model_detail(request, slug):
    model = get_object_or_404(OrganisationalModel.objects.for_detail(), slug=slug)
    return render(
        request,
        "models_catalog/model_detail.html",
        {
            "model": model,
            "centres": model.centres.for_registry(),
            "neighbours": OrganisationalModel.objects.filter(
                number__in=[model.number - 1, model.number + 1]
            ),
        },
    )


def model_compare(request):
    return render(
        request,
        "models_catalog/model_compare.html",
        {"models": OrganisationalModel.objects.for_comparison()},
    )


def network(request):
    effects = list(NetworkEffect.objects.all())
    return render(
        request,
        "models_catalog/network.html",
        {
            "lead": Definition.objects.filter(slug="network-interaction").first(),
            "forms": InteractionForm.objects.prefetch_related("purposes"),
            "pros": [effect for effect in effects if effect.side == Side.PRO],
            "cons": [effect for effect in effects if effect.side == Side.CON],
            "steps": TransformationStep.objects.all(),
            "characteristics": Characteristic.objects.all(),
            "members": Centre.objects.for_network_page(),
            "levels": Level,
        },
    )


def self_assessment(request):
    """The form; answered, it shows the result at the same address with the answers."""
    form = SelfAssessmentForm(request.GET or None)
    if "edit" in request.GET or not form.is_valid():
        return render(request, "models_catalog/self_assessment.html", {"form": form})
    assessment = assess(
        form,
        models=OrganisationalModel.objects.for_assessment(),
        steps=TransformationStep.objects.all(),
        characteristics=Characteristic.objects.all(),
    )
    return render(
        request,
        "models_catalog/self_assessment_result.html",
        {"assessment": assessment, "form": form},
    )
