"""Tasks the worker enqueues at fixed intervals (``FOREIGNDESK_PERIODIC_TASKS``).

Core knows no domain: the setting names each task by its dotted path, with its interval in
seconds, and the worker enqueues it when due. Every worker does so, so with two workers a task
runs about twice per interval; the tasks themselves must be safe to run at once and again (the
desk's schedule is: each article is published by exactly one of them).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

SETTING = "FOREIGNDESK_PERIODIC_TASKS"


@dataclass(frozen=True)
class PeriodicTask:
    """A task to enqueue every ``interval`` seconds."""

    path: str
    interval: float
    task: Any  # a django-tasks Task: anything with ``enqueue()``


def load_periodic_tasks(config: Mapping[str, Any] | None = None) -> list[PeriodicTask]:
    """The periodic tasks of the setting (or of ``config``); a bad entry is named."""
    config = getattr(settings, SETTING, {}) if config is None else config
    if not isinstance(config, Mapping):
        raise ImproperlyConfigured(f"{SETTING} must map dotted task paths to seconds.")
    tasks = []
    for path, interval in config.items():
        if isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0:
            raise ImproperlyConfigured(
                f"{SETTING}[{path!r}]: the interval must be a number of seconds above 0, "
                f"not {interval!r}."
            )
        try:
            task = import_string(path)
        except ImportError as error:
            raise ImproperlyConfigured(f"{SETTING}: cannot import {path!r} ({error}).") from error
        if not callable(getattr(task, "enqueue", None)):
            raise ImproperlyConfigured(
                f"{SETTING}: {path!r} is not a task (decorate it with django_tasks' @task)."
            )
        tasks.append(PeriodicTask(path=path, interval=float(interval), task=task))
    return tasks


class Schedule:
    """When each periodic task is next due, on a monotonic clock; every task is due at once
    when the schedule starts (a worker catches up after a stop)."""

    def __init__(
        self, tasks: list[PeriodicTask], *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.tasks = list(tasks)
        self.clock = clock
        start = clock()
        self.next_due = {task.path: start for task in self.tasks}

    def run_due(self) -> list[str]:
        """Enqueue every task whose time has come; returns their paths. A task that fails to
        enqueue (the database away) is logged and tried again at its next interval."""
        now = self.clock()
        enqueued = []
        for task in self.tasks:
            if self.next_due[task.path] > now:
                continue
            # The next time counts from now: a late run is not followed by a burst of catch-ups.
            self.next_due[task.path] = now + task.interval
            try:
                task.task.enqueue()
            except Exception:
                logger.exception("Could not enqueue the periodic task %s", task.path)
                continue
            enqueued.append(task.path)
        return enqueued

    def seconds_to_next(self) -> float:
        """How long until a task is next due (0 when one is due now)."""
        if not self.tasks:
            return float("inf")
        return max(0.0, min(self.next_due.values()) - self.clock())


class Scheduler(threading.Thread):
    """A daemon thread beside the worker's loop that enqueues periodic tasks when due."""

    def __init__(self, schedule: Schedule, *, longest_sleep: float = 60.0) -> None:
        super().__init__(name="foreigndesk-periodic", daemon=True)
        self.schedule = schedule
        self.longest_sleep = longest_sleep
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            # This thread has its own database connection: keep it fresh, as requests do.
            close_old_connections()
            for path in self.schedule.run_due():
                logger.info("Enqueued the periodic task %s", path)
            close_old_connections()
            self.stopping.wait(min(self.schedule.seconds_to_next(), self.longest_sleep))

    def stop(self) -> None:
        self.stopping.set()
