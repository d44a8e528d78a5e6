"""The API's limit is read at start-up: a value that is no whole number stops the portal there."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "API_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env, "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("limit", ["lots", "100/hour", "0", "-5"])
def test_a_limit_not_understood_stops_start_up_naming_it(limit):
    result = check(API_REQUESTS_PER_HOUR=limit)
    assert result.returncode != 0
    assert "API_REQUESTS_PER_HOUR" in result.stderr


def test_a_whole_number_is_accepted():
    result = check(API_REQUESTS_PER_HOUR="120")
    assert result.returncode == 0, result.stderr
