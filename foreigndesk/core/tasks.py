"""Keeping the task queue honest: a task whose worker died mid-run goes back to the queue.

django-tasks' database worker marks a task RUNNING when it starts it; a worker killed then
(``kill -9``, a machine lost) leaves it RUNNING for ever, and the person waiting on an import
sees "Waiting" for ever. A task still running after ``FOREIGNDESK_TASK_LEASE_SECONDS`` is taken
to be abandoned and made ready again. The desk's tasks are safe to run twice: an import that
already created its original finds it as a duplicate, and the others recompute what they own.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def requeue_abandoned(*, now: datetime.datetime | None = None) -> int:
    """Put back in the queue every task RUNNING for longer than the lease; how many."""
    now = now or timezone.now()
    deadline = now - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
    with transaction.atomic():
        abandoned = list(
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING, started_at__lt=deadline)
            .values_list("id", "task_path")
        )
        if abandoned:
            DBTaskResult.objects.filter(id__in=[pk for pk, _ in abandoned]).update(
                status=TaskResultStatus.READY, started_at=None
            )
    for pk, path in abandoned:
        logger.warning("Task %s (%s) outlived its lease; it was put back in the queue", pk, path)
    return len(abandoned)


@task()
def requeue_abandoned_tasks() -> int:
    """The periodic form of :func:`requeue_abandoned`, run by ``foreigndesk worker``."""
    return requeue_abandoned()
