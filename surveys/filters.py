import django_filters
from django import forms
from django.db.models import Q

from network_portal.filters import FilterBarForm, level_filter, model_filter, region_filter

from .models import Response


class ResponseFilterForm(FilterBarForm):
    columns = {"level": "col-12 col-md-4", "region": "col-6 col-md-4", "model": "col-6 col-md-4"}


class ResponseFilter(django_filters.FilterSet):
    """Filters by the responding centre's level, region and model."""

    level = level_filter("centre__")
    region = region_filter("centre__")
    model = model_filter("centre__")

    # Kept through the filter bar so a comparison survives a change of filters.
    compare = django_filters.CharFilter(method="keep", widget=forms.HiddenInput)

    class Meta:
        model = Response
        form = ResponseFilterForm
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def cells(self):
        """What `qs` selects, as a condition on the kept counts (surveys.tallies).

        Like `qs`, it leaves out the filters whose values are not valid.
        """
        if not self.is_bound:
            return Q()
        self.form.is_valid()  # then cleaned_data holds the valid fields only
        data = self.form.cleaned_data
        cells = Q()
        if data.get("level"):
            cells &= Q(level=data["level"])
        if data.get("region") is not None:
            cells &= Q(region=data["region"].pk)
        if data.get("model") is not None:
            cells &= Q(model=data["model"].pk)
        return cells
