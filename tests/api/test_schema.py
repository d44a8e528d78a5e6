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
    pages = (
        "чтобы пролистать 10 000 центров при размере страницы по умолчанию, нужно запросов: 500"
    )
    assert "может сделать в час запросов: 2000" in info["description"]
    assert pages in info["description"]


def every_description(document):
    """Each title, summary and description of the document, wherever it stands."""
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("title", "summary", "description") and isinstance(value, str):
                yield value
            yield from every_description(value)
    elif isinstance(document, list):
        for item in document:
            yield from every_description(item)


def test_the_document_speaks_the_portals_language(client, network):
    """Russian, as the pages are, down to the parameters DRF itself describes."""
    document = schema(client)
    assert document["info"]["title"] == "Уральская сеть ресурсных центров: API открытых данных"
    english = [
        text
        for text in every_description(document)
        if re.search(r"\b(the|a|an|of|or|is|to)\b", text, re.IGNORECASE)
    ]
    assert english == []
    centres = document["paths"]["/api/centres/"]["get"]
    assert centres["description"].startswith("Опубликованные центры")
    page = next(parameter for parameter in centres["parameters"] if parameter["name"] == "page")
    assert page["description"] == "Номер страницы, начиная с 1."


def test_the_document_is_in_english_when_asked(client, network):
    response = client.get(reverse("api:schema"), {"lang": "en"})
    info = yaml.safe_load(response.content)["info"]
    assert info["title"] == "Ural network of resource centres: open data API"
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
