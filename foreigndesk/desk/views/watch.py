"""Originals changed by their outlets after the desk published a translation: the list for
editors, one original's changes beside the translation, and the editor's two answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from foreigndesk.core.ratelimits import limited
from foreigndesk.intake.models import Original, OriginalWatch
from foreigndesk.newsroom import tasks
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import PUBLIC_STATES
from foreigndesk.newsroom.watching import changed_rows, mark_original_checked, needing_review

from ..access import desk_page

editors_only = desk_page("newsroom.triage_original")


@editors_only
@require_GET
def original_changes(request: HttpRequest) -> HttpResponse:
    """Originals of published translations that their outlets changed, removed or moved."""
    return render(request, "desk/original_changes.html", {"watches": needing_review()})


def _original(pk: int) -> Original:
    try:
        return Original.objects.select_related("outlet", "language").get(pk=pk)
    except Original.DoesNotExist:
        raise Http404("No such original.") from None


@editors_only
@require_GET
def original_watch(request: HttpRequest, pk: int) -> HttpResponse:
    """What the last check of an original found, the changed paragraphs word by word beside
    each published translation's paired paragraphs."""
    original = _original(pk)
    watch = OriginalWatch.objects.filter(original=original).first()
    translations = list(
        Translation.objects.filter(original=original, state__in=PUBLIC_STATES).order_by("pk")
    )
    comparisons = []
    if watch is not None and watch.outcome == OriginalWatch.Outcome.CHANGED:
        watch.original = original
        comparisons = [
            (translation, changed_rows(watch, translation)) for translation in translations
        ] or [(None, changed_rows(watch, None))]
    return render(
        request,
        "desk/original_watch.html",
        {
            "original": original,
            "watch": watch,
            "translations": translations,
            "comparisons": comparisons,
        },
    )


@editors_only
@require_POST
@limited("imports", key="user")
def original_watch_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Fetch the original again now (by the worker)."""
    original = _original(pk)
    if not original.url:
        messages.error(request, "This original has no address to fetch it from.")
        return redirect("desk:original_watch", pk=pk)
    if not Translation.objects.filter(original=original, state__in=PUBLIC_STATES).exists():
        messages.error(request, "Only the originals of published translations are watched.")
        return redirect("desk:original_watch", pk=pk)
    tasks.check_original.enqueue(original.pk)
    messages.success(request, "The original is being fetched again; this page shows the result.")
    return redirect("desk:original_watch", pk=pk)


@editors_only
@require_POST
def original_watch_checked(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor found nothing to correct: the changed text counts as seen."""
    original = _original(pk)
    watch = OriginalWatch.objects.filter(original=original).first()
    if watch is None or not watch.needs_review:
        messages.error(request, "There is no change of this original waiting to be checked.")
        return redirect("desk:original_watch", pk=pk)
    mark_original_checked(watch=watch, actor=request.user)
    messages.success(request, "Marked as checked: the translation stays as it is.")
    return redirect("desk:original_changes")
