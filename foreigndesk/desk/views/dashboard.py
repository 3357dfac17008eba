"""The desk's front page: each person's work for the day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foreigndesk.newsroom.states import State

from .. import selectors
from ..access import desk_page


@desk_page()
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """My claims, my reviews, suggestions to triage, the schedule and what is overdue."""
    return render(
        request,
        "desk/dashboard.html",
        {"dashboard": selectors.dashboard(request.user), "open_state": State.ACCEPTED},
    )
