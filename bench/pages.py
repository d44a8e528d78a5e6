"""Time the portal's pages under gunicorn, each as a ratio to /healthz in the same run.

Usage, on a database filled by bench/generate.py:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/pages.py

Starts gunicorn with production settings on a free loopback port, warms each
page up, then requests them in turns (so every page sees the same machine
load) and prints a Markdown table of median and 95th percentile times.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = {
    "/healthz": "/healthz",
    "/": "/",
    "/centres/": "/centres/",
    "/centres/?q=…": "/centres/?q=%D1%82%D0%BE%D0%B1%D0%BE%D0%BB%D1%8C%D1%81%D0%BA%D0%B5",
    "profile": "/centres/regional-tyumen/",
    "/models/compare/": "/models/compare/",
    "survey results": "/surveys/ural-network-functions/",
}
LIMIT = 10  # every page must stay under 10 × /healthz


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, workers, cold):
    env = {
        **os.environ,
        # --cold renders every page afresh; otherwise the page cache serves repeats.
        "PAGE_CACHE_SECONDS": "0" if cold else "600",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
    }
    for command in (["collectstatic", "--noinput", "--verbosity", "0"], ["createcachetable"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "network_portal.wsgi",
         "--config", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def fetch(connection, path):
    start = time.perf_counter()
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - start
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return elapsed


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold", action="store_true", help="turn the page cache off")
    args = parser.parse_args()

    port = free_port()
    server = start_gunicorn(port, args.workers, args.cold)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for path in PAGES.values():
            for _ in range(5):
                fetch(connection, path)
        times = {name: [] for name in PAGES}
        for _ in range(args.rounds):
            for name, path in PAGES.items():
                times[name].append(fetch(connection, path))
    finally:
        server.terminate()
        server.wait(timeout=10)

    base = statistics.median(times["/healthz"])
    cache = "off" if args.cold else "on"
    print(f"Page cache {cache}, {args.rounds} rounds, {args.workers} gunicorn workers.\n")
    print("| page | median | p95 | median ÷ /healthz |")
    print("| --- | --- | --- | --- |")
    worst = 0
    for name, values in times.items():
        ratio = statistics.median(values) / base
        worst = max(worst, ratio)
        print(
            f"| {name} | {statistics.median(values) * 1000:.1f} ms | {p95(values) * 1000:.1f} ms "
            f"| {ratio:.1f} |"
        )
    print(f"\nWorst ratio: {worst:.1f} (limit {LIMIT})")
    sys.exit(0 if worst < LIMIT else 1)


if __name__ == "__main__":
    main()
