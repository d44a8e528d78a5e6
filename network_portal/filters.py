"""The filter bar: the registry and the survey results filter by a centre's level,
region and model, with the same fields and the same look."""

import django_filters
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Level, Region


class FilterBarForm(forms.Form):
    """A filter bar sent with GET, so bookmarks and shared links keep the filters."""

    # Field name → Bootstrap column classes, in display order.
    columns = {}

    @cached_property
    def helper(self):
        """How crispy-forms lays the bar out; built only when a bar is rendered afresh.

        The filter bar tag keeps the bars it rendered, and the API and the
        downloads read the same filters without showing them.
        """
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.form_class = "filter-bar mb-3"
        helper.layout = Layout(
            Row(*(Column(name, css_class=css) for name, css in self.columns.items())),
            *(name for name in self.fields if name not in self.columns),
            StrictButton(_("Show"), type="submit", css_class="btn-primary"),
            HTML(format_html('<a class="btn btn-link" href="?">{}</a>', _("Clear filters"))),
        )
        return helper


# The level, region and model filters. `path` leads from the filtered rows to a
# centre: the registry filters centres themselves, survey results filter
# responses through their centre ("centre__").


def level_filter(path="", **kwargs):
    return django_filters.ChoiceFilter(
        label=_("Level"),
        field_name=f"{path}level",
        choices=Level.choices,
        empty_label=_("All levels"),
        **kwargs,
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
    # The models are reached through the centre's link to them: the registry,
    # which uses this filter too, does not import the catalogue of models.
    models = Centre._meta.get_field("organisational_model").related_model
    return django_filters.ModelChoiceFilter(
        label=_("Model"),
        field_name=f"{path}organisational_model",
        queryset=models.objects.all(),
        to_field_name="number",
        empty_label=_("All models"),
    )


def understood_query(request, filterset, leave_out=()):
    """The query string with only the filters `filterset` understood, for links to its files.

    A file refuses a filter it can't read (downloads.filters_not_understood); the
    page leaves such a filter out and says so, and its links to the same
    selection's files and map leave it out too.
    """
    query = request.GET.copy()
    for name in [*leave_out, *filterset.errors]:
        query.pop(name, None)
    return query.urlencode()
