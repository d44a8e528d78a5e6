"""What visitors see while PostgreSQL goes away and comes back, under load.

Usage (from the project folder, as root, on a machine whose PostgreSQL you may
stop for a few seconds; it is started again whatever happens):

    .venv/bin/python bench/faults.py [--outage 10] [--clients 8] [--redis]

It prepares the database `portal_faults` (migrate, seed), starts gunicorn with
production settings (2 workers), and sends requests without pause from
`--clients` threads to /, /centres/, a profile and /healthz. After a few
seconds it stops PostgreSQL with pg_ctlcluster, waits `--outage` seconds,
starts it again and goes on for as long again. It prints what the clients saw:
answers by status before, during and after the outage, how soon pages and
/healthz said 503, the slowest answer meanwhile, how soon after the database
was back they said 200 again, and the errors after that (there should be none).
Without --redis the page cache lives in the database too; with it, in Redis.
"""

import argparse
import collections
import http.client
import math
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8300
DATABASE = "portal_faults"
PAGES = ["/", "/centres/", "/centres/municipal-tobolsk/"]
HEALTH = "/healthz"
CLUSTER = ["pg_ctlcluster", "--skip-systemctl-redirect"]
OUTAGE_PAGE = "Портал временно недоступен".encode()


def environment(redis):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-faults-secret-key-not-for-production-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    )
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6379/3"
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def cluster(action):
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run([*CLUSTER, version, "main", action], check=True, capture_output=True)


def database_ready():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0


def get(path):
    """The status, or the exception's name; a 503 without the Russian page and
    Retry-After is counted apart as «503 bare»."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        status, body = response.status, response.read()
        if status == 503 and path != HEALTH:
            if OUTAGE_PAGE not in body or not response.getheader("Retry-After"):
                status = "503 bare"
    except OSError as error:
        status = type(error).__name__
    finally:
        connection.close()
    return status


class Clients:
    """Threads asking for pages without pause; every answer is kept with its times."""

    def __init__(self, count):
        self.records = []  # (started, finished, path, status)
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self.work, args=(n,)) for n in range(count)]

    def work(self, number):
        paths = [*PAGES, HEALTH]
        turn = number
        while self.running:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.monotonic()
            status = get(path)
            with self.lock:
                self.records.append((started, time.monotonic(), path, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join()


def first(records, after, path_test, status):
    times = [done - after for begun, done, path, s in records
             if begun >= after and path_test(path) and s == status]  # fmt: skip
    return min(times, default=None)


def report(records, moments, args):
    """Print what the clients saw in each phase of the outage."""
    stopping, down, starting, back = moments

    def is_page(path):
        return path != HEALTH

    def is_health(path):
        return path == HEALTH

    def seconds(value):
        return "never" if value is None else f"{value:.2f} s"

    phases = {
        "before": (float("-inf"), stopping),
        "while PostgreSQL stops": (stopping, down),
        "while it is down": (down, starting),
        "while it starts": (starting, back),
        "after": (back, float("inf")),
    }
    print(f"Clients: {args.clients}; outage: {args.outage} s; page cache: "
          f"{'Redis' if args.redis else 'in the database'}\n")  # fmt: skip
    print("| phase | seconds | requests | answers by status | slowest |")
    print("| --- | --- | --- | --- | --- |")
    for name, (begin, end) in phases.items():
        rows = [r for r in records if begin <= r[0] < end]
        counts = collections.Counter(status for *_times, status in rows)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str))
        length = "" if math.isinf(begin) or math.isinf(end) else f"{end - begin:.1f}"
        slowest = max((done - begun for begun, done, *_rest in rows), default=0)
        print(f"| {name} | {length} | {len(rows)} | {shown} | {slowest * 1000:.0f} ms |")
    recovered = min(
        (done for begun, done, path, status in records if begun >= back and status == 200),
        default=None,
    )
    after_recovery = [r for r in records if recovered is not None and r[0] >= recovered]
    print()
    print(f"- first 503 of a page after the stop began: "
          f"{seconds(first(records, stopping, is_page, 503))}")  # fmt: skip
    print(f"- first 503 of /healthz after the stop began: "
          f"{seconds(first(records, stopping, is_health, 503))}")  # fmt: skip
    print(f"- first 200 of a page once PostgreSQL answered again: "
          f"{seconds(first(records, back, is_page, 200))}")  # fmt: skip
    print(f"- first 200 of /healthz once PostgreSQL answered again: "
          f"{seconds(first(records, back, is_health, 200))}")  # fmt: skip
    errors = [r for r in after_recovery if r[3] != 200]
    print(f"- answers after recovery: {len(after_recovery)}, not 200: {len(errors)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outage", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--redis", action="store_true")
    args = parser.parse_args()

    env = environment(args.redis)
    if not database_ready():
        cluster("start")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE],
                   capture_output=True)  # fmt: skip
    manage(env, "migrate", "--noinput")
    manage(env, "seed_network")
    manage(env, "collectstatic", "--noinput")
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "network_portal.wsgi", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _attempt in range(100):
            if get(HEALTH) == 200:
                break
            time.sleep(0.1)
        with Clients(args.clients) as clients:
            time.sleep(5)
            stopping = time.monotonic()
            cluster("stop")
            down = time.monotonic()
            time.sleep(args.outage)
            starting = time.monotonic()
            cluster("start")
            while not database_ready():
                time.sleep(0.05)
            back = time.monotonic()
            time.sleep(max(args.outage, 5))
        report(clients.records, (stopping, down, starting, back), args)
    finally:
        server.terminate()
        server.wait()
        if not database_ready():
            cluster("start")


if __name__ == "__main__":
    main()
