"""A task worker killed mid-task, as real processes: a ``foreigndesk worker`` takes an import
whose page is slow to come, is killed with SIGKILL while the task is RUNNING; once the lease has
passed the task goes back to the queue, a second worker runs it, and it runs once: one original,
one finished import, nothing created twice by running the worker again."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from foreigndesk.core.tasks import requeue_abandoned
from foreigndesk.intake import import_requests
from foreigndesk.intake.models import ImportRequest, Original
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = (
    "<html><head><title>Lotsen im Nebel</title></head><body><article><h1>Lotsen im Nebel</h1>"
    + "<p>Die Lotsen im Hafen von Warnemünde warteten am Dienstag bis zum Mittag, weil der "
    "Nebel über der Ostsee die Einfahrt der Fähren aus Gedser und Trelleborg verzögerte.</p>"
    * 3
    + "</article></body></html>"
).encode()


def _worker(*arguments: str) -> subprocess.Popen[str]:
    """``foreigndesk worker`` in a process of its own, on the test's database."""
    settings = connection.settings_dict
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "foreigndesk.settings.base",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT'] or 5432}/"
            f"{settings['NAME']}"
        ),
        "FETCH_ALLOWED_NETWORKS": "127.0.0.1/32",
        # Only the imports: the desk's schedule is not what this test is about.
        "FOREIGNDESK_PERIODIC_TASKS": "",
        "FOREIGNDESK_SECRET_KEY": "worker-fault-test-key",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "foreigndesk",
            "worker",
            "--no-reload",
            "--no-startup-delay",
            *list(arguments),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_task_leaves_it_to_be_run_once_after_its_lease(settings, web):
    if connection.vendor != "postgresql":
        pytest.skip("a worker in another process shares the test database only on PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_LEASE_SECONDS = 2
    editor = factories.editor("fault-editor")
    url = web.add("/pilots", Route(PAGE, delay=20))
    request = import_requests.request_import(user=editor, kind="url", url=url)
    imports = DBTaskResult.objects.filter(task_path__endswith="run_import")
    assert imports.get().status == TaskResultStatus.READY

    first = _worker()
    try:
        running = _wait_for(lambda: imports.get().status == TaskResultStatus.RUNNING, 60)
        assert running, "the worker never took the task"
    finally:
        first.send_signal(signal.SIGKILL)
        output = first.communicate(timeout=10)[0]
    assert first.returncode == -signal.SIGKILL, output
    assert imports.get().status == TaskResultStatus.RUNNING  # as a killed worker leaves it
    assert Original.objects.count() == 0

    # Within its lease the task is left alone; after it, it goes back to the queue.
    started = imports.get().started_at
    assert requeue_abandoned(now=started + datetime.timedelta(seconds=1)) == 0
    assert imports.get().status == TaskResultStatus.RUNNING
    assert requeue_abandoned(now=started + datetime.timedelta(seconds=3)) == 1
    assert imports.get().status == TaskResultStatus.READY

    web.add("/pilots", Route(PAGE))
    for _ in range(2):  # a second worker runs it; running one again creates nothing more
        second = _worker("--batch")
        output = second.communicate(timeout=120)[0]
        assert second.returncode == 0, output
    request.refresh_from_db()
    assert request.status == ImportRequest.Status.DONE
    assert Original.objects.count() == 1
    assert imports.get().status == TaskResultStatus.SUCCESSFUL
