"""The API's limit is read at start-up: a value DRF could not read stops the portal there."""

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


@pytest.mark.parametrize("rate", ["lots", "100", "100/fortnight", "0/hour", "-5/day"])
def test_a_rate_not_understood_stops_start_up_naming_it(rate):
    result = check(API_ANON_RATE=rate)
    assert result.returncode != 0
    assert "API_ANON_RATE" in result.stderr


def test_a_rate_per_minute_is_accepted():
    result = check(API_ANON_RATE="120/minute")
    assert result.returncode == 0, result.stderr
