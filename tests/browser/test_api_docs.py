"""The API's interactive docs work under the site's strict CSP, from the portal's own files."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page):
    """Every request the page makes, and every console message about the CSP."""
    requests, refused = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused" in message.text
            else None
        ),
    )
    return requests, refused


def test_the_docs_show_every_endpoint_with_no_script_from_elsewhere(page, live_server):
    call_command("seed_network", stdout=StringIO())
    requests, refused = watch(page)
    page.goto("/api/docs/")
    page.locator(".swagger-ui .opblock").first.wait_for()
    operations = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert {"/api/centres/", "/api/models/", "/api/network/progress/"} <= {
        text.replace("\u200b", "") for text in operations
    }
    assert refused == []
    elsewhere = [url for url in requests if not url.startswith(live_server.url)]
    assert elsewhere == []
    assert any(url.endswith("swagger-ui-bundle.js") for url in requests)

    # Try it out: the docs call the API and show its answer.
    page.locator(".opblock-summary-path", has_text="/api/models/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".response-col_status", has_text="200").first.wait_for()
    assert refused == []


def test_a_profile_s_structured_data_breaks_no_rule_of_the_csp(page, live_server):
    call_command("seed_network", stdout=StringIO())
    _requests, refused = watch(page)
    page.goto("/centres/municipal-tobolsk/")
    assert page.locator('script[type="application/ld+json"]').count() == 2
    assert refused == []
