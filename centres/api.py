"""The registry in the JSON API: /api/centres/ and /api/centres/<slug>/."""

from types import SimpleNamespace
from urllib.parse import quote

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from network_portal.api import FILTER_PARAMETERS, OpenDataMixin, PagePagination

from .filters import CentreFilter
from .models import Centre
from .paging import RegistryPaginator

# The columns a list item shows; the profile's long texts stay out of the list.
LIST_COLUMNS = [
    "slug", "name", "level", "region__short_name", "territory__name", "territory__kind",
    "organisational_model__number", "website", "email", "phone", "last_verified",
    "latitude", "longitude",
]  # fmt: skip
DETAIL_COLUMNS = [*LIST_COLUMNS, "address", "description", "vk_url", "telegram_url", "ok_url"]


def centres_for_api(columns):
    """Published centres in the registry's order, each with its published regional centre's slug.

    One query per page: the region, territory and model are joined; the regional
    centre's slug is a subquery by primary key, so that counting the matches
    joins nothing and PostgreSQL counts them from an index of published centres.
    """
    parent_slug = Centre.objects.filter(pk=OuterRef("parent_id"), is_published=True).order_by()
    return (
        Centre.objects.for_registry()
        .annotate(public_parent_slug=Subquery(parent_slug.values("slug")))
        .only(*columns)
    )


class ListPaginator(RegistryPaginator):
    """Pages /api/centres/ as the registry is paged, loading the columns the list shows."""

    def page_rows(self):
        return centres_for_api(LIST_COLUMNS)


class ListPagination(PagePagination):
    django_paginator_class = ListPaginator


class ProfileUrlField(serializers.HyperlinkedIdentityField):
    """The profile's full URL, reversed once a request rather than once a centre.

    Reversing is the largest part of serialising a page; a profile's address
    differs from the next only by its slug.
    """

    PLACEHOLDER = "__slug__"

    def __init__(self, **kwargs):
        super().__init__(view_name="centres:detail", lookup_field="slug", **kwargs)

    def get_url(self, obj, view_name, request, format):
        around = self.context.get("profile_url")
        if around is None:
            url = super().get_url(
                SimpleNamespace(slug=self.PLACEHOLDER), view_name, request, format
            )
            before, _, after = url.rpartition(self.PLACEHOLDER)
            around = self.context["profile_url"] = (before, after)
        return around[0] + quote(obj.slug) + around[1]


NOT_KNOWN = _("Empty when not known.")


def coordinate(**kwargs):
    return serializers.DecimalField(
        max_digits=8, decimal_places=5, coerce_to_string=False, allow_null=True, **kwargs
    )


# A centre as the registry's CSV gives it, with its place and links. (A comment:
# the OpenAPI document would show a docstring, in English, to every client.)
class CentreSerializer(serializers.ModelSerializer):
    region = serializers.CharField(
        source="region.short_name", help_text=_("The region's short name: ТО, ХМАО, …")
    )
    territory = serializers.CharField(source="territory.label", allow_null=True)
    model = serializers.IntegerField(
        source="organisational_model.number",
        allow_null=True,
        help_text=_("The organisational model, 1 to 4, or null."),
    )
    latitude = coordinate()
    longitude = coordinate()
    url = ProfileUrlField()
    # Text, not URL or e-mail formats: a field nobody filled in is an empty string.
    website = serializers.CharField(help_text=NOT_KNOWN)
    email = serializers.CharField(help_text=NOT_KNOWN)
    parent = serializers.CharField(
        source="public_parent_slug",
        allow_null=True,
        help_text=_("The slug of the published regional centre it works with, or null."),
    )

    class Meta:
        model = Centre
        fields = [
            "slug", "name", "level", "region", "territory", "model", "website", "email",
            "phone", "last_verified", "latitude", "longitude", "url", "parent",
        ]  # fmt: skip
        read_only_fields = fields


class CentreDetailSerializer(CentreSerializer):
    vk_url = serializers.CharField(help_text=NOT_KNOWN)
    telegram_url = serializers.CharField(help_text=NOT_KNOWN)
    ok_url = serializers.CharField(help_text=NOT_KNOWN)

    class Meta(CentreSerializer.Meta):
        fields = [
            *CentreSerializer.Meta.fields,
            "address", "description", "vk_url", "telegram_url", "ok_url",
        ]  # fmt: skip
        read_only_fields = fields


# The filters' own labels are Russian words: client generators would name classes by them.
@extend_schema_view(
    get=extend_schema(
        description=_(
            "Published centres, filtered as on /centres/ and in its CSV, a page at a time."
        ),
        parameters=FILTER_PARAMETERS,
    )
)
class CentreList(OpenDataMixin, generics.ListAPIView):
    """Published centres, filtered as on /centres/ and in its CSV, a page at a time."""

    queryset = centres_for_api(LIST_COLUMNS)
    serializer_class = CentreSerializer
    filterset_class = CentreFilter
    pagination_class = ListPagination


@extend_schema_view(
    get=extend_schema(description=_("One published centre; 404 for any other slug."))
)
class CentreDetail(OpenDataMixin, generics.RetrieveAPIView):
    """One published centre; 404 for any other slug."""

    queryset = centres_for_api(DETAIL_COLUMNS)
    serializer_class = CentreDetailSerializer
    lookup_field = "slug"
    filter_backends = []
