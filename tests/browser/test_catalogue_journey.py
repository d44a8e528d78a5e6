from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from models_catalog.models import OrganisationalModel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_municipal_official_compares_the_models_and_assesses_the_territory(page):
    call_command("seed_network", stdout=StringIO())

    page.goto("/")
    page.get_by_role("link", name="Модели", exact=True).click()
    page.wait_for_url("**/models/")
    assert page.locator(".model-card").count() == 4

    page.get_by_role("link", name="Сравнить четыре модели").click()
    page.wait_for_url("**/models/compare/")
    assert page.locator(".compare-table thead th").count() == 5
    assert page.get_by_text("Минусы этой модели в источнике не названы.").is_visible()

    page.get_by_role("link", name="Какая модель у вас? Пройдите самооценку").click()
    page.wait_for_url("**/self-assessment/")
    page.get_by_label("Специализированный центр", exact=False).check()
    page.get_by_role("button", name="Показать результат").click()
    # The form comes back asking the question that decides between models 3 and 4.
    expect(page.locator("#form-errors")).to_be_visible()
    page.locator("#id_beyond_sector_1").check()  # «Нет»
    page.get_by_label("признанный партнер муниципальной власти", exact=False).check()
    page.get_by_label("«заметный» стратегический субъект", exact=False).check()
    page.get_by_role("button", name="Показать результат").click()

    page.wait_for_url("**/self-assessment/?*organisation=centre*")
    assert (
        "Модель 3: «Муниципальный ресурсный центр»" in page.locator("#result-model").inner_text()
    )
    assert page.locator("#score").inner_text() == "Выполняется 2 из 11"
    assert "Шаг 2." in page.locator("#next-step").inner_text()

    result_url = page.url
    page.locator("#next-model").get_by_role("link", name="с. Казым Белоярского района").click()
    page.wait_for_url("**/centres/municipal-kazym/")
    assert "Модель 4" in page.locator("main").inner_text()

    # The result's address is enough to see it again, for a colleague or for printing.
    page.goto(result_url)
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("#result-model").is_visible()
    link_suffix = page.evaluate(
        "getComputedStyle(document.querySelector('#result-model a'), '::after').content"
    )
    assert "/models/municipal-resource-centre/" in link_suffix


def test_the_comparison_stacks_on_a_phone(browser, live_server):
    """Each aspect's four cells stack under their models' names; nothing sticks out."""
    call_command("seed_network", stdout=StringIO())
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/models/compare/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    overflowing = phone.evaluate(
        """() => [...document.querySelectorAll('main *')]
              .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
              .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert overflowing == []
    wrapper = phone.locator(".compare-wrapper")
    assert wrapper.evaluate("element => element.scrollWidth <= element.clientWidth")
    labels = phone.locator(".compare-table tbody tr").first.locator(".compare-label")
    assert labels.all_inner_texts() == [
        f"Модель {number} · {name}"
        for number, name in OrganisationalModel.objects.values_list("number", "name")
    ]
    # The table is still a table of four models for screen readers.
    assert phone.get_by_role("columnheader").count() == 5
    assert not phone.get_by_text("таблица прокручивается вбок").count()
    context.close()
