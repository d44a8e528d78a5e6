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
    assert "Анонимный клиент может сделать до 2000 запросов в час;" in info["description"]
    assert "при размере страницы по умолчанию, нужно 500 запросов." in info["description"]


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
    assert "may make up to 2000 requests an hour" in info["description"]
    assert "10,000 centres at the default page size takes 500 of them" in info["description"]
    assert response["Content-Language"] == "en"


def test_the_document_follows_the_language_switch_and_says_so_to_caches(client, network):
    client.cookies["django_language"] = "en"
    english = client.get(reverse("api:schema"))
    assert english["Content-Language"] == "en"
    assert "Cookie" in english["Vary"]
    assert yaml.safe_load(english.content)["info"]["title"].startswith("Ural network")
    russian = client.get(reverse("api:schema"), {"lang": "ru"})
    assert russian["Content-Language"] == "ru"
    assert russian["ETag"] != english["ETag"]


def test_a_language_the_portal_does_not_speak_is_the_visitors_own(client, network):
    response = client.get(reverse("api:schema"), {"lang": "de"})
    assert response["Content-Language"] == "ru"
    assert yaml.safe_load(response.content)["info"]["title"].startswith("Уральская сеть")


def test_the_download_is_named_in_plain_letters(client, network):
    """A Russian file name would make the whole header an encoded word that clients ignore."""
    disposition = client.get(reverse("api:schema"))["Content-Disposition"]
    assert disposition == 'inline; filename="ural-network-open-data-api.yaml"'
    json_disposition = client.get(reverse("api:schema"), {"format": "json"})
    assert json_disposition["Content-Disposition"].endswith('api.json"')


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
