"""The API's root, its OpenAPI document and its interactive docs, with the headers of every answer.

Apart from network_portal.api, which DRF's settings import before its views exist.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .api import OpenDataMixin

SCHEMA_FILE_NAME = "ural-network-open-data-api"


class SchemaView(OpenDataMixin, SpectacularAPIView):
    """The OpenAPI document, with Cache-Control and an ETag answered with 304.

    In the language of ?lang= when it is one of the portal's, otherwise in the
    visitor's (the language switch's cookie), as the pages are.
    """

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = request.GET.get("lang")
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        with translation.override(language):
            response = self._get_schema_response(request)
        response["Content-Language"] = language
        # Without ?lang= the document follows the cookie: no cache may answer it to another.
        patch_vary_headers(response, ["Cookie"])
        return response

    def _get_version_parameter(self, request):
        # The API has one version. drf-spectacular would copy any ?version= into the
        # document and into the download's file name, a header a newline breaks.
        return None

    def _get_filename(self, request, version):
        # ASCII: a Russian title would make the whole header an encoded word no client reads.
        renderer, _media_type = self.perform_content_negotiation(request, force=True)
        return f"{SCHEMA_FILE_NAME}.{renderer.format}"


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
