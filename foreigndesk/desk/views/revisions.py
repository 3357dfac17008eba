"""A translation's revisions: the list, any two compared word by word, and restoring one."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from foreigndesk.newsroom.editing import StaleEdit, restore_revision
from foreigndesk.newsroom.models import Revision, Translation
from foreigndesk.newsroom.selectors import compare_texts, revision_summaries
from foreigndesk.newsroom.workflow import WorkflowError

from ..access import refusal_status
from ..selectors import visible_translations
from ..translate_forms import RestoreForm, first_error
from .access import desk_staff


def _translation(request: HttpRequest, pk: int) -> Translation:
    """The translation, if the person may open it at the desk (404 otherwise)."""
    return get_object_or_404(visible_translations(request.user).select_related("language"), pk=pk)


def _revision(translation: Translation, number: int) -> Revision:
    revision = Revision.objects.filter(translation=translation, number=number).first()
    if revision is None:
        raise Http404(f"“{translation.title}” has no stored revision {number}.")
    return revision


@desk_staff
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every stored revision, newest first: number, author, date, words added and removed.
    The form to compare two (``?a=&b=``, without JavaScript) leads to their comparison."""
    translation = _translation(request, pk)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if a.isdigit() and b.isdigit():
        return redirect(reverse("desk:revision_compare", args=[pk, int(a), int(b)]))
    return render(
        request,
        "desk/revisions.html",
        {"translation": translation, "summaries": revision_summaries(translation)},
    )


@desk_staff
def compare(request: HttpRequest, pk: int, a: int, b: int) -> HttpResponse:
    """Revision ``a`` against revision ``b``, block by block, word by word."""
    translation = _translation(request, pk)
    old, new = _revision(translation, a), _revision(translation, b)
    return render(
        request,
        "desk/revision_compare.html",
        {
            "translation": translation,
            "old": old,
            "new": new,
            "comparison": compare_texts(old, new),
            "numbers": list(
                Revision.objects.filter(translation=translation)
                .order_by("-number")
                .values_list("number", flat=True)
            ),
        },
    )


def _restore_page(
    request: HttpRequest,
    translation: Translation,
    revision: Revision,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "desk/revision_restore.html",
        {
            "translation": translation,
            "revision": revision,
            "comparison": compare_texts(translation, revision),
            "error": error,
        },
        status=status,
    )


@desk_staff
@require_http_methods(["GET", "POST"])
def restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Ask for confirmation, showing what would change (GET); restore as a new revision (POST)."""
    translation = _translation(request, pk)
    revision = _revision(translation, number)
    if request.method == "GET":
        return _restore_page(request, translation, revision)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return _restore_page(request, translation, revision, error=first_error(form), status=400)
    try:
        restored = restore_revision(
            actor=request.user,
            translation=translation,
            number=number,
            expected_revision=form.cleaned_data["revision"],
        )
    except StaleEdit as stale:
        error = (
            f"{stale.saved_by or 'Someone'} saved this translation (revision "
            f"{stale.current_revision}) after you opened this page; nothing was restored. "
            "Here is what restoring would change now."
        )
        return _restore_page(request, _translation(request, pk), revision, error=error, status=409)
    except WorkflowError as refusal:
        return _restore_page(
            request, translation, revision, error=str(refusal), status=refusal_status(refusal)
        )
    if restored.revision == form.cleaned_data["revision"]:
        messages.info(request, f"The text is already that of revision {number}: nothing changed.")
    else:
        messages.success(request, f"Revision {number} restored as revision {restored.revision}.")
    return redirect(reverse("desk:revisions", args=[pk]))
