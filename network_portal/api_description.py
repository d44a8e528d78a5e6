"""The API's OpenAPI document and its interactive docs, with the headers of every answer.

Apart from network_portal.api, which DRF's settings import before its views exist.
"""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .api import OpenDataMixin


class SchemaView(OpenDataMixin, SpectacularAPIView):
    """The OpenAPI document, with Cache-Control and an ETag answered with 304."""


class DocsView(OpenDataMixin, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's files, with the same headers."""
