"""The API's limit with the counters in the database, as production keeps them without Redis."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network_portal import api

pytestmark = pytest.mark.django_db(transaction=True)

LIST = reverse("api:centre_list")
NINE_O_CLOCK = 1_800_003_600  # an hour's start, UTC


@pytest.fixture
def counters_in_the_database(settings, monkeypatch):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_api_limits",
            "TIMEOUT": 3600,
        },
    }
    call_command("createcachetable", verbosity=0)
    monkeypatch.setattr(api, "_cleared", {})
    yield caches["limits"]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE test_api_limits")


def at(monkeypatch, seconds):
    monkeypatch.setattr("network_portal.api.time.time", lambda: float(seconds))


def throttle_queries(client, **extra):
    """The status of a request, and the queries the limit ran for it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"level": "bogus"}, **extra)  # a 400: no page queries
    return response.status_code, [q["sql"] for q in queries if "test_api_limits" in q["sql"]]


def test_the_limit_holds_and_each_request_costs_one_query(
    client, network, settings, monkeypatch, counters_in_the_database
):
    settings.API_REQUESTS_PER_HOUR = 3
    at(monkeypatch, NINE_O_CLOCK + 60)
    # The first request of the hour also clears the hours gone by.
    status, queries = throttle_queries(client)
    assert status == 400 and len(queries) == 2
    for _ in range(2):
        status, queries = throttle_queries(client)
        assert status == 400 and len(queries) == 1
    status, queries = throttle_queries(client)
    assert status == 429 and len(queries) == 1
    response = client.get(LIST)
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 3600
    # Another visitor is not held back.
    assert client.get(LIST, REMOTE_ADDR="192.0.2.7").status_code == 200
    # The count lasts the hour, and a new hour starts a new one.
    at(monkeypatch, NINE_O_CLOCK + 3599)
    assert client.get(LIST).status_code == 429
    at(monkeypatch, NINE_O_CLOCK + 3600)
    assert client.get(LIST).status_code == 200


def test_the_counters_of_hours_gone_by_are_deleted(
    client, network, monkeypatch, counters_in_the_database
):
    at(monkeypatch, NINE_O_CLOCK + 60)
    client.get(LIST)
    client.get(LIST, REMOTE_ADDR="192.0.2.7")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM test_api_limits")
        assert cursor.fetchone()[0] == 2
        at(monkeypatch, NINE_O_CLOCK + 3600 + 60)
        client.get(LIST)
        cursor.execute("SELECT COUNT(*) FROM test_api_limits")
        assert cursor.fetchone()[0] == 1


def test_other_counters_in_the_table_are_left_alone(
    client, network, monkeypatch, counters_in_the_database
):
    counters_in_the_database.set("password-reset:x", 5, timeout=3600)
    at(monkeypatch, NINE_O_CLOCK + 7200)
    client.get(LIST)
    assert counters_in_the_database.get("password-reset:x") == 5
