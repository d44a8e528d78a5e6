"""Two coordinators press «Save» on one profile at the same moment, in separate processes.

Run by tests/centres/test_simultaneous_saves.py against a database of its own
(DATABASE_URL), as app server workers would share it. Prints one JSON line per
round: each save's status, and whether the refused one kept what was typed.
"""

import json
import multiprocessing
import sys

import django

ROUNDS = 8


def save(centre_slug, username, phone, version, barrier, results):
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    connections.close_all()  # a process of its own, a connection of its own
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    from centres.models import Centre

    centre = Centre.objects.get(slug=centre_slug)
    data = {
        "name": centre.name, "description": "", "address": "", "phone": phone, "email": "",
        "website": "", "vk_url": "", "telegram_url": "", "ok_url": "",
        "latitude": centre.latitude, "longitude": centre.longitude, "version": version,
    }  # fmt: skip
    barrier.wait()
    response = client.post(f"/centres/{centre_slug}/edit/", data)
    html = response.content.decode() if response.status_code == 200 else ""
    results.put(
        {
            "status": response.status_code,
            "conflict": 'id="edit-conflict"' in html,
            "kept": phone in html,
        }
    )


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test.utils import setup_test_environment

    from centres.models import Centre

    setup_test_environment()
    centre = Centre.objects.get(slug="municipal-tobolsk")
    for username in ["anna", "boris"]:
        user, _created = get_user_model().objects.get_or_create(username=username)
        centre.coordinators.add(user)
    context = multiprocessing.get_context("fork")
    for round_number in range(ROUNDS):
        version = Centre.objects.get(pk=centre.pk).version
        connections.close_all()
        barrier, results = context.Barrier(2), context.Queue()
        workers = [
            context.Process(
                target=save,
                args=(
                    centre.slug,
                    name,
                    f"+7 3456 {round_number:02}-00-0{n}",
                    version,
                    barrier,
                    results,
                ),
            )
            for n, name in enumerate(["anna", "boris"])
        ]
        for worker in workers:
            worker.start()
        outcome = sorted((results.get(timeout=60) for _ in workers), key=lambda r: r["status"])
        for worker in workers:
            worker.join()
        print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    sys.exit(main())
