"""A translation's desk page: where it stands, what it still needs, the moves the person may
make now (one form each), the audit trail and the comment thread."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from foreigndesk.newsroom import editing
from foreigndesk.newsroom.models import Comment, Translation
from foreigndesk.newsroom.workflow import WorkflowError, move

from .. import actions, selectors
from ..access import desk_page, refusal_status
from ..workflow_forms import MOVE_FORMS, CommentForm, MoveForm


def _get(request: HttpRequest, pk: int) -> Translation:
    try:
        return selectors.translation_for_desk(request.user, pk)
    except Translation.DoesNotExist:
        raise Http404("No such translation at the desk, or not one you work on.") from None


def _page(
    request: HttpRequest,
    translation: Translation,
    *,
    error: str = "",
    status: int = 200,
    posted: tuple[str, QueryDict] | None = None,
) -> HttpResponse:
    """The page; after a refusal, the refused form keeps what the person typed, and every form
    carries the trail as it is now."""
    page = selectors.translation_page(request.user, translation)
    forms: list[tuple[str, str, MoveForm]] = []
    for name in page.moves:
        form_class, button = MOVE_FORMS[name]
        if posted is not None and posted[0] == name:
            data = posted[1].copy()
            data[f"{name}-seen"] = str(page.seen)
            form = form_class(data, prefix=name)
        else:
            form = form_class(initial={"seen": page.seen}, prefix=name)
        forms.append((name, button, form))
    comment_form = (
        CommentForm(posted[1]) if posted is not None and posted[0] == "comment" else CommentForm()
    )
    context: dict[str, Any] = {
        "page": page,
        "translation": translation,
        "move_forms": forms,
        "comment_form": comment_form,
        "error": error,
    }
    return render(request, "desk/translation.html", context, status=status)


@desk_page()
@require_GET
def translation(request: HttpRequest, pk: int) -> HttpResponse:
    """A translation as the desk works on it."""
    return _page(request, _get(request, pk))


@desk_page()
@require_POST
def translation_move(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Make one move of the workflow; a refusal shows the page again with the reason."""
    if name not in MOVE_FORMS:
        raise Http404("No such move.")
    translation = _get(request, pk)
    form_class, _ = MOVE_FORMS[name]
    form = form_class(request.POST, prefix=name)
    if not form.is_valid():
        return _page(
            request,
            translation,
            error="Check the form: "
            + "; ".join(
                f"{form.fields[field].label or field}: {' '.join(errors)}"
                for field, errors in form.errors.items()
            ),
            status=400,
            posted=(name, request.POST),
        )
    data = dict(form.cleaned_data)
    seen = data.pop("seen")
    try:
        actions.make_move(
            name=name, actor=request.user, translation=translation, seen=seen, data=data
        )
    except WorkflowError as error:
        return _page(
            request,
            _get(request, pk),
            error=str(error),
            status=refusal_status(error),
            posted=(name, request.POST),
        )
    messages.success(request, f"“{translation.title}” is {move(name).verb}.")
    return redirect("desk:translation", pk=pk)


@desk_page()
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a remark to the translation's thread."""
    translation = _get(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            editing.add_comment(
                actor=request.user, translation=translation, text=form.cleaned_data["text"]
            )
        except WorkflowError as error:
            return _page(
                request,
                translation,
                error=str(error),
                status=refusal_status(error),
                posted=("comment", request.POST),
            )
        messages.success(request, "Your comment is added.")
        return redirect(reverse("desk:translation", args=[pk]) + "#comments")
    return _page(
        request,
        translation,
        error="Check the comment.",
        status=400,
        posted=("comment", request.POST),
    )


@desk_page()
@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """Mark a comment as dealt with."""
    translation = _get(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, translation=translation)
    try:
        editing.resolve_comment(actor=request.user, comment=comment)
    except WorkflowError as error:
        return _page(request, translation, error=str(error), status=refusal_status(error))
    messages.success(request, "The comment is resolved.")
    return redirect(reverse("desk:translation", args=[pk]) + "#comments")
