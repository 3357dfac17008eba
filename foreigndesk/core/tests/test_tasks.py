"""A task whose worker died mid-run goes back to the queue after its lease, and runs once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from foreigndesk.core.tasks import requeue_abandoned
from foreigndesk.intake import import_requests
from foreigndesk.intake.models import ImportRequest, Original
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

PAGE = (
    "<html><head><title>Fähren im Nebel</title></head><body><article><h1>Fähren im Nebel</h1>"
    + "<p>Die Fähren zwischen Rostock und Gedser fuhren am Montag mit drei Stunden "
    "Verspätung, weil dichter Nebel über der Ostsee lag und die Lotsen warten mussten.</p>"
    * 3
    + "</article></body></html>"
).encode()


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_killed_worker_runs_again_once(settings, web):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_LEASE_SECONDS = 600
    editor = factories.editor("desk-editor")
    url = web.add("/ferries", Route(PAGE))
    request = import_requests.request_import(user=editor, kind="url", url=url)
    # A worker took the task, then was killed (kill -9) before it finished.
    imports = DBTaskResult.objects.filter(task_path__endswith="run_import")
    task = imports.get()
    started = timezone.now() - datetime.timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["killed"]
    )
    # Within the lease it is left alone: its worker may still be at it.
    assert requeue_abandoned() == 0
    assert requeue_abandoned(now=started + datetime.timedelta(minutes=11)) == 1
    assert imports.get().status == TaskResultStatus.READY
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stdout=io.StringIO()
    )
    request.refresh_from_db()
    assert request.status == ImportRequest.Status.DONE
    assert Original.objects.count() == 1
    assert imports.get().status == TaskResultStatus.SUCCESSFUL
    # Nothing is left to requeue, and running the worker again creates nothing twice.
    assert requeue_abandoned(now=timezone.now() + datetime.timedelta(days=1)) == 0
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0, stdout=io.StringIO()
    )
    assert Original.objects.count() == 1
