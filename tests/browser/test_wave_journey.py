"""A coordinator answers a new wave and saves a self-assessment; the public sees both."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from centres.models import Centre
from surveys.models import Option, Question, Survey
from tests.factories import UserFactory
from tests.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_wave():
    """A published wave open today, with one multiple- and one single-choice question."""
    today = timezone.localdate()
    survey = Survey.objects.create(
        slug="functions-2026",
        title="Функции центров, волна 2026",
        is_published=True,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )
    tasks = Question.objects.create(survey=survey, code="rc_functions", text="РЦ", order=1)
    for order, text in enumerate(["Консультирование НКО", "Анализ ситуации в секторе"], 1):
        Option.objects.create(question=tasks, text=text, order=order)
    return survey


def test_a_coordinator_answers_the_open_wave_and_saves_a_self_assessment(
    page, browser, live_server
):
    call_command("seed_network", stdout=StringIO())
    survey = open_wave()
    anna = UserFactory(username="anna", first_name="Анна")
    Centre.objects.get(slug="municipal-tobolsk").coordinators.add(anna)

    visitor = browser.new_page(base_url=live_server.url)
    visitor.goto(f"/surveys/{survey.slug}/?level=municipal")
    expect(visitor.locator("#base")).to_contain_text("n = 0")

    sign_in(page, anna)
    wave = page.locator(f"#survey-{survey.slug}-municipal-tobolsk")
    expect(wave).to_contain_text("ответа ещё нет")
    wave.get_by_role("link", name="Ответить на опрос").click()
    page.wait_for_url(f"**/surveys/{survey.slug}/answer/municipal-tobolsk/")
    page.get_by_label("Консультирование НКО").check()
    page.get_by_role("button", name="Сохранить ответ").click()
    page.wait_for_url("**/my/")
    expect(page.locator(f"#survey-{survey.slug}-municipal-tobolsk")).to_contain_text("ответ дан")

    visitor.reload()
    expect(visitor.locator("#base")).to_contain_text("n = 1")
    expect(visitor.locator('[data-question="rc_functions"] tbody tr').first).to_contain_text(
        "100,0"
    )

    page.goto("/self-assessment/")
    page.get_by_label("Специализированный центр", exact=False).check()
    page.locator("#id_beyond_sector_1").check()  # «Нет»
    page.get_by_label("«заметный» стратегический субъект", exact=False).check()
    page.get_by_role("button", name="Показать результат").click()
    page.get_by_role("button", name="Сохранить результат").click()
    page.wait_for_url("**/centres/municipal-tobolsk/")

    visitor.goto("/network/progress/?level=municipal")
    expect(visitor.locator("#assessed")).to_contain_text("n = 1")
    expect(visitor.locator('#characteristics tr[data-number="1"] .percent')).to_have_text(
        "100,0\u00a0%"
    )
    visitor.close()
