"""Every page of the portal credits the source document: its title and its author.

The pages are every address of the portal (tests/helpers.py: page_addresses).
"""

import pytest
from django.urls import reverse

from tests import source
from tests.helpers import client_for, page_addresses

pytestmark = pytest.mark.django_db


def source_credit():
    """The title, the author's surname and the role the footer names, from the source itself."""
    title, author = source.lines()[:2]
    role = next(line for line in source.lines() if line.startswith("ЭКСПЕРТ-КОНСУЛЬТАНТ"))
    return title, author.split()[0].capitalize(), role.lower()


def test_every_page_credits_the_source(personas):
    title, surname, role = source_credit()
    assert (title, surname, role) == (
        "Сетевое взаимодействие как фактор укрепления ресурсных центров поддержки СО НКО",
        "Попкова",
        "эксперт-консультант благотворительного фонда развития города тюмени",
    )
    anonymous, coordinator = client_for(None), client_for(personas.coordinator_a)
    for address in [*page_addresses(), "/no-such-page/"]:
        response = anonymous.get(address, follow=True)
        if response.redirect_chain and response.redirect_chain[-1][0].startswith(reverse("login")):
            response = coordinator.get(address, follow=True)
        expected = 404 if address == "/no-such-page/" else 200
        assert response.status_code == expected, address
        html = response.content.decode()
        assert title in html and surname in html and role in html.lower(), address
