"""/api/schema/ is a valid OpenAPI 3 document describing every endpoint; /api/docs/ shows it."""

import re

import pytest
import yaml
from django.urls import URLPattern, reverse
from openapi_spec_validator import validate

from network_portal.urls import api_patterns

pytestmark = pytest.mark.django_db


def schema(client, **headers):
    response = client.get(reverse("api:schema"), headers=headers)
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_document_is_valid_openapi_3(client, network):
    document = schema(client)
    validate(document)
    assert document["openapi"].startswith("3.")


def test_the_document_describes_every_endpoint(client, network):
    paths = set(schema(client)["paths"])
    routes = {
        "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        for pattern in api_patterns
        if isinstance(pattern, URLPattern) and pattern.name not in {None, "root", "schema", "docs"}
    }
    assert len(routes) == 6
    assert routes == paths
    centres = schema(client)["paths"]["/api/centres/"]["get"]
    assert {"q", "level", "region", "model", "page", "page_size"} <= {
        parameter["name"] for parameter in centres["parameters"]
    }


def test_the_document_names_the_licence(client, network, settings):
    info = schema(client)["info"]
    assert info["license"]["name"] == settings.OPEN_DATA_LICENCE
    assert settings.OPEN_DATA_LICENCE in info["description"]
    assert "2000 requests an hour" in info["description"]
    assert "10,000 centres at the default page size takes 500 of them" in info["description"]


def test_the_docs_page_uses_local_scripts_only(client, network):
    page = client.get(reverse("api:docs")).content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert len(scripts) >= 3
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts), scripts
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", page)
    assert not re.search(r"<style", page)
    init = client.get(reverse("api:docs"), {"script": ""})
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in init.content.decode()
