import django_filters

from network_portal.filters import FilterBarForm, level_filter, model_filter, region_filter


class ProgressFilterForm(FilterBarForm):
    columns = {
        "level": "col-12 col-md-4",
        "region": "col-12 col-md-4",
        "model": "col-12 col-md-4",
    }


class ProgressFilter(django_filters.FilterSet):
    """The centres the progress page and its CSV count: by level, region and model."""

    level = level_filter()
    region = region_filter()
    model = model_filter()

    class Meta:
        form = ProgressFilterForm
        fields = []
