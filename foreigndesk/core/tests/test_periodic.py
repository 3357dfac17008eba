"""The worker's periodic tasks: the setting, the schedule on a fake clock, the thread, the command."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from foreigndesk.core import periodic
from foreigndesk.core.management.commands import worker
from foreigndesk.core.periodic import PeriodicTask, Schedule, Scheduler, load_periodic_tasks
from foreigndesk.settings.base import env_intervals


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeTask:
    def __init__(self, fail: bool = False) -> None:
        self.enqueued = 0
        self.fail = fail

    def enqueue(self) -> None:
        if self.fail:
            raise RuntimeError("the database is away")
        self.enqueued += 1


def schedule_of(clock: FakeClock, **intervals: float) -> tuple[Schedule, dict[str, FakeTask]]:
    tasks = {name: FakeTask() for name in intervals}
    schedule = Schedule(
        [PeriodicTask(name, seconds, tasks[name]) for name, seconds in intervals.items()],
        clock=clock,
    )
    return schedule, tasks


def test_each_task_is_enqueued_at_start_then_at_its_interval():
    clock = FakeClock()
    schedule, tasks = schedule_of(clock, publish=60, expire=300)
    assert schedule.run_due() == ["publish", "expire"]
    assert schedule.run_due() == []  # nothing twice at the same moment
    assert schedule.seconds_to_next() == 60
    clock.now += 59.9
    assert schedule.run_due() == []
    clock.now += 0.1
    assert schedule.run_due() == ["publish"]
    clock.now += 240
    assert schedule.run_due() == ["publish", "expire"]
    assert (tasks["publish"].enqueued, tasks["expire"].enqueued) == (3, 2)


def test_a_late_run_is_not_followed_by_a_burst_of_catch_ups():
    clock = FakeClock()
    schedule, tasks = schedule_of(clock, publish=60)
    schedule.run_due()
    clock.now += 600  # the machine slept through ten intervals
    assert schedule.run_due() == ["publish"]
    assert schedule.run_due() == []
    assert schedule.seconds_to_next() == 60
    assert tasks["publish"].enqueued == 2


def test_a_task_that_cannot_be_enqueued_waits_for_its_next_turn(caplog):
    clock = FakeClock()
    broken, working = FakeTask(fail=True), FakeTask()
    schedule = Schedule(
        [PeriodicTask("broken", 60, broken), PeriodicTask("working", 60, working)], clock=clock
    )
    assert schedule.run_due() == ["working"]
    assert "Could not enqueue the periodic task broken" in caplog.text
    assert schedule.run_due() == []
    clock.now += 60
    assert schedule.run_due() == ["working"]


def test_no_task_means_nothing_to_wait_for():
    assert Schedule([], clock=FakeClock()).seconds_to_next() == float("inf")


def test_the_thread_enqueues_until_stopped():
    enqueued = threading.Event()

    class Task:
        def enqueue(self) -> None:
            enqueued.set()

    scheduler = Scheduler(Schedule([PeriodicTask("task", 3600, Task())]))
    scheduler.start()
    assert enqueued.wait(5)
    scheduler.stop()
    scheduler.join(5)
    assert not scheduler.is_alive()


def test_the_default_setting_names_the_desks_schedule(settings):
    tasks = {task.path: task.interval for task in load_periodic_tasks()}
    assert tasks == {
        "foreigndesk.newsroom.tasks.publish_due": 60,
        "foreigndesk.newsroom.tasks.expire_claims": 300,
        "foreigndesk.core.tasks.requeue_abandoned_tasks": 300,
        "foreigndesk.newsroom.tasks.watch_originals": 60,
        "foreigndesk.newsroom.tasks.refresh_archive_tables": 86400,
        "foreigndesk.reader.tasks.roll_week_views": 300,
    }


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"foreigndesk.newsroom.tasks.publish_due": 0}, "above 0"),
        ({"foreigndesk.newsroom.tasks.publish_due": "often"}, "above 0"),
        ({"foreigndesk.newsroom.tasks.no_such_task": 60}, "cannot import"),
        ({"foreigndesk.newsroom.transitions.publish_due": 60}, "is not a task"),
        (["foreigndesk.newsroom.tasks.publish_due"], "must map"),
    ],
)
def test_a_bad_setting_is_named(config, message):
    with pytest.raises(ImproperlyConfigured, match=message) as caught:
        load_periodic_tasks(config)
    assert periodic.SETTING in str(caught.value)


def test_the_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("TASKS_EVERY", "a.b.c=30, d.e=1.5")
    assert env_intervals("TASKS_EVERY", "") == {"a.b.c": 30.0, "d.e": 1.5}
    monkeypatch.setenv("TASKS_EVERY", "")
    assert env_intervals("TASKS_EVERY", "x.y=1") == {}
    monkeypatch.setenv("TASKS_EVERY", "a.b.c")
    with pytest.raises(ImproperlyConfigured, match=r"dotted\.path=seconds"):
        env_intervals("TASKS_EVERY", "")


@pytest.mark.parametrize(
    ("options", "environment", "starts"),
    [
        ({"reload": False, "batch": False}, None, True),
        ({"reload": False, "batch": False, "periodic": False}, None, False),
        ({"reload": False, "batch": True}, None, False),
        ({"reload": True, "batch": False}, None, False),  # the reloader's watching parent
        ({"reload": True, "batch": False}, "true", True),  # its child runs the loop
    ],
)
def test_the_worker_command_starts_the_scheduler_beside_its_loop(
    monkeypatch, options, environment, starts
):
    started, looped = [], []

    class FakeScheduler:
        def __init__(self, schedule: Schedule) -> None:
            self.schedule = schedule

        def start(self) -> None:
            started.append([task.path for task in self.schedule.tasks])

    monkeypatch.setattr(worker, "Scheduler", FakeScheduler)
    monkeypatch.setattr(
        worker.DatabaseWorkerCommand, "handle", lambda self, *a, **kw: looped.append(kw)
    )
    if environment:
        monkeypatch.setenv(worker.DJANGO_AUTORELOAD_ENV, environment)
    else:
        monkeypatch.delenv(worker.DJANGO_AUTORELOAD_ENV, raising=False)
    worker.Command().handle(**options)
    assert bool(started) is starts
    assert len(looped) == 1
    if starts:
        assert started[0] == [
            "foreigndesk.newsroom.tasks.publish_due",
            "foreigndesk.newsroom.tasks.expire_claims",
            "foreigndesk.core.tasks.requeue_abandoned_tasks",
            "foreigndesk.newsroom.tasks.watch_originals",
            "foreigndesk.newsroom.tasks.refresh_archive_tables",
            "foreigndesk.reader.tasks.roll_week_views",
        ]


@pytest.mark.django_db
def test_the_schedules_tasks_publish_what_is_due_when_the_worker_enqueues_them():
    """Under the test settings a task runs as it is enqueued: the worker's first round
    publishes a scheduled article whose time has come, once."""
    from foreigndesk.newsroom.models import Translation
    from foreigndesk.newsroom.states import State
    from foreigndesk.testing import factories

    chief = factories.editor("chief")
    translation = factories.full_article(state=State.APPROVED)
    Translation.objects.filter(pk=translation.pk).update(
        approved_by=chief, scheduled_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    clock = FakeClock()
    schedule = Schedule(load_periodic_tasks(), clock=clock)
    schedule.run_due()
    translation.refresh_from_db()
    assert translation.state == State.PUBLISHED
    clock.now += 60
    assert schedule.run_due() == [
        "foreigndesk.newsroom.tasks.publish_due",
        "foreigndesk.newsroom.tasks.watch_originals",
    ]
    assert Translation.objects.filter(state=State.PUBLISHED).count() == 1
