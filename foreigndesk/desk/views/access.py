"""Who may open the translating and revisions pages, and how a refused write there answers."""

from __future__ import annotations

from foreigndesk.newsroom.editing import StaleEdit
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed, WorkflowError

from ..access import desk_page

#: The desk's translators and editors (any desk role); anyone else logs in, or is refused (403).
desk_staff = desk_page()


def status_of(error: WorkflowError) -> int:
    """The HTTP status of a refusal: 403 not allowed, 409 a conflict with the state or a newer
    save, else 400 (bad input)."""
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, StaleEdit | IllegalMove):
        return 409
    return 400
