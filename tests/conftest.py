from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command


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


@pytest.fixture
def personas(network, admin_user):
    """The people of the permission ladders, one place for all tests.

    - outsider: has an account, coordinates nothing;
    - coordinator_a: coordinates centre A (Tobolsk);
    - coordinator_b: coordinates centre B (Ishim);
    - centre_editor: staff with the one permission to change centres, and no
      other (not a superuser): edits and reverts any profile, has no survey tools;
    - admin: a superuser, pytest-django's `admin_user` (`admin_client` is a
      client signed in as this person): everything in the admin, surveys included.

    Staff with no permission at all, or with one survey permission, are made
    where a test needs them, named there for what they may do.
    """
    from django.contrib.auth.models import Permission

    from centres.models import Centre
    from tests.factories import UserFactory

    people = SimpleNamespace(
        outsider=UserFactory(username="outsider"),
        coordinator_a=UserFactory(username="coordinator-a", first_name="Анна"),
        coordinator_b=UserFactory(username="coordinator-b", first_name="Борис"),
        centre_editor=UserFactory(username="centre-editor", is_staff=True),
        admin=admin_user,
        centre_a=Centre.objects.get(slug="municipal-tobolsk"),
        centre_b=Centre.objects.get(slug="municipal-ishim"),
    )
    people.centre_editor.user_permissions.add(Permission.objects.get(codename="change_centre"))
    people.centre_a.coordinators.add(people.coordinator_a)
    people.centre_b.coordinators.add(people.coordinator_b)
    return people
