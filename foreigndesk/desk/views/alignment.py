"""The desk's alignment editor: an editor corrects which paragraphs of a translation render
which paragraphs of its original, row by row, with plain forms that work without JavaScript."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from foreigndesk.newsroom.actions import StaleAlignment, edit_alignment, recompute_alignment
from foreigndesk.newsroom.alignment_editor import alignment_editor as editor_rows
from foreigndesk.newsroom.alignment_editor import current_beads, translations_for_alignment
from foreigndesk.newsroom.models import Translation

from ..alignment_forms import AlignmentEditForm, RecomputeAlignmentForm

View = Callable[..., HttpResponse]


def editors_only(view: View) -> View:
    """People who may change translations (the editor role); anyone else is sent to log in,
    or refused (403). Being staff (admin access) is neither needed nor enough."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if not user.has_perm("newsroom.change_translation"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _editor_page(
    request: HttpRequest, translation: Translation, *, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "desk/alignment.html",
        {"editor": editor_rows(translation), "error": error},
        status=status,
    )


def _editor_url(translation: Translation, row: int | None = None) -> str:
    url = reverse("desk:alignment", args=[translation.pk])
    return f"{url}#row-{row}" if row else url


@editors_only
def alignment_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows of a translation's alignment, each with its corrections."""
    translation = get_object_or_404(translations_for_alignment(), pk=pk)
    return _editor_page(request, translation)


@editors_only
@require_POST
def alignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply one correction to one row, then show the page again with what was done."""
    translation = get_object_or_404(translations_for_alignment(), pk=pk)
    form = AlignmentEditForm(request.POST)
    if not form.is_valid():
        return _editor_page(request, translation, error=form.first_error(), status=400)
    data = form.cleaned_data
    rows_before = len(current_beads(translation))
    try:
        edited = edit_alignment(
            translation=translation,
            operation=data["operation"],
            bead_index=data["bead"],
            expected_version=data["version"],
            cut=data["cut"],
        )
    except StaleAlignment as stale:
        return _editor_page(request, translation, error=stale.message, status=409)
    except ValidationError as error:
        return _editor_page(request, translation, error=" ".join(error.messages), status=400)
    number = data["bead"] + 1
    if data["operation"] == "join":
        done = f"Rows {number} and {number + 1} joined into one pair."
    elif data["operation"] == "split":
        parts = len(current_beads(edited)) - rows_before + 1
        done = f"Row {number} split into {parts} rows."
    else:
        done = (
            f"Row {number} detached: its original paragraphs are now an omission, its "
            "translation paragraphs a translator's addition."
        )
    messages.success(request, done)
    return redirect(_editor_url(translation, number))


@editors_only
@require_http_methods(["GET", "POST"])
def alignment_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (GET), then align the translation again with the aligner (POST)."""
    translation = get_object_or_404(translations_for_alignment(), pk=pk)
    if request.method == "GET":
        return render(
            request, "desk/alignment_recompute.html", {"editor": editor_rows(translation)}
        )
    form = RecomputeAlignmentForm(request.POST)
    if not form.is_valid():
        message = str(next(iter(form.errors.values()))[0])
        return _editor_page(request, translation, error=message, status=400)
    try:
        recompute_alignment(translation=translation, expected_version=form.cleaned_data["version"])
    except StaleAlignment as stale:
        return _editor_page(request, translation, error=stale.message, status=409)
    except ValidationError as error:
        return _editor_page(request, translation, error=" ".join(error.messages), status=400)
    messages.success(
        request, "The alignment was computed again by the aligner; manual corrections are gone."
    )
    return redirect(_editor_url(translation))
