"""Time the portal's pages under gunicorn, with the page cache on and off, as ratios to /healthz.

Usage, on a database filled by bench/generate.py (then ANALYZEd):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/pages.py

Runs two passes in one go. Each starts gunicorn with production settings on a
free loopback port, the first with the page cache on (every page served from
the cache after the warm-up), the second with it off (every request renders
afresh, as the first visitor after a change gets it). In each pass every page
is warmed up, then the pages are requested in turns, so that each sees the same
machine load, and each median is divided by the median of /healthz in the same
pass. Prints one Markdown table and exits with 1 when a page is over its limit:
10 × /healthz uncached, 2 × cached (pages the page cache serves; the API is
not among them). Pages that answer 404 (an API not built
yet, a survey missing from the database) are left out with a note.
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
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent

SURVEY = "/surveys/ural-network-functions/"
PAGES = {
    "/healthz": "/healthz",
    "/": "/",
    "/centres/": "/centres/",
    # A word in every generated centre's name: the search matches all 10,000.
    "/centres/?q=ресурсный (every centre)": "/centres/?q=" + quote("ресурсный"),
    "/centres/?q=ресурсного (a word form, every centre)": "/centres/?q=" + quote("ресурсного"),
    "/centres/?q=тобольск (a few)": "/centres/?q=" + quote("тобольск"),
    # A town's word form: «Курган» stems to «курга», so the word cut back to its stem is
    # looked for; 1,434 centres' texts name the region, «Курганская».
    "/centres/?q=в Кургане (a word form of a town)": "/centres/?q=" + quote("в Кургане"),
    # Latin letters that find nothing: the page reads them in the Russian layout and
    # as a place's name, and offers «Тобольск».
    "/centres/?q=Tobolsk (a suggestion)": "/centres/?q=Tobolsk",
    "/centres/?level=municipal&page=50": "/centres/?level=municipal&page=50",
    "/centres/?region=…&sort=name&page=20": "/centres/?region=tyumen-oblast&sort=name&page=20",
    "a regional centre's profile": "/centres/regional-tyumen/",
    "a generated centre's profile": "/centres/bench-centre-5000/",
    "/network/": "/network/",
    "/models/": "/models/",
    "/models/compare/": "/models/compare/",
    "/about/": "/about/",
    "/network/progress/": "/network/progress/",
    "/network/progress/?level=municipal": "/network/progress/?level=municipal",
    "/surveys/": "/surveys/",
    "survey results": SURVEY,
    "survey results, ?level=municipal": SURVEY + "?level=municipal",
    "survey results, ?region=…&model=2": SURVEY + "?region=sverdlovsk-oblast&model=2",
    "/api/centres/": "/api/centres/",
    "/api/centres/?q=ресурсный&page=100": "/api/centres/?q=" + quote("ресурсный") + "&page=100",
    "/api/centres/<slug>/": "/api/centres/regional-tyumen/",
    "/api/models/": "/api/models/",
    "/api/surveys/<slug>/results/": "/api/surveys/ural-network-functions/results/",
    "/api/network/progress/": "/api/network/progress/",
    "/sitemap.xml (the index)": "/sitemap.xml",
    "/sitemap-centres.xml?p=11 (the last 1,000 profiles)": "/sitemap-centres.xml?p=11",
}
UNCACHED_LIMIT = 10
CACHED_LIMIT = 2


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port, workers, cold):
    env = {
        **os.environ,
        # Uncached, every page renders afresh; cached, the page cache serves repeats.
        "PAGE_CACHE_SECONDS": "0" if cold else "600",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        # Runs one after another ask the API thousands of times an hour from one
        # address; every request is still counted, only never refused.
        "API_REQUESTS_PER_HOUR": str(10**9),
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
    return time.perf_counter() - start, response.status


def measure(rounds, workers, cold):
    """{page: median seconds} for one pass; pages answering 404 are dropped."""
    port = free_port()
    server = start_gunicorn(port, workers, cold)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        pages = {}
        for name, path in PAGES.items():
            statuses = {fetch(connection, path)[1] for _ in range(5)}
            if statuses == {404}:
                continue
            if statuses != {200}:
                raise SystemExit(f"{path} answered {sorted(statuses)}")
            pages[name] = path
        times = {name: [] for name in pages}
        for _ in range(rounds):
            for name, path in pages.items():
                times[name].append(fetch(connection, path)[0])
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    cached = measure(args.rounds, args.workers, cold=False)
    uncached = measure(args.rounds, args.workers, cold=True)
    base_cached, base_uncached = cached["/healthz"], uncached["/healthz"]
    print(f"{args.rounds} rounds, {args.workers} gunicorn workers; medians.\n")
    print("| page | cached | ÷ /healthz | uncached | ÷ /healthz |")
    print("| --- | --- | --- | --- | --- |")
    over = []
    for name in PAGES:
        if name not in uncached or name not in cached:
            continue
        ratio_cached = cached[name] / base_cached
        ratio_uncached = uncached[name] / base_uncached
        print(
            f"| {name} | {cached[name] * 1000:.1f} ms | {ratio_cached:.1f} × "
            f"| {uncached[name] * 1000:.1f} ms | {ratio_uncached:.1f} × |"
        )
        # The API is not page-cached (clients keep its answers by ETag): no cached limit.
        page_cached = not PAGES[name].startswith("/api/")
        if (page_cached and ratio_cached > CACHED_LIMIT) or ratio_uncached > UNCACHED_LIMIT:
            over.append(name)
    missing = [name for name in PAGES if name not in uncached]
    if missing:
        print("\nNot measured (404 here): " + ", ".join(missing))
    print(
        f"\nLimits: {UNCACHED_LIMIT} × /healthz uncached, {CACHED_LIMIT} × cached. "
        + (f"Over: {', '.join(over)}." if over else "Every page is within them.")
    )
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
