from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Fast password hashing (real hashers are slow on purpose), no page cache, no counts.

    Tests see every page rendered afresh, so query counts measure the real work;
    tests/test_page_cache.py turns the cache on. Request counts (password reset
    limits) start from zero in every test.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PAGE_CACHE_SECONDS = 0
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def network(db):
    """The network as the source document describes it, loaded by seed_network."""
    call_command("seed_network", stdout=StringIO())


requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Russian word forms are matched by PostgreSQL's full-text search only",
)


@pytest.fixture
def personas(network):
    """The people of the permission ladders, one place for all tests.

    - outsider: has an account, coordinates nothing;
    - coordinator_a: coordinates centre A (Tobolsk);
    - coordinator_b: coordinates centre B (Ishim);
    - staff: a network admin allowed to change centres (not a superuser).
    """
    from django.contrib.auth.models import Permission

    from centres.models import Centre
    from tests.factories import UserFactory

    people = SimpleNamespace(
        outsider=UserFactory(username="outsider"),
        coordinator_a=UserFactory(username="coordinator-a", first_name="Анна"),
        coordinator_b=UserFactory(username="coordinator-b", first_name="Борис"),
        staff=UserFactory(username="staff", is_staff=True),
        centre_a=Centre.objects.get(slug="municipal-tobolsk"),
        centre_b=Centre.objects.get(slug="municipal-ishim"),
    )
    people.staff.user_permissions.add(Permission.objects.get(codename="change_centre"))
    people.centre_a.coordinators.add(people.coordinator_a)
    people.centre_b.coordinators.add(people.coordinator_b)
    return people


def client_for(user):
    """A fresh test client, logged in as `user` (or anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
