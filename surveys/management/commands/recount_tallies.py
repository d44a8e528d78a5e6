from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from network_portal.cache import answers_changed
from surveys.models import Survey
from surveys.tallies import recount


class Command(BaseCommand):
    help = (
        "Recount the kept counts the survey results are read from (per option and per cell of "
        "centres) from the answers themselves, and say which surveys' counts were wrong. "
        "Database triggers keep them exact on every write; run this to repair them after "
        "writing to the database by hand with the triggers off, or to check them. "
        "Each survey is recounted in a transaction that holds back writes to answers for "
        "its duration."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="the surveys' slugs; all surveys if none")

    def handle(self, slugs, **options):
        surveys = Survey.objects.order_by("pk")
        if slugs:
            surveys = surveys.filter(slug__in=slugs)
            if missing := set(slugs) - set(surveys.values_list("slug", flat=True)):
                raise CommandError(
                    _("There is no survey «%(slug)s».") % {"slug": ", ".join(sorted(missing))}
                )
        for survey in surveys:
            if recount(survey):
                answers_changed(survey)
                message = _("«%(survey)s»: the kept counts were wrong and are recounted.")
                self.stdout.write(self.style.WARNING(message % {"survey": survey.title}))
            else:
                message = _("«%(survey)s»: the kept counts are right.")
                self.stdout.write(message % {"survey": survey.title})
