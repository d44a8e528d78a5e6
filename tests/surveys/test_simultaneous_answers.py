"""Two saves of one centre's questionnaire at the same moment leave exactly one response."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(args, env):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_simultaneous_first_answers_leave_one_response(tmp_path, database):
    if database == "postgresql":
        url = os.environ.get("SIMULTANEOUS_ANSWERS_POSTGRES_URL")
        if not url:
            pytest.skip("set SIMULTANEOUS_ANSWERS_POSTGRES_URL to a database the test may reset")
    else:
        url = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "network_portal.settings",
    }
    run(["manage.py", "migrate", "--verbosity", "0"], env)
    run(["manage.py", "seed_network"], env)
    rounds = [
        json.loads(line)
        for line in run(["-m", "tests.surveys.simultaneous_answers"], env).splitlines()
    ]
    assert len(rounds) == 6
    for outcome in rounds:
        assert outcome["statuses"] == [302, 302]
        assert outcome["responses"] == 1
        assert len(outcome["chosen"]) == 1  # one save's answers, not a mix of both
