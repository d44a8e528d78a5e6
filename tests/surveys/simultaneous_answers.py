"""Two coordinators of one centre save its questionnaire at the same moment, in separate processes.

Run by tests/surveys/test_simultaneous_answers.py against a database of its own
(DATABASE_URL), as app server workers would share it. Prints one JSON line per
round: both saves' statuses, how many responses the centre then has, and the
options its response holds.
"""

import json
import multiprocessing
import sys
from datetime import timedelta

import django

ROUNDS = 6
CENTRE = "municipal-tobolsk"
SURVEY = "ural-network-functions"


def save(username, option_id, barrier, results):
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    connections.close_all()  # a process of its own, a connection of its own
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    barrier.wait()
    response = client.post(
        f"/surveys/{SURVEY}/answer/{CENTRE}/", {"question_rc_functions": [str(option_id)]}
    )
    results.put(response.status_code)


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from centres.models import Centre
    from surveys.models import Option, Response, Survey

    setup_test_environment()
    centre = Centre.objects.get(slug=CENTRE)
    for username in ["anna", "boris"]:
        user, _created = get_user_model().objects.get_or_create(username=username)
        centre.coordinators.add(user)
    today = timezone.localdate()
    Survey.objects.filter(slug=SURVEY).update(
        opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=1)
    )
    options = list(
        Option.objects.filter(question__survey__slug=SURVEY, question__code="rc_functions")
    )[:2]
    context = multiprocessing.get_context("fork")
    for _round in range(ROUNDS):
        Response.objects.filter(centre=centre).delete()  # both saves are the first answer
        connections.close_all()
        barrier, results = context.Barrier(2), context.Queue()
        workers = [
            context.Process(target=save, args=(name, option.pk, barrier, results))
            for name, option in zip(["anna", "boris"], options, strict=True)
        ]
        for worker in workers:
            worker.start()
        statuses = sorted(results.get(timeout=60) for _ in workers)
        for worker in workers:
            worker.join()
        responses = Response.objects.filter(centre=centre)
        chosen = sorted(
            text
            for response in responses
            for text in response.options.values_list("text", flat=True)
        )
        print(json.dumps({"statuses": statuses, "responses": len(responses), "chosen": chosen}))


if __name__ == "__main__":
    sys.exit(main())
