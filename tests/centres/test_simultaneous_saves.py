"""Two saves of one profile at the same moment: one is saved, the other is told, on SQLite too."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, env):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def test_simultaneous_saves_on_sqlite_give_one_save_and_one_conflict(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "network_portal.settings",
    }
    run(["manage.py", "migrate", "--verbosity", "0"], env)
    run(["manage.py", "seed_network"], env)
    rounds = [
        json.loads(line)
        for line in run(["-m", "tests.centres.simultaneous_saves"], env).splitlines()
    ]
    assert len(rounds) == 8
    for refused, saved in rounds:  # sorted by status
        assert saved == {"status": 302, "conflict": False, "kept": False}
        assert refused == {"status": 200, "conflict": True, "kept": True}
