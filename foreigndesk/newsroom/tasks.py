"""Background tasks of the desk's schedule, run by `foreigndesk worker` (at once under test
settings). The worker enqueues them at the intervals of ``FOREIGNDESK_PERIODIC_TASKS``; every
worker does, and each is safe to run at once and again. `foreigndesk run-due` runs both once,
for cron."""

from __future__ import annotations

from django_tasks import task


@task()
def publish_due() -> list[int]:
    """Publish the scheduled translations whose time has come."""
    from .transitions import publish_due as run

    return run()


@task()
def expire_claims() -> list[int]:
    """Return claims without recent activity to the open queue."""
    from .transitions import expire_claims as run

    return run()


@task()
def run_page_import(request_id: int) -> str:
    """Import a bilingual page someone asked for at the desk; the outcome is kept on the request."""
    from .page_import import run_page_import_request

    return str(run_page_import_request(request_id=request_id).status)


@task()
def watch_originals() -> list[int]:
    """Fetch again the originals of published translations that are due, one per outlet."""
    from .watching import check_due_originals

    return check_due_originals()


@task()
def check_original(original_id: int) -> str:
    """Fetch one original again, as an editor asked."""
    from foreigndesk.intake.watch import check_original as run

    return str(run(original_id).outcome)


@task()
def refresh_archive_tables() -> int:
    """Learn the aligner's word tables again from the published translations' alignments."""
    from .archive import refresh_archive_tables as run

    return sum(1 for table in run() if not table.kept_old)
