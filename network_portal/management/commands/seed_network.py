from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from network_portal.cache import content_changed

# Each app loads its own part of the source document, in dependency order.
SEED_LOADERS = [
    "centres.seed.load",
    "models_catalog.seed.load",
    "surveys.seed.load",
]


class Command(BaseCommand):
    help = (
        "Load every fact of the source document. Idempotent: records that exist "
        "(and whatever coordinators edited in them) are left as they are."
    )

    def handle(self, *args, **options):
        for path in SEED_LOADERS:
            created = import_string(path)()
            summary = ", ".join(f"{kind}: {number}" for kind, number in created.items())
            self.stdout.write(f"{path.split('.')[0]}: created {summary}")
        # The loaders write in bulk, which sends no signals.
        content_changed()
        self.stdout.write(self.style.SUCCESS("The network is seeded."))
