"""Read counts survive a web worker's restart, as real processes: gunicorn as the README runs it
counts reads in each worker's memory, and a graceful restart (SIGHUP, as a deploy sends) or a
stop (SIGTERM) writes every pending tally before the workers go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from foreigndesk.reader.models import DailyViews
from foreigndesk.testing import factories
from foreigndesk.testing.daemon import free_port

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130"


def _gunicorn(port: int) -> subprocess.Popen[str]:
    settings = connection.settings_dict
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "foreigndesk.settings.base",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        ),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        # Nothing is written on a timer: what reaches the table is what the exits wrote.
        "FOREIGNDESK_VIEWS_FLUSH_SECONDS": "3600",
        "FOREIGNDESK_PERIODIC_TASKS": "",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    return subprocess.Popen(
        [gunicorn, "-c", "python:foreigndesk.serving", "foreigndesk.wsgi"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _get(url: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def _wait_until_up(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if _get(f"http://127.0.0.1:{port}/healthz") == 200:
                return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    output = process.stdout.read() if process.stdout and process.poll() is not None else ""
    pytest.fail(f"gunicorn did not start: {output[-2000:]}")


def _views(translation_id: int) -> int:
    return sum(
        DailyViews.objects.filter(translation_id=translation_id).values_list("views", flat=True)
    )


def test_reads_counted_in_memory_survive_a_restart_and_a_stop():
    if connection.vendor != "postgresql":
        pytest.skip("the web server's processes share the test database only on PostgreSQL")
    translation = factories.translation(title="Counted across a restart")
    port = free_port()
    server = _gunicorn(port)
    try:
        _wait_until_up(port, server)
        for _ in range(20):
            assert _get(f"http://127.0.0.1:{port}/hit/{translation.pk}/") == 204
        assert _views(translation.pk) == 0  # still in the workers' memory
        server.send_signal(signal.SIGHUP)  # a deploy: new workers, the old ones leave
        deadline = time.monotonic() + 30
        while _views(translation.pk) < 20 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _views(translation.pk) == 20
        _wait_until_up(port, server)
        for _ in range(7):
            assert _get(f"http://127.0.0.1:{port}/hit/{translation.pk}/") == 204
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert _views(translation.pk) == 27
