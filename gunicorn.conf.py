"""gunicorn settings for `make serve`; each can be overridden from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * os.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Requests and errors go to the standard streams, where systemd or docker collect them.
accesslog = "-"
errorlog = "-"
# Recycle workers now and then so a slow leak can't grow for ever.
max_requests = 2000
max_requests_jitter = 200
