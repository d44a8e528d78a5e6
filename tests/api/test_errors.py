"""Errors under /api/ are JSON, whatever the address, as the API's own answers are."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address", ["/api/nothing-here/", "/api/centres/x/y/", "/api/surveys/x/results/z/"]
)
def test_an_address_the_api_does_not_have_gets_a_json_404(client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Страница не найдена."}


def test_an_address_without_its_slash_is_still_sent_to_the_one_with_it(client):
    response = client.get("/api/centres")
    assert response.status_code == 301
    assert response["Location"] == "/api/centres/"


def test_a_nul_character_under_the_api_gets_a_json_400(client):
    response = client.get("/api/centres/", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_elsewhere_the_pages_stay_html(client):
    assert "text/html" in client.get("/nothing-here/")["Content-Type"]
    assert "text/html" in client.get("/centres/", {"q": "a\x00b"})["Content-Type"]


def test_the_api_s_root_gives_the_address_of_everything_it_offers(client, network):
    response = client.get("/api/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    listed = response.json()
    assert listed["centres"] == "http://testserver/api/centres/"
    assert set(listed) == {"centres", "models", "surveys", "network_progress", "schema", "docs"}
    for address in listed.values():
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_any_method_at_an_address_the_api_does_not_have_gets_the_json_404(method):
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)("/api/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Страница не найдена."}


@pytest.mark.parametrize("version", ["1\n", "1\r\nSet-Cookie: x=1", "\x01", '"', "2"])
def test_the_openapi_document_ignores_a_version_asked_for(client, version):
    """The API has one version; a ?version= is not copied into the document or its file name."""
    plain = client.get("/api/schema/")
    response = client.get("/api/schema/", {"version": version})
    assert response.status_code == 200
    assert response["Content-Disposition"] == plain["Content-Disposition"]
    assert response.content == plain.content
