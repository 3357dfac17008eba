"""gunicorn's settings for foreigndesk: ``gunicorn -c python:foreigndesk.serving foreigndesk.wsgi``.

Threaded workers: a slow or idle client (a keep-alive connection, a phone on a bad network) holds
one thread, not a whole worker, so four idle connections cannot silence ``/healthz`` as they do
with sync workers. Every setting can be changed from the environment.
"""

from __future__ import annotations

import gc
import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Workers are renewed now and then (a slow leak cannot grow for ever), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def post_worker_init(worker: Any) -> None:
    """Once the worker has loaded the site, set what it loaded (Django, the URL conf, the
    templates, the compiled queries) apart from the garbage collector: a full collection then
    walks only what requests make, instead of pausing one request in a few hundred for tens of
    milliseconds to walk the whole program."""
    gc.freeze()


def worker_exit(server: Any, worker: Any) -> None:
    """Write the worker's tally of reads before it goes (a renewal, a reload, a shutdown), so
    that "Hot this week" loses no beacon a departing worker had counted."""
    from foreigndesk.reader.hits import tally  # the app is loaded by now; this file is read first

    tally.flush()
