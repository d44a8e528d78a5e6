from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture
def network(db):
    """The network as the source document describes it, loaded by seed_network."""
    call_command("seed_network", stdout=StringIO())


requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Russian word forms are matched by PostgreSQL's full-text search only",
)
