"""The queue: the desk's translations, narrowed by language, country, state and person."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from foreigndesk.newsroom.states import State

from .. import selectors
from ..access import desk_page
from ..workflow_forms import QueueFilterForm

PAGE_SIZE = 25


@desk_page()
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The translations a person may see, filtered by a GET form, a page at a time."""
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "desk/queue.html",
            {"form": form, "page": None, "open_state": State.ACCEPTED},
            status=400,
        )
    translations = selectors.queue(request.user, form.filters())
    page = Paginator(translations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "desk/queue.html",
        {"form": form, "page": page, "query": query.urlencode(), "open_state": State.ACCEPTED},
    )
