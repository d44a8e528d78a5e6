"""The four organisational models and the network's progress in the JSON API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.models import Centre
from network_portal.api import FILTER_PARAMETERS, OpenDataMixin, filtered_or_400

from .filters import ProgressFilter
from .models import OrganisationalModel
from .progress import network_progress


def texts(help_text, **kwargs):
    """A list of strings: each pro, con or example as the source writes it."""
    return serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=help_text, **kwargs
    )


class OrganisationalModelSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="models_catalog:detail", lookup_field="slug"
    )
    pros = texts(_("The model's pros, in the source's order."))
    cons = texts(_("Its cons; an empty list where the source names none."))
    example_territories = texts(
        _("Territories the source names as examples."), source="examples.all"
    )

    class Meta:
        model = OrganisationalModel
        fields = [
            "number", "name", "slug", "url", "characteristics", "pros", "cons",
            "example_territories",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    get=extend_schema(
        description=_(
            "The four ways a municipality can organise support for NGOs, as /models/compare/ "
            "shows."
        )
    )
)
class OrganisationalModelList(OpenDataMixin, generics.ListAPIView):
    """The four ways a municipality can organise support for NGOs, as /models/compare/ shows."""

    queryset = OrganisationalModel.objects.for_comparison()
    serializer_class = OrganisationalModelSerializer
    pagination_class = None
    filter_backends = []


class CharacteristicProgressSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="item.order")
    characteristic = serializers.CharField(source="item.text")
    centres_holding = serializers.IntegerField(source="count")
    percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True
    )


class StepProgressSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="item.number")
    step = serializers.CharField(source="item.shown_text")
    centres_reaching = serializers.IntegerField(source="count")
    percent = serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True
    )


class ProgressSerializer(serializers.Serializer):
    centres_assessed = serializers.IntegerField(source="assessed")
    characteristics = CharacteristicProgressSerializer(many=True)
    steps = StepProgressSerializer(many=True)


class ProgressView(OpenDataMixin, APIView):
    """The network's path to a centre for public development, as /network/progress/ shows it.

    Published centres (filtered by level, region, model) with a saved
    self-assessment are counted by their latest one.
    """

    @extend_schema(
        description=_(
            "The network's path to a centre for public development, as /network/progress/ "
            "shows it: published centres (filtered by level, region and model) with a saved "
            "self-assessment, each counted by its latest one."
        ),
        parameters=FILTER_PARAMETERS,
        responses=ProgressSerializer,
    )
    def get(self, request):
        centres = filtered_or_400(ProgressFilter(request.GET, Centre.objects.published()))
        # Given the filter itself, the figures come from the counts kept per cell.
        return Response(ProgressSerializer(network_progress(centres)).data)
