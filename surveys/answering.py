"""A centre answers a survey wave online: its questionnaire on the public site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from centres.access import get_centre_for_editor

from .access import get_survey_for_user
from .forms import AnswerForm
from .models import Response, Survey


@login_required
def answer(request, slug, centre_slug):
    """A centre's questionnaire for its coordinators and staff; saved while the survey is open."""
    centre = get_centre_for_editor(request.user, centre_slug)
    survey = get_survey_for_user(request.user, slug)
    posted = request.method == "POST"
    form = AnswerForm(
        survey, centre, request.POST if posted else None, disabled=not survey.is_open
    )
    status = 200
    if posted and not survey.is_open:
        status = 403  # nothing is written outside the answering period
    elif posted and form.is_valid():
        try:
            form.save()
        except IntegrityError:
            # Another response of the survey already carries the centre's slug as its label.
            form.add_error(
                None,
                _("Another response of this survey is labelled «%(slug)s»; ask the network's "
                  "administrators to relabel it.") % {"slug": centre.slug},
            )  # fmt: skip
        else:
            messages.success(
                request,
                _("The answers of «%(centre)s» to «%(survey)s» are saved.")
                % {"centre": centre.name, "survey": survey.title},
            )
            return redirect("my_centres")
    context = {"survey": survey, "centre": centre, "form": form}
    return render(request, "surveys/answer.html", context, status=status)


def open_surveys_for(centres, user):
    """Give each centre `open_surveys`: (survey, its response or None) for every survey open now.

    Two queries however many centres and surveys: /my/ lists them.
    """
    surveys = list(Survey.objects.visible_to(user).open_now().order_by("closes_on", "title"))
    responses = {
        (response.survey_id, response.centre_id): response
        for response in Response.objects.filter(survey__in=surveys, centre__in=centres).only(
            "survey_id", "centre_id", "date"
        )
    }
    for centre in centres:
        centre.open_surveys = [
            (survey, responses.get((survey.pk, centre.pk))) for survey in surveys
        ]
    return centres
