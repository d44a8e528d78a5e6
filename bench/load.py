"""Load test: 50 concurrent clients for 60 s against the registry, a profile and the results.

Usage, on a database filled by bench/generate.py (needs Debian's wrk):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/load.py
    # one page only, page cache off, 20 s:
    DATABASE_URL=… .venv/bin/python bench/load.py --cold --seconds 20 --page /centres/

Starts gunicorn on a free loopback port, runs wrk with bench/load.lua, and
fails if any response was an error or a connection failed.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

from pages import free_port, start_gunicorn

HERE = Path(__file__).resolve().parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold", action="store_true", help="turn the page cache off")
    parser.add_argument("--page", help="request only this path (default: three pages in turn)")
    args = parser.parse_args()

    port = free_port()
    server = start_gunicorn(port, args.workers, args.cold)
    try:
        result = subprocess.run(
            ["wrk", "--threads", "2", "--connections", str(args.connections),
             "--duration", f"{args.seconds}s", "--timeout", "10s", "--latency",
             *([] if args.page else ["--script", str(HERE / "load.lua")]),
             f"http://127.0.0.1:{port}{args.page or ''}"],
            capture_output=True, text=True, check=True, timeout=args.seconds + 60,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    socket_errors = re.search(r"Socket errors: (.*)", result.stdout)
    if errors or socket_errors:
        sys.exit(
            f"errors: {errors and errors.group(0)} {socket_errors and socket_errors.group(0)}"
        )


if __name__ == "__main__":
    main()
