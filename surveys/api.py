"""Published surveys and their results in the JSON API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from network_portal.api import FILTER_PARAMETERS, OpenDataMixin, filtered_or_400

from .access import get_survey_for_user
from .models import Survey
from .views import filtered_results


def percent_field(**kwargs):
    return serializers.DecimalField(
        max_digits=4, decimal_places=1, coerce_to_string=False, allow_null=True, **kwargs
    )


class SurveySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="surveys:detail", lookup_field="slug")
    results = serializers.HyperlinkedIdentityField(
        view_name="api:survey_results", lookup_field="slug"
    )
    responses = serializers.IntegerField(source="response_count")

    class Meta:
        model = Survey
        fields = [
            "slug", "title", "description", "period", "opens_on", "closes_on", "responses",
            "url", "results",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(get=extend_schema(description=_("Published surveys, newest first.")))
class SurveyList(OpenDataMixin, generics.ListAPIView):
    """Published surveys, newest first."""

    serializer_class = SurveySerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Survey.objects.visible_to(self.request.user).for_list()


class OptionResultSerializer(serializers.Serializer):
    option = serializers.CharField(source="option.text")
    count = serializers.IntegerField(help_text=_("Responses that chose it."))
    percent = percent_field(help_text=_("100 × count / base, half-up to one decimal."))
    published_percent = percent_field(
        source="option.published_percent",
        help_text=_("The share a published table gives, if any."),
    )


class QuestionResultSerializer(serializers.Serializer):
    code = serializers.CharField(source="question.code")
    text = serializers.CharField(source="question.text")
    kind = serializers.CharField(source="question.kind")
    options = OptionResultSerializer(
        many=True, help_text=_("By count descending; ties in the options' own order.")
    )


class ResultsSerializer(serializers.Serializer):
    survey = serializers.SlugField(source="survey.slug")
    title = serializers.CharField(source="survey.title")
    url = serializers.URLField(help_text=_("The results page."))
    base = serializers.IntegerField(
        source="results.base", help_text=_("Responses in the (filtered) survey.")
    )
    indicative = serializers.BooleanField(
        source="results.is_indicative",
        help_text=_("Fewer than 30 responses: the figures are indicative."),
    )
    questions = QuestionResultSerializer(many=True, source="results.questions")


class SurveyResults(OpenDataMixin, APIView):
    """One published survey's results tables, filtered as on its page and in its CSV."""

    @extend_schema(
        description=_(
            "One published survey's results tables, filtered as on its page and in its CSV."
        ),
        parameters=FILTER_PARAMETERS,
        responses=ResultsSerializer,
    )
    def get(self, request, slug):
        survey = get_survey_for_user(request.user, slug)
        filterset, results = filtered_results(request, survey)
        filtered_or_400(filterset)
        url = reverse("surveys:detail", args=[survey.slug], request=request)
        return Response(ResultsSerializer({"survey": survey, "results": results, "url": url}).data)
