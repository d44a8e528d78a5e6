"""The registry in the JSON API: /api/centres/ and /api/centres/<slug>/."""

from django.db.models import Case, F, When
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from network_portal.api import FILTER_PARAMETERS, OpenDataMixin

from .filters import CentreFilter
from .models import Centre

# The columns a list item shows; the profile's long texts stay out of the list.
LIST_COLUMNS = [
    "slug", "name", "level", "region__short_name", "territory__name", "territory__kind",
    "organisational_model__number", "website", "email", "phone", "last_verified",
    "latitude", "longitude",
]  # fmt: skip
DETAIL_COLUMNS = [*LIST_COLUMNS, "address", "description", "vk_url", "telegram_url", "ok_url"]


def centres_for_api(columns):
    """Published centres in the registry's order, each with its published regional centre's slug.

    One query per page: the region, territory, model and regional centre are joined.
    """
    return (
        Centre.objects.for_registry()
        .annotate(public_parent_slug=Case(When(parent__is_published=True, then=F("parent__slug"))))
        .only(*columns)
    )


def coordinate(**kwargs):
    return serializers.DecimalField(
        max_digits=8, decimal_places=5, coerce_to_string=False, allow_null=True, **kwargs
    )


class CentreSerializer(serializers.ModelSerializer):
    """A centre as the registry's CSV gives it, with its place and links."""

    region = serializers.CharField(source="region.short_name", help_text="ТО, ХМАО, …")
    territory = serializers.CharField(source="territory.label", allow_null=True)
    model = serializers.IntegerField(
        source="organisational_model.number", allow_null=True, help_text="1–4 or null"
    )
    latitude = coordinate()
    longitude = coordinate()
    url = serializers.HyperlinkedIdentityField(view_name="centres:detail", lookup_field="slug")
    parent = serializers.CharField(
        source="public_parent_slug",
        allow_null=True,
        help_text="The slug of the published regional centre it works with, or null.",
    )

    class Meta:
        model = Centre
        fields = [
            "slug", "name", "level", "region", "territory", "model", "website", "email",
            "phone", "last_verified", "latitude", "longitude", "url", "parent",
        ]  # fmt: skip
        read_only_fields = fields


class CentreDetailSerializer(CentreSerializer):
    class Meta(CentreSerializer.Meta):
        fields = [
            *CentreSerializer.Meta.fields,
            "address", "description", "vk_url", "telegram_url", "ok_url",
        ]  # fmt: skip
        read_only_fields = fields


# The filters' own labels are Russian words: client generators would name classes by them.
@extend_schema_view(get=extend_schema(parameters=FILTER_PARAMETERS))
class CentreList(OpenDataMixin, generics.ListAPIView):
    """Published centres, filtered as on /centres/ and in its CSV, a page at a time."""

    queryset = centres_for_api(LIST_COLUMNS)
    serializer_class = CentreSerializer
    filterset_class = CentreFilter


class CentreDetail(OpenDataMixin, generics.RetrieveAPIView):
    """One published centre; 404 for any other slug."""

    queryset = centres_for_api(DETAIL_COLUMNS)
    serializer_class = CentreDetailSerializer
    lookup_field = "slug"
    filter_backends = []
