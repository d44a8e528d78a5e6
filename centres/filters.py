import django_filters
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from models_catalog.models import OrganisationalModel

from .models import REGISTRY_ORDER, Level, Region

SORT_ORDERS = {
    "region": REGISTRY_ORDER,
    "level": ("level_rank", "region__order", "name"),
    "name": ("name",),
}


class FilterBarForm(forms.Form):
    """A filter bar sent with GET, so bookmarks and shared links keep the filters."""

    # Field name → Bootstrap column classes, in display order.
    columns = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "filter-bar mb-3"
        self.helper.layout = Layout(
            Row(*(Column(name, css_class=css) for name, css in self.columns.items())),
            *(name for name in self.fields if name not in self.columns),
            StrictButton(_("Show"), type="submit", css_class="btn-primary"),
            HTML(format_html('<a class="btn btn-link" href="?">{}</a>', _("Clear filters"))),
        )


class RegistryFilterForm(FilterBarForm):
    # Two rows of three on a wide screen, so long region names and «любой» fit.
    columns = {
        "q": "col-12 col-lg-4",
        "level": "col-6 col-lg-4",
        "region": "col-6 col-lg-4",
        "model": "col-6 col-lg-4",
        "stale": "col-6 col-lg-4",
        "sort": "col-12 col-lg-4",
    }


# The level, region and model filters. `path` leads from the filtered rows to a
# centre: the registry filters centres themselves, survey results filter
# responses through their centre ("centre__").


def level_filter(path=""):
    return django_filters.ChoiceFilter(
        label=_("Level"),
        field_name=f"{path}level",
        choices=Level.choices,
        empty_label=_("All levels"),
    )


def region_filter(path=""):
    return django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name=f"{path}region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )


def model_filter(path=""):
    return django_filters.ModelChoiceFilter(
        label=_("Model"),
        field_name=f"{path}organisational_model",
        queryset=OrganisationalModel.objects.all(),
        to_field_name="number",
        empty_label=_("All models"),
    )


class CentreFilter(django_filters.FilterSet):
    """Search and filters shared by the registry page, its map and its CSV."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    level = level_filter()
    region = region_filter()
    model = model_filter()
    stale = django_filters.ChoiceFilter(
        label=_("Profile"),
        method="filter_stale",
        choices=[("1", _("needs an update"))],
        empty_label=_("any"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Order"),
        method="filter_sort",
        empty_label=None,
        choices=[
            ("region", _("by region")),
            ("level", _("by level")),
            ("name", _("by name")),
        ],
    )

    class Meta:
        form = RegistryFilterForm
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_stale(self, queryset, name, value):
        return queryset.needing_update()

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERS[value])
