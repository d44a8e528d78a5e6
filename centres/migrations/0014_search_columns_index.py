"""The searched columns of published centres in two indexes, on PostgreSQL only.

A search matching most of the registry read each matching row from the table,
stepping over thirty columns to reach the search document and the stored vector
(migration 0013): counting 10,000 matches took about 5 ms, and the API's page
100 read 2,000 rows to skip them. The search document and the vector are now
held in indexes too, so both are read from an index alone:

- a narrow one by id, from which the matches are counted (2 ms);
- the registry's order index (migration 0011), recreated under the same name
  with the two columns included, along which a page's centres are found.

Counting from the narrow index relies on the connection's random_page_cost of
1.1 (settings.py). SQLite has neither the vector nor included columns and keeps
the indexes it has.
"""

from django.db import migrations

ORDER_COLUMNS = "region_order, level_rank, name, id"
FORWARD = [
    "CREATE INDEX IF NOT EXISTS centre_search_columns ON centres_centre (id) "
    "INCLUDE (search_document, search_vector) WHERE is_published",
    "DROP INDEX IF EXISTS centre_registry_order",
    f"CREATE INDEX centre_registry_order ON centres_centre ({ORDER_COLUMNS}) "
    "INCLUDE (search_document, search_vector) WHERE is_published",
]
BACKWARD = [
    "DROP INDEX IF EXISTS centre_search_columns",
    "DROP INDEX IF EXISTS centre_registry_order",
    f"CREATE INDEX centre_registry_order ON centres_centre ({ORDER_COLUMNS}) WHERE is_published",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("centres", "0013_stored_search_vector")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
