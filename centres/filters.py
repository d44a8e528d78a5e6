import django_filters
from django.utils.translation import gettext_lazy as _

from network_portal.filters import FilterBarForm, level_filter, model_filter, region_filter

from .models import LEVEL_ORDER, NAME_ORDER, REGISTRY_ORDER, Level

SORT_ORDERS = {
    "region": REGISTRY_ORDER,
    "level": LEVEL_ORDER,
    "name": NAME_ORDER,
}


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


class CentreFilter(django_filters.FilterSet):
    """Search and filters shared by the registry page, its map and its CSV."""

    # Longer than any centre's name: a pasted text, refused with a message before
    # the address grows past what a server accepts.
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    level = level_filter(method="filter_level")
    region = region_filter()
    model = model_filter()
    stale = django_filters.ChoiceFilter(
        label=_("Profile"),
        method="filter_stale",
        choices=[
            ("1", _("needs an update: not confirmed for over a year, or never")),
            ("never", _("never confirmed yet")),
            ("overdue", _("not confirmed for over a year")),
        ],
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

    def filter_level(self, queryset, name, value):
        # The rank stands for the level in the registry's indexes (see Centre.level_rank).
        return queryset.filter(level_rank=Level.values.index(value))

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_stale(self, queryset, name, value):
        if value == "never":
            return queryset.never_confirmed()
        if value == "overdue":
            return queryset.confirmed_too_long_ago()
        return queryset.needing_update()

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERS[value])
