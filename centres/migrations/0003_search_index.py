"""A GIN index for the registry's Russian full-text search, on PostgreSQL only.

The expression is the one Django writes for SearchVector("search_document",
config="russian"), so the planner can use the index. SQLite has no full-text
search of this kind and gets nothing.
"""

from django.db import migrations

INDEX = "centres_centre_search_russian"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON centres_centre USING GIN "
    "(to_tsvector('russian'::regconfig, COALESCE(search_document, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("centres", "0002_profile_history")]

    operations = [migrations.RunPython(create_index, drop_index)]
