"""Suggested originals: the list editors triage, and one original's page to accept or decline."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.workflow import WorkflowError

from .. import selectors
from ..access import desk_page, refusal_status
from ..workflow_forms import LinkPostForm, TriageForm

PAGE_SIZE = 25


@desk_page("newsroom.triage_original")
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """The suggested originals, newest first."""
    page = Paginator(selectors.suggested_originals(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "desk/suggestions.html", {"page": page})


def _get(pk: int) -> Original:
    try:
        return selectors.original_for_desk(pk)
    except Original.DoesNotExist:
        raise Http404("No such original.") from None


def _original_page(
    request: HttpRequest,
    original: Original,
    *,
    error: str = "",
    status: int = 200,
    bound: tuple[str, TriageForm] | None = None,
    link_form: LinkPostForm | None = None,
) -> HttpResponse:
    forms = {move: TriageForm(prefix=move) for move in ("accept", "decline")}
    if bound is not None:
        forms[bound[0]] = bound[1]
    return render(
        request,
        "desk/original.html",
        {
            "page": selectors.original_page(request.user, original),
            "forms": forms,
            "link_form": link_form or LinkPostForm(prefix="link"),
            "error": error,
        },
        status=status,
    )


@desk_page("intake.view_original")
@require_GET
def original(request: HttpRequest, pk: int) -> HttpResponse:
    """An original as the desk weighs it: its metadata, its text, articles it resembles."""
    return _original_page(request, _get(pk))


@desk_page()
@require_POST
def original_triage(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    """Accept (a translation opens in the queue) or decline a suggested original."""
    if move not in ("accept", "decline"):
        raise Http404("No such move.")
    original = _get(pk)
    form = TriageForm(request.POST, prefix=move)
    if not form.is_valid():
        return _original_page(
            request, original, error="Check the form.", status=400, bound=(move, form)
        )
    reason = form.cleaned_data["reason"]
    try:
        if move == "accept":
            translation = transitions.accept(actor=request.user, original=original, reason=reason)
        else:
            transitions.decline(actor=request.user, original=original, reason=reason)
    except WorkflowError as error:
        return _original_page(
            request,
            _get(pk),
            error=str(error),
            status=refusal_status(error),
            bound=(move, form),
        )
    if move == "accept":
        messages.success(request, f"“{original.title}” is accepted: it is in the open queue.")
        return redirect("desk:translation", pk=translation.pk)
    messages.success(request, f"“{original.title}” is declined.")
    return redirect("desk:suggestions")


@desk_page()
@require_POST
def original_post_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Post a suggested original as a link: published at once, without a translation."""
    original = _get(pk)
    form = LinkPostForm(request.POST, prefix="link")
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[field].label}: {' '.join(errors)}"
            for field, errors in form.errors.items()
        )
        return _original_page(
            request, original, error=f"Check the form: {problems}", status=400, link_form=form
        )
    try:
        translation = transitions.post_link(
            actor=request.user,
            original=original,
            title=form.cleaned_data["title"],
            summary=form.cleaned_data["summary"],
        )
    except WorkflowError as error:
        return _original_page(
            request, _get(pk), error=str(error), status=refusal_status(error), link_form=form
        )
    messages.success(request, f"“{translation.title}” is on the site as a link.")
    return redirect("desk:translation", pk=translation.pk)
