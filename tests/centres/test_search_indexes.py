"""On PostgreSQL a search matching most of the registry is counted and paged from indexes.

Speed itself is measured by bench/pages.py; these tests keep the plans that make
it fast from being lost by a change to the indexes (centres 0014) or to the
connection's settings.
"""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from centres.models import Centre, Region
from centres.paging import RegistryPaginator
from centres.views import registry_filter

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the included columns, the stored vector and the planner's costs are PostgreSQL's",
    ),
    # VACUUM, which tells the planner the table's pages need no visit, runs outside a transaction.
    pytest.mark.django_db(transaction=True),
]

SIZE = 3000


@pytest.fixture
def large_registry():
    region = Region.objects.create(name="Тюменская область", short_name="ТО", slug="tyumen")
    centres = [
        Centre(
            name=f"Ресурсный центр № {number:04}",
            slug=f"centre-{number}",
            level="municipal",
            region=region,
            region_order=region.order,
            is_published=True,
        )
        for number in range(SIZE)
    ]
    for centre in centres:
        centre.search_document = centre.build_search_document()
    Centre.objects.bulk_create(centres, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE centres_centre")


def explained(run):
    """PostgreSQL's plan of the one query that `run` sends, as it sends it."""
    with CaptureQueriesContext(connection) as queries:
        result = run()
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + query["sql"])
        return result, "\n".join(row[0] for row in cursor.fetchall())


def registry_search(query):
    return registry_filter(RequestFactory().get("/centres/", {"q": query})).qs


@pytest.mark.parametrize("query", ["ресурсный", "ресурсного"])
def test_a_search_matching_every_centre_is_counted_from_the_narrow_index(large_registry, query):
    count, plan = explained(registry_search(query).count)
    assert count == SIZE
    assert "Index Only Scan using centre_search_columns" in plan, plan


def test_a_deep_page_of_such_a_search_walks_the_order_index_alone(large_registry):
    page = RegistryPaginator(registry_search("ресурсный"), 20).page(100)
    centres, plan = explained(lambda: list(page.object_list))
    assert [centre.name for centre in centres][0] == "Ресурсный центр № 1980"
    assert "Index Only Scan using centre_registry_order" in plan, plan


def test_the_connection_reads_index_pages_at_nearly_the_cost_of_table_pages():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
