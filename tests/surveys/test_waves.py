from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from surveys.models import Option, Survey

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.mark.parametrize(
    ("opens", "closes", "is_open"),
    [
        (-3, 3, True),
        (0, 0, True),  # both ends inclusive
        (-3, -1, False),  # closed yesterday
        (1, 5, False),  # opens tomorrow
        (None, 3, False),
        (-3, None, False),
        (None, None, False),
    ],
)
def test_a_survey_is_open_while_today_is_within_both_of_its_dates(opens, closes, is_open):
    survey = Survey.objects.create(
        slug="wave",
        title="Волна",
        opens_on=None if opens is None else days(opens),
        closes_on=None if closes is None else days(closes),
    )
    assert survey.is_open is is_open
    assert list(Survey.objects.open_now()) == ([survey] if is_open else [])


def test_today_is_the_portal_s_day_not_utc_s(settings):
    settings.TIME_ZONE = "Asia/Yekaterinburg"  # UTC+5
    survey = Survey.objects.create(
        slug="wave", title="Волна", opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 10)
    )
    evening_in_utc = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 2 March in Yekaterinburg
    with mock.patch("django.utils.timezone.now", return_value=evening_in_utc):
        assert survey.is_open
        assert Survey.objects.open_now().count() == 1


def test_a_survey_cannot_close_before_it_opens():
    survey = Survey(slug="wave", title="Волна", opens_on=days(5), closes_on=days(1))
    with pytest.raises(ValidationError) as error:
        survey.full_clean()
    assert error.value.message_dict == {
        "closes_on": ["Опрос не может закрыться раньше, чем откроется."]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        survey.save()
    assert not Survey.objects.filter(slug="wave").exists()


def test_staff_set_the_period_in_the_admin_and_see_it_in_the_list(admin_client):
    survey = Survey.objects.create(slug="wave", title="Волна", is_published=True)
    change = reverse("admin:surveys_survey_change", args=[survey.pk])
    form = admin_client.get(change).content.decode()
    assert 'name="opens_on"' in form and 'name="closes_on"' in form
    data = {
        "slug": "wave", "title": "Волна", "description": "", "period": "", "is_published": "on",
        "opens_on": "01.03.2026", "closes_on": "20.02.2026",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    }  # fmt: skip
    refused = admin_client.post(change, data)
    assert refused.status_code == 200
    assert "Опрос не может закрыться раньше, чем откроется." in refused.content.decode()
    data["closes_on"] = "31.03.2026"
    assert admin_client.post(change, data).status_code == 302
    survey.refresh_from_db()
    assert (survey.opens_on, survey.closes_on) == (date(2026, 3, 1), date(2026, 3, 31))

    row = f'name="_selected_action" value="{survey.pk}"'
    changelist = reverse("admin:surveys_survey_changelist")
    listing = admin_client.get(changelist, {"answering": "open"})
    assert row not in listing.content.decode()  # March 2026 is over or to come
    survey.opens_on, survey.closes_on = days(-1), days(1)
    survey.save()
    listing = admin_client.get(changelist, {"answering": "open"}).content.decode()
    assert row in listing
    assert "column-opens_on" in listing and "column-closes_on" in listing


def copy_in_admin(client, survey):
    return client.post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "copy_as_new_wave", "_selected_action": [survey.pk]},
        follow=True,
    )


def test_staff_start_a_new_wave_as_a_copy_of_an_earlier_survey(admin_client, survey):
    survey.opens_on, survey.closes_on = days(-30), days(-1)
    survey.save()
    page = copy_in_admin(admin_client, survey).content.decode()
    wave = Survey.objects.get(slug="ural-network-functions-2")
    assert f"Опрос «{survey.title}» скопирован как" in page
    assert f'<a href="{reverse("admin:surveys_survey_change", args=[wave.pk])}">' in page
    assert wave.title == f"{survey.title}, волна 2"
    assert not wave.is_published and wave.opens_on is None and wave.closes_on is None
    assert not wave.responses.exists()
    assert survey.responses.count() == 11  # the earlier wave keeps its answers

    def shape(s):
        return [
            (q.code, q.text, q.kind, q.order, [(o.text, o.order) for o in q.options.all()])
            for q in s.questions.prefetch_related("options")
        ]

    assert shape(wave) == shape(survey)
    assert not Option.objects.filter(question__survey=wave, published_percent__isnull=False)
    # «Опубликовано в презентации…» is true of the source's wave only.
    assert survey.description and wave.description == ""

    copy_in_admin(admin_client, survey)  # a third wave takes the next free number
    assert Survey.objects.filter(slug="ural-network-functions-3").exists()


def test_a_copy_of_a_later_wave_is_numbered_as_the_next_wave_of_the_first(admin_client, survey):
    copy_in_admin(admin_client, survey)
    second = Survey.objects.get(slug="ural-network-functions-2")
    copy_in_admin(admin_client, second)
    third = Survey.objects.get(copied_from=second)
    assert third.slug == "ural-network-functions-3"
    assert third.title == f"{survey.title}, волна 3"


def test_a_copied_wave_is_comparable_with_the_earlier_one(admin_client, survey):
    copy_in_admin(admin_client, survey)
    page = admin_client.get(
        reverse("surveys:detail", args=["ural-network-functions-2"]),
        {"compare": survey.slug},
    )
    html = page.content.decode()
    assert f"Сравнение с «{survey.title}»" in html


def test_a_comparison_with_no_matching_answers_then_says_why_its_columns_are_empty(
    admin_client, survey
):
    copy_in_admin(admin_client, survey)
    url = reverse("surveys:detail", args=["ural-network-functions-2"])
    html = admin_client.get(url, {"compare": survey.slug}).content.decode()
    assert 'id="nothing-to-compare"' not in html  # the source's eleven answers
    # The source's answers belong to no centre: filtered by level, none is left then.
    html = admin_client.get(url, {"compare": survey.slug, "level": "municipal"}).content.decode()
    assert (
        f"Ни один ответ «{survey.title}» не подходит под эти условия, поэтому сравнивать не с чем"
        in html
    )


def test_staff_who_may_not_add_surveys_cannot_copy_them(survey):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory
    from tests.helpers import client_for

    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_survey", "change_survey"])
    )
    copy_in_admin(client_for(editor), survey)
    assert Survey.objects.count() == 1
