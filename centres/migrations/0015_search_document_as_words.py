"""The search document as its words, one space apart and around (network_portal.text.searchable_words).

The stored documents were already normalised (lower case, «ё» as «е»); this keeps
their words and drops what stood between them, so that a word form is found by
LIKE « курган_ » on both databases. PostgreSQL recomputes the
stored full-text vector of each updated row.
"""

import re

from django.db import migrations

WORD = re.compile(r"[^\W_]+")


def as_words(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    centres = list(Centre.objects.only("pk", "search_document"))
    for centre in centres:
        centre.search_document = f" {' '.join(WORD.findall(centre.search_document))} "
    Centre.objects.bulk_update(centres, ["search_document"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0014_region_name_order"),
    ]

    operations = [
        migrations.RunPython(as_words, migrations.RunPython.noop, elidable=True),
    ]
