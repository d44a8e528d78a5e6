from io import StringIO

import pytest
from django.core.management import call_command

from centres.models import Centre
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_keeps_the_profile_current(page):
    call_command("seed_network", stdout=StringIO())
    anna = UserFactory(username="anna", first_name="Анна")
    Centre.objects.get(slug="municipal-tobolsk").coordinators.add(anna)

    page.goto("/")
    page.get_by_role("link", name="Войти").click()
    page.get_by_label("Имя пользователя").fill("anna")
    page.get_by_label("Пароль").fill("correct horse battery staple")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("link", name="Мои центры").click()
    page.wait_for_url("**/my/")
    card = page.locator("#centre-municipal-tobolsk")
    assert "ещё не подтверждался" in card.inner_text()
    assert "впишите собственное название центра" in card.inner_text()

    card.get_by_role("link", name="Редактировать профиль").click()
    page.wait_for_url("**/centres/municipal-tobolsk/edit/")
    page.get_by_label("Телефон").fill("+7 3456 22-22-22")
    page.get_by_label("Описание").fill("Консультации для НКО Тобольска")
    assert "описание, адрес, телефон" in page.locator("#profile-gaps").inner_text()

    # A click on the map sets the location; the fields take the point.
    picker = page.get_by_role("region", name="Карта для выбора места")
    picker.scroll_into_view_if_needed()
    assert picker.locator(".leaflet-control-zoom-in").get_attribute("title") == "Приблизить"
    picker.click(position={"x": 50, "y": 60})
    latitude, longitude = page.get_by_label("Широта"), page.get_by_label("Долгота")
    assert latitude.input_value() != "58.19810"
    clicked = float(latitude.input_value()), float(longitude.input_value())
    page.get_by_role("button", name="Сохранить профиль").click()

    page.wait_for_url("**/centres/municipal-tobolsk/")
    assert "Профиль сохранён" in page.locator(".alert").inner_text()
    assert "+7 3456 22-22-22" in page.locator(".contacts").inner_text()
    assert "Консультации для НКО Тобольска" in page.locator(".centre-description").inner_text()
    assert not page.locator(".needs-update").count()
    saved = Centre.objects.get(slug="municipal-tobolsk")
    assert (float(saved.latitude), float(saved.longitude)) == clicked
    assert saved.name_is_descriptive  # the name was left as the seed wrote it

    page.get_by_role("link", name="История изменений").click()
    page.wait_for_url("**/centres/municipal-tobolsk/history/")
    latest = page.locator(".history-entry").first
    assert "Анна" in latest.inner_text()
    assert "+7 3456 22-22-22" in latest.locator(".changes").inner_text()
