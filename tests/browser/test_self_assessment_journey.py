from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from centres.models import Centre
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_empty_submit_says_what_is_missing(page):
    call_command("seed_network", stdout=StringIO())
    page.goto("/self-assessment/")
    page.get_by_role("button", name="Показать результат").click()
    errors = page.locator("#form-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("Выберите, кто поддерживает НКО на вашей территории.")


def test_a_coordinator_prints_a_result_and_keeps_it_on_the_profile(page):
    call_command("seed_network", stdout=StringIO())
    anna = UserFactory(username="anna", first_name="Анна")
    Centre.objects.get(slug="municipal-tobolsk").coordinators.add(anna)
    sign_in(page, anna)

    page.goto("/self-assessment/")
    page.get_by_label("Муниципальное образование").fill("г. Тобольск")
    page.get_by_label("Специализированный центр", exact=False).check()
    page.locator("#id_beyond_sector_1").check()  # «Нет»
    page.get_by_label("признанный партнер муниципальной власти", exact=False).check()
    page.get_by_role("button", name="Показать результат").click()
    page.wait_for_url("**/self-assessment/?organisation=centre*")
    expect(page.locator("h1")).to_have_text("Результат самооценки: г. Тобольск")
    expect(page.get_by_role("button", name="Распечатать")).to_be_visible()
    expect(page.locator("#print-credit")).to_be_hidden()

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Распечатать")).to_be_hidden()
    expect(page.locator("#print-date")).to_be_visible()
    expect(page.locator("#print-credit")).to_contain_text("А. А. Попкова, ТИУ")
    link_suffix = page.evaluate(
        "getComputedStyle(document.querySelector('#result-model a'), '::after').content"
    )
    assert link_suffix.startswith('" (http://')
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Сохранить результат").click()
    page.wait_for_url("**/centres/municipal-tobolsk/")
    model = page.locator("#organisational-model")
    expect(model).to_contain_text("Модель 3: «Муниципальный ресурсный центр»")
    expect(model).to_contain_text("по самооценке от")
    expect(page.locator("#saved-assessment")).to_contain_text("выполняется 1 из 11")
