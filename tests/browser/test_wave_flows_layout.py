"""The flows between two waves stay on a 390 px phone, under each option's figures."""

from io import StringIO

import pytest
from django.core.management import call_command

from centres.models import Centre
from surveys.models import Choice, Option, Response, Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_flows_stay_on_a_phone_screen(browser, live_server):
    call_command("seed_network", stdout=StringIO())
    earlier = Survey.objects.get(slug="ural-network-functions")
    later = earlier.copy_as_new_wave()
    Survey.objects.filter(pk=later.pk).update(is_published=True)
    for n, centre in enumerate(Centre.objects.all()[:4]):
        for survey in (earlier, later):
            response = Response.objects.create(
                survey=survey, centre=centre, respondent=f"{centre.slug}-panel"
            )
            options = Option.objects.filter(question__survey=survey).order_by("pk")
            offset = n + (survey == later)
            Choice.objects.bulk_create(
                Choice(response=response, option=option) for option in options[offset : offset + 5]
            )
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    phone = context.new_page()
    phone.goto(f"/surveys/{later.slug}/?compare={earlier.slug}")
    assert phone.locator("#common-centres").inner_text().startswith("Центров в обеих волнах: 4.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cells = phone.evaluate(
        """() => [...document.querySelectorAll('.results-table .flow')]
              .map(cell => { const rect = cell.getBoundingClientRect();
                             return [rect.left, rect.right, rect.width]; })"""
    )
    tables = phone.locator(".results-table").count()
    # Two flows for each of the source's 26 options, and two headings for each table.
    assert len(cells) == 2 * (26 + tables)
    for left, right, width in cells:
        assert 0 <= left and right <= PHONE["width"] and width > 0
    phone.locator(".results-table").first.screenshot(path="/tmp/panel-flows.png")
    context.close()
