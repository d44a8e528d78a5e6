from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_types_in_a_questionnaire_and_sees_the_new_base(page):
    call_command("seed_network", stdout=StringIO())
    anna = UserFactory(username="anna", is_staff=True, is_superuser=True)
    sign_in(page, anna, then="/admin/")

    page.get_by_role("link", name="Опросы", exact=True).click()
    page.get_by_role("link", name="Исследование функций организаций", exact=False).click()
    page.get_by_role("link", name="Ввести анкету").click()
    page.get_by_label("Респондент").fill("Анкета из Мегиона")
    page.get_by_label("Консультирование НКО").check()
    page.get_by_label("Работа с детьми").check()
    page.get_by_label("Помощь в пандемию").check()
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.wait_for_url("**/admin/surveys/response/")

    page.goto("/surveys/ural-network-functions/")
    assert page.locator("#base").inner_text() == "Респондентов: n = 12"
    row = page.locator('[data-question="directions"] tr', has_text="Работа с детьми")
    assert "16,7\xa0%" in row.inner_text()  # 2 of 12
