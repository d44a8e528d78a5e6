"""Two saves of one centre's questionnaire at the same moment leave exactly one response."""

import json

import pytest

from tests.helpers import run_in_project, seeded_database_for_processes


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_simultaneous_first_answers_leave_one_response(tmp_path, database):
    env = seeded_database_for_processes(tmp_path, database)
    rounds = [
        json.loads(line)
        for line in run_in_project(["-m", "tests.surveys.simultaneous_answers"], env).splitlines()
    ]
    assert len(rounds) == 6
    for outcome in rounds:
        assert outcome["statuses"] == [302, 302]
        assert outcome["responses"] == 1
        assert len(outcome["chosen"]) == 1  # one save's answers, not a mix of both
