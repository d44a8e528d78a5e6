"""Reminders to the coordinators of centres that have not answered an open survey."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .participation import reminder_recipients


def questionnaire_url(survey, centre):
    """The questionnaire's full address, for e-mails."""
    return settings.PORTAL_BASE_URL + reverse("surveys:answer", args=[survey.slug, centre.slug])


def reminder(survey, coordinator, centre):
    context = {
        "survey": survey,
        "centre": centre,
        "coordinator": coordinator,
        "url": questionnaire_url(survey, centre),
    }
    return EmailMessage(
        subject=_("Reminder: the survey «%(title)s» is waiting for «%(centre)s»")
        % {"title": survey.title, "centre": centre.name},
        body=render_to_string("surveys/email/reminder.txt", context),
        to=[coordinator.email],
    )


def send_reminders(survey):
    """E-mail each coordinator of each published centre that has not answered; the number sent.

    Nothing goes out for a survey that is not open. Mails are in the portal's
    language, whoever asks for them.
    """
    if not survey.is_open:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            reminder(survey, link.user, link.centre) for link in reminder_recipients(survey)
        ]
    if not messages:
        return 0
    # One connection for all of them: an SMTP server needn't greet us once per mail.
    return get_connection().send_messages(messages) or 0
