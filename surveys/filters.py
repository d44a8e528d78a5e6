import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from centres.filters import FilterBarForm
from centres.models import Level, Region
from models_catalog.models import OrganisationalModel

from .models import Response


class ResponseFilterForm(FilterBarForm):
    columns = {"level": "col-12 col-md-4", "region": "col-6 col-md-4", "model": "col-6 col-md-4"}


class ResponseFilter(django_filters.FilterSet):
    """Filters by the responding centre's level, region and model."""

    level = django_filters.ChoiceFilter(
        label=_("Level"),
        field_name="centre__level",
        choices=Level.choices,
        empty_label=_("All levels"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="centre__region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    model = django_filters.ModelChoiceFilter(
        label=_("Model"),
        field_name="centre__organisational_model",
        queryset=OrganisationalModel.objects.all(),
        to_field_name="number",
        empty_label=_("All models"),
    )

    # Kept through the filter bar so a comparison survives a change of filters.
    compare = django_filters.CharFilter(method="keep", widget=forms.HiddenInput)

    class Meta:
        model = Response
        form = ResponseFilterForm
        fields = []

    def keep(self, queryset, name, value):
        return queryset
