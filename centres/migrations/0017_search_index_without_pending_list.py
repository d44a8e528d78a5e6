"""The trigram index of the search documents written at once, not through a pending list.

A GIN index with `fastupdate` keeps the entries of rows written since the last
vacuum in an unsorted list, which every scan of the index reads whole. A search
scans the index once for each of its words' forms, so after a few dozen profile
saves it read that list a dozen times a query, or was turned into a scan of the
whole table. Profile saves are rare next to searches: each now updates the index
itself. PostgreSQL only.
"""

from django.db import migrations

INDEX = "centres_centre_search_trigram"


def run_on_postgresql(*statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0016_search_document_with_stems"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgresql(
                f"ALTER INDEX IF EXISTS {INDEX} SET (fastupdate = off)",
                # What is already in the list goes into the index now (NULL, no index).
                f"SELECT gin_clean_pending_list(to_regclass('{INDEX}'))",
            ),
            run_on_postgresql(f"ALTER INDEX IF EXISTS {INDEX} SET (fastupdate = on)"),
        ),
    ]
