"""``foreigndesk worker``: run the project's background tasks from the database queue, and
enqueue the periodic ones (``FOREIGNDESK_PERIODIC_TASKS``) at their intervals."""

import logging
import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from foreigndesk.core.periodic import Schedule, Scheduler, load_periodic_tasks

logger = logging.getLogger(__name__)


class Command(DatabaseWorkerCommand):
    help = (
        "Run the desk's background tasks (imports, related articles, the search index, the "
        "schedule) from the database queue until stopped; periodic tasks are enqueued at their "
        "intervals."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="Do not enqueue the periodic tasks (e.g. when cron runs `foreigndesk run-due`).",
        )

    def handle(self, *args: Any, periodic: bool = True, **options: Any) -> None:
        tasks = load_periodic_tasks()  # a bad setting stops the worker before it starts
        reloader_parent = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        # The reloader's parent process only watches files; the child runs the loop and this.
        if periodic and tasks and not options.get("batch") and not reloader_parent:
            Scheduler(Schedule(tasks)).start()
            logger.info(
                "Periodic tasks: %s",
                ", ".join(f"{task.path} every {task.interval:g} s" for task in tasks),
            )
        super().handle(*args, **options)
