from dataclasses import dataclass

import django_filters
from django.utils.translation import gettext_lazy as _

from network_portal.filters import FilterBarForm, level_filter, model_filter, region_filter
from network_portal.text import (
    SHORTEST_PART,
    has_hidden_characters,
    in_russian_layout,
    in_russian_letters,
    letter_count,
    typed_in_latin,
)

from .models import LEVEL_ORDER, NAME_ORDER, REGISTRY_ORDER, Level, place_words_by_spelling

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


@dataclass(frozen=True)
class Suggestion:
    """Another reading of a search that found nothing: the query, how many it finds, and how."""

    query: str
    found: int
    # "layout": typed with the English layout on; "latin": a place's name in Latin letters.
    reading: str


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

    def suggestion(self):
        """A reading of a search in Latin letters that finds centres with the same filters.

        For a search that found nothing: the query as the same keys type it with
        the Russian layout on («n.vtym» is «тюмень»), else its words as the
        names of places they spell («Tyumen» is «Тюмень»). None when neither
        finds a centre. At most three queries, whatever the registry's size.
        """
        self.is_valid()  # cleans the filters once; a search refused as too long has no value
        typed = self.form.cleaned_data.get("q")
        if not typed or not typed_in_latin(typed) or has_hidden_characters(typed):
            return None
        others = self.others().qs
        layout = in_russian_layout(typed)
        if letter_count(layout) >= SHORTEST_PART and (found := self.found(others, layout)):
            return Suggestion(layout, found, "layout")
        latin = in_russian_letters(typed, place_words_by_spelling())
        if found := self.found(others, latin):
            return Suggestion(latin, found, "latin")
        return None

    def others(self):
        """The same filters without the search."""
        data = self.data.copy()
        data.pop("q", None)
        return type(self)(data, queryset=self.queryset)

    def found(self, centres, query):
        """How many of `centres` a search for `query` finds; 0 for a query it would refuse."""
        if not query or len(query) > self.form.fields["q"].max_length:
            return 0
        return centres.search(query).count()
