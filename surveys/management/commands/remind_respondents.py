from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from surveys.models import Survey
from surveys.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of every published centre that has not answered an open "
        "survey, one message per coordinator and centre, with the questionnaire's address."
    )

    def add_arguments(self, parser):
        parser.add_argument("survey", help="the survey's slug")

    def handle(self, survey, **options):
        try:
            survey = Survey.objects.get(slug=survey)
        except Survey.DoesNotExist as error:
            raise CommandError(_("There is no survey «%(slug)s».") % {"slug": survey}) from error
        if not survey.is_open:
            self.stdout.write(
                _("«%(survey)s» is not open for answers today: no reminders were sent.")
                % {"survey": survey.slug}
            )
            return
        sent = send_reminders(survey)
        self.stdout.write(
            self.style.SUCCESS(
                _("Reminders sent for «%(survey)s»: %(count)s.")
                % {"survey": survey.slug, "count": sent}
            )
        )
