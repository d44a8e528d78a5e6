from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from centres.models import Centre
from network_portal.cache import REGISTRY, touch


class Command(BaseCommand):
    help = (
        "Write every centre's search document afresh from its profile, region and place, "
        "and say how many had changed. Saving a centre, a region or a place writes the "
        "documents it shows in; run this after upgrading snowballstemmer (the documents "
        "hold the stems of their words) or changing the database by other means."
    )

    def handle(self, **options):
        with transaction.atomic():
            total = Centre.objects.count()
            changed = Centre.objects.rebuild_search_documents()
            if changed:
                touch(REGISTRY)
        message = _("Search documents written afresh. Changed: %(changed)d of %(total)d.")
        self.stdout.write(message % {"changed": changed, "total": total})
