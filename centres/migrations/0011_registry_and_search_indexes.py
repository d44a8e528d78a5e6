"""Indexes for the registry: its three orders over published centres, their
counts by region and level, and on PostgreSQL a trigram GIN index for the substring search.

The registry matches a query anywhere in the search document (`contains`, a
LIKE '%…%'); gin_trgm_ops lets PostgreSQL answer that from the index instead of
reading every row. SQLite has no trigram index and gets the others only.
A migration of its own: PostgreSQL builds no index in the transaction that
filled region_order (0010).
"""

from django.db import migrations, models

INDEX = "centres_centre_search_trigram"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON centres_centre "
            "USING GIN (search_document gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("centres", "0010_registry_order_on_the_centre")]

    operations = [
        migrations.AddIndex(
            model_name="centre",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["region_order", "level_rank", "name", "id"],
                name="centre_registry_order",
            ),
        ),
        migrations.AddIndex(
            model_name="centre",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["level_rank", "region_order", "name", "id"],
                name="centre_level_order",
            ),
        ),
        migrations.AddIndex(
            model_name="centre",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["name", "id"],
                name="centre_name_order",
            ),
        ),
        migrations.AddIndex(
            model_name="centre",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["region", "level_rank"],
                name="centre_region_level",
            ),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
