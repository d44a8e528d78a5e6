"""The API's root, its OpenAPI document and its interactive docs, with the headers of every answer.

Apart from network_portal.api, which DRF's settings import before its views exist.
"""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .api import OpenDataMixin


class SchemaView(OpenDataMixin, SpectacularAPIView):
    """The OpenAPI document, with Cache-Control and an ETag answered with 304."""

    def _get_version_parameter(self, request):
        # The API has one version. drf-spectacular would copy any ?version= into the
        # document and into the download's file name, a header a newline breaks.
        return None


class DocsView(OpenDataMixin, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's files, with the same headers."""


# What GET /api/ lists, by the names a client reads them under.
ENDPOINTS = {
    "centres": "api:centre_list",
    "models": "api:model_list",
    "surveys": "api:survey_list",
    "network_progress": "api:progress",
    "schema": "api:schema",
    "docs": "api:docs",
}


@extend_schema(exclude=True)
class RootView(OpenDataMixin, APIView):
    """/api/ itself: the address of each list, of the OpenAPI document and of the docs."""

    def get(self, request):
        return Response({key: reverse(name, request=request) for key, name in ENDPOINTS.items()})
