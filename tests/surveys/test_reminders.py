"""Reminders reach the coordinators of published centres that have not answered an open survey."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import formats, timezone

from centres.models import Centre
from surveys.models import Response
from tests.factories import UserFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def open_survey(small_survey):
    small_survey.opens_on, small_survey.closes_on = days(-3), days(10)
    small_survey.save()
    return small_survey


@pytest.fixture
def wave(open_survey, personas, settings):
    """Who coordinates what, and who has answered.

    - coordinator A: Tobolsk, not answered;
    - coordinator B: Ishim, answered;
    - «busy» coordinates two unanswered partners: two messages;
    - a coordinator of an unpublished, unanswered centre: nothing;
    - a coordinator of Tyumen's regional centre with no e-mail address: nothing.

    Returns the (address, centre slug) pairs that should be reminded.
    """
    settings.PORTAL_BASE_URL = "https://portal.example"
    Response.objects.create(
        survey=open_survey, centre=personas.centre_b, respondent=personas.centre_b.slug
    )
    two = list(Centre.objects.filter(level="partner").order_by("slug")[:2])
    busy = UserFactory(username="busy")
    for centre in two:
        centre.coordinators.add(busy)
    hidden = Centre.objects.filter(level="partner").order_by("slug")[2]
    hidden.is_published = False
    hidden.save()
    hidden.coordinators.add(UserFactory(username="hidden"))
    Centre.objects.get(slug="regional-tyumen").coordinators.add(UserFactory(email=""))
    return {
        (personas.coordinator_a.email, personas.centre_a.slug),
        *((busy.email, centre.slug) for centre in two),
    }


def remind(slug):
    out = StringIO()
    call_command("remind_respondents", slug, stdout=out)
    return out.getvalue()


def sent(mailoutbox, survey):
    """(address, centre slug) of each message, taken from the link it carries."""
    pairs = []
    for message in mailoutbox:
        (address,) = message.to
        prefix = f"https://portal.example/surveys/{survey.slug}/answer/"
        (line,) = [line for line in message.body.splitlines() if line.startswith(prefix)]
        pairs.append((address, line.removeprefix(prefix).strip("/")))
    return pairs


def test_reminders_reach_exactly_those_who_have_not_answered(open_survey, wave, mailoutbox):
    output = remind(open_survey.slug)
    pairs = sent(mailoutbox, open_survey)
    assert sorted(pairs) == sorted(wave)
    assert f": {len(wave)}." in output


def test_a_reminder_carries_the_link_and_the_closing_date(open_survey, wave, personas, mailoutbox):
    remind(open_survey.slug)
    (message,) = [m for m in mailoutbox if m.to == [personas.coordinator_a.email]]
    url = f"/surveys/{open_survey.slug}/answer/{personas.centre_a.slug}/"
    assert f"https://portal.example{url}" in message.body
    assert formats.date_format(open_survey.closes_on) in message.body
    assert personas.centre_a.name in message.subject
    assert "Здравствуйте, Анна!" in message.body


def test_a_centre_that_answers_gets_no_more_reminders(open_survey, wave, personas, mailoutbox):
    Response.objects.create(
        survey=open_survey, centre=personas.centre_a, respondent=personas.centre_a.slug
    )
    remind(open_survey.slug)
    assert personas.coordinator_a.email not in {m.to[0] for m in mailoutbox}
    assert len(mailoutbox) == len(wave) - 1


@pytest.mark.parametrize("period", [(-30, -1), (1, 10), None], ids=["closed", "not yet", "none"])
def test_nothing_goes_for_a_survey_that_is_not_open(open_survey, wave, mailoutbox, period):
    open_survey.opens_on, open_survey.closes_on = (
        (days(period[0]), days(period[1])) if period else (None, None)
    )
    open_survey.save()
    output = remind(open_survey.slug)
    assert mailoutbox == []
    assert "не принимает ответы" in output


def test_an_unknown_survey_is_named_in_russian(db):
    with pytest.raises(CommandError, match="Исследования «no-such» нет"):
        remind("no-such")


def test_the_admin_action_sends_the_same_reminders(open_survey, wave, admin_client, mailoutbox):
    changelist = admin_client.get(reverse("admin:surveys_survey_changelist")).content.decode()
    assert 'value="remind_respondents"' in changelist
    response = admin_client.post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "remind_respondents", "_selected_action": [open_survey.pk]},
        follow=True,
    )
    assert sorted(sent(mailoutbox, open_survey)) == sorted(wave)
    assert f"«{open_survey.title}»: {len(wave)}." in response.content.decode()


def test_the_admin_says_why_no_reminder_went_out(open_survey, personas, admin_client, mailoutbox):
    def remind_in_admin():
        response = admin_client.post(
            reverse("admin:surveys_survey_changelist"),
            {"action": "remind_respondents", "_selected_action": [open_survey.pk]},
            follow=True,
        )
        return " ".join(response.content.decode().split())

    Centre.coordinators.through.objects.all().delete()
    missing = Centre.objects.published().exclude(survey_responses__survey=open_survey).count()
    page = remind_in_admin()
    assert mailoutbox == []
    assert f"не ответили {missing} центр" in page
    assert "и ни у одного из них нет действующего координатора с адресом электронной почты" in page

    for centre in Centre.objects.published().exclude(survey_responses__survey=open_survey):
        Response.objects.create(survey=open_survey, centre=centre, respondent=centre.slug)
    assert "ответили все опубликованные центры" in remind_in_admin()


def test_the_admin_action_sends_nothing_for_a_closed_survey(
    open_survey, wave, admin_client, mailoutbox
):
    open_survey.closes_on = days(-1)
    open_survey.save()
    response = admin_client.post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "remind_respondents", "_selected_action": [open_survey.pk]},
        follow=True,
    )
    assert mailoutbox == []
    assert "не принимает ответы" in response.content.decode()


def test_staff_who_only_view_surveys_cannot_send_reminders(open_survey, wave, mailoutbox):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_survey"))
    client = client_for(viewer)
    changelist = reverse("admin:surveys_survey_changelist")
    assert 'value="remind_respondents"' not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "remind_respondents", "_selected_action": [open_survey.pk]})
    assert mailoutbox == []
