from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_a_centre_through_the_registry_and_its_map(page):
    call_command("seed_network", stdout=StringIO())

    page.goto("/")
    assert page.locator('[data-level="municipal"]').inner_text() == "17"

    page.get_by_role("link", name="Реестр", exact=True).click()
    page.wait_for_url("**/centres/")
    page.wait_for_selector("#registry-map[data-markers='30']")
    assert page.locator(".centre-marker").count() == 30

    page.get_by_label("Субъект РФ").select_option(label="Курганская область")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**/centres/?*region=kurgan-oblast*")
    assert page.locator("#result-count").inner_text() == "Найдено 4 центра"
    page.wait_for_selector("#registry-map[data-markers='4']")
    assert page.locator(".centre-marker").count() == 4

    page.get_by_role("link", name="Муниципальный ресурсный центр, г. Шадринск").click()
    page.wait_for_url("**/centres/municipal-shadrinsk/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Муниципальный ресурсный центр, г. Шадринск"
    )
    page.wait_for_selector("#centre-map[data-markers='1']")
    assert page.locator(".centre-marker").count() == 1
    page.get_by_role("link", name="Региональный ресурсный центр, г. Курган").click()
    page.wait_for_url("**/centres/regional-kurgan/")


def test_a_visitor_who_typed_in_the_wrong_layout_follows_the_suggestion(page):
    call_command("seed_network", stdout=StringIO())
    page.goto("/centres/")
    page.get_by_label("Поиск").fill("Rehufy")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url("**/centres/?q=Rehufy*")
    assert page.locator("#result-count").inner_text() == "Найдено 0 центров"
    suggestion = page.locator("#search-suggestion")
    assert "Это догадка портала: по ней найдено 4 центра." in suggestion.inner_text()

    suggestion.get_by_role("link", name="«курган»").click()
    page.wait_for_url("**/centres/?q=%D0%BA%D1%83%D1%80%D0%B3%D0%B0%D0%BD*")
    assert page.locator("#result-count").inner_text() == "Найдено 4 центра"
    assert page.get_by_label("Поиск").input_value() == "курган"
    page.wait_for_selector("#registry-map[data-markers='4']")


def test_the_registry_works_on_a_phone_screen(browser, live_server):
    call_command("seed_network", stdout=StringIO())
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, java_script_enabled=False
    )
    phone = context.new_page()
    phone.goto(f"{live_server.url}/centres/?level=partner")
    assert phone.locator("#result-count").inner_text() == "Найдено 9 центров"
    # Nothing sticks out sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_role("link", name="Партнёр сети, г. Луганск").click()
    assert "/centres/partner-lugansk/" in phone.url
    context.close()
