"""The search document as its words, one space apart and around (network_portal.text.searchable_words).

The stored documents were already normalised (lower case, «ё» as «е»); this keeps
their words and drops what stood between them, so that a word form is found by
LIKE « курган_ » on both databases. PostgreSQL recomputes the
stored full-text vector of each updated row. Going back leaves the documents
as words: the search before this migration finds in them all it found, except
a query that holds punctuation itself.
"""

import re

from django.db import migrations

WORD = re.compile(r"[^\W_]+")


def as_words(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    changed = []
    for centre in Centre.objects.only("pk", "search_document").iterator(chunk_size=500):
        words = f" {' '.join(WORD.findall(centre.search_document))} "
        if words != centre.search_document:
            centre.search_document = words
            changed.append(centre)
    Centre.objects.bulk_update(changed, ["search_document"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0014_region_name_order"),
    ]

    operations = [
        migrations.RunPython(as_words, migrations.RunPython.noop, elidable=True),
    ]
