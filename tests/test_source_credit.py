"""Every page of the portal credits the source document: its title and its author."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.helpers import client_for, source_lines

pytestmark = pytest.mark.django_db

SURVEY = "ural-network-functions"
ANSWERS = "organisation=centre&beyond_sector=no&characteristics=1"

# What is not a page, and why: files, POST-only actions, the admin, the health check.
NOT_PAGES = {
    "centres:export_csv": "a CSV file",
    "centres:geojson": "a GeoJSON file",
    "surveys:results_csv": "a CSV file",
    "surveys:results_xlsx": "an XLSX file",
    "centres:confirm": "POST only",
    "centres:revert": "POST only",
    "models_catalog:save_self_assessment": "POST only",
    "logout": "POST only",
    "set_language": "POST only",
    "healthz": "plain text for monitors",
}

# Pages whose address needs values: the values of a seeded network.
ARGUMENTS = {
    "centres:detail": ["municipal-tobolsk"],
    "centres:edit": ["municipal-tobolsk"],
    "centres:history": ["municipal-tobolsk"],
    "models_catalog:detail": ["municipal-resource-centre"],
    "surveys:detail": [SURVEY],
    "password_reset_confirm": ["MQ", "no-such-token"],
}


def url_names(patterns=None, namespace=None):
    """The names of every URL of the portal, outside the admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = pattern.namespace or namespace
                yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def pages():
    """The address of every page, and the self-assessment's result and a 404 besides.

    An address added to the portal is a page here unless NOT_PAGES says what else
    it is; one that needs values fails to reverse until ARGUMENTS gives them.
    """
    names = sorted(set(url_names()) - set(NOT_PAGES))
    addresses = [reverse(name, args=ARGUMENTS.get(name, [])) for name in names]
    return [
        *addresses,
        f"{reverse('models_catalog:self_assessment')}?{ANSWERS}",
        "/no-such-page/",
    ]


def source_credit():
    """The title, the author's surname and the role the footer names, from the source itself."""
    lines = [line.strip() for line in source_lines() if line.strip()]
    title, author = lines[0], lines[1]
    role = next(line for line in lines if line.startswith("ЭКСПЕРТ-КОНСУЛЬТАНТ"))
    return title, author.split()[0].capitalize(), role.lower()


def test_every_page_credits_the_source(personas):
    title, surname, role = source_credit()
    assert (title, surname, role) == (
        "Сетевое взаимодействие как фактор укрепления ресурсных центров поддержки СО НКО",
        "Попкова",
        "эксперт-консультант благотворительного фонда развития города тюмени",
    )
    anonymous, coordinator = client_for(None), client_for(personas.coordinator_a)
    for address in pages():
        response = anonymous.get(address, follow=True)
        if response.redirect_chain and response.redirect_chain[-1][0].startswith(reverse("login")):
            response = coordinator.get(address, follow=True)
        expected = 404 if address == "/no-such-page/" else 200
        assert response.status_code == expected, address
        html = response.content.decode()
        assert title in html and surname in html and role in html.lower(), address
