"""Background tasks of intake, run by `foreigndesk worker` (or at once, under the test settings)."""

from __future__ import annotations

from django_tasks import task

from .actions import run_import_request


@task()
def run_import(request_id: int) -> str:
    """Fetch and extract a requested import; the result is stored on the request."""
    return str(run_import_request(request_id=request_id).status)
