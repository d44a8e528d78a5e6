from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from surveys.importing import ImportRejected, import_answers
from surveys.models import Survey


class Command(BaseCommand):
    help = (
        "Import survey answers from a CSV or XLSX file (one row per response). "
        "All or nothing: any fault rejects the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("survey", help="the survey's slug")
        parser.add_argument("file", type=Path, help="a .csv or .xlsx answers file")

    def handle(self, survey, file, **options):
        try:
            survey = Survey.objects.get(slug=survey)
        except Survey.DoesNotExist as error:
            raise CommandError(_("There is no survey «%(slug)s».") % {"slug": survey}) from error
        try:
            source = file.open("rb")
        except OSError as error:
            raise CommandError(
                _("Can't read %(file)s: %(error)s.") % {"file": file, "error": error.strerror}
            ) from error
        try:
            with source:
                imported = import_answers(survey, source, file.name)
        except ImportRejected as rejected:
            raise CommandError(
                "\n".join([_("Nothing was imported:"), *rejected.errors])
            ) from rejected
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(count)s responses into «%(slug)s».")
                % {"count": imported, "slug": survey.slug}
            )
        )
