from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from centres.models import Centre
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_saved_self_assessment_shows_on_the_network_progress_page(page, browser, live_server):
    call_command("seed_network", stdout=StringIO())
    visitor = browser.new_page(base_url=live_server.url)
    visitor.goto("/network/")
    visitor.locator("#progress-link").click()
    expect(visitor.locator("#no-assessments")).to_contain_text("Ни один центр ещё не сохранил")

    anna = UserFactory(username="anna")
    Centre.objects.get(slug="municipal-tobolsk").coordinators.add(anna)
    sign_in(page, anna)
    page.goto("/self-assessment/")
    page.get_by_label("Специализированный центр", exact=False).check()
    page.locator("#id_beyond_sector_1").check()  # «Нет»
    page.get_by_label("«заметный» стратегический субъект", exact=False).check()
    page.get_by_label("признанный партнер муниципальной власти", exact=False).check()
    page.get_by_role("button", name="Показать результат").click()
    page.get_by_role("button", name="Сохранить результат").click()
    page.wait_for_url("**/centres/municipal-tobolsk/")

    visitor.reload()
    expect(visitor.locator("#assessed")).to_have_text("Центров с сохранённой самооценкой: n = 1")
    expect(visitor.locator('#steps tr[data-number="1"] .count')).to_have_text("1")
    expect(visitor.locator('#characteristics tr[data-number="3"] .percent')).to_have_text(
        "0,0\u00a0%"
    )
    visitor.get_by_label("Уровень").select_option("regional")
    visitor.get_by_role("button", name="Показать").click()
    expect(visitor.locator("#no-assessments")).to_contain_text("подходящий под эти фильтры")
    visitor.close()
