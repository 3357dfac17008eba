"""The glossary of each language pair (list, add, change, delete, import, export) and the list
of quality checks, where an editor decides which ones block submission for review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from foreigndesk.workbench import glossary, quality
from foreigndesk.workbench.checks import configured_checks
from foreigndesk.workbench.models import CheckRule, GlossaryTerm

from ..access import desk_page
from ..glossary_forms import CheckRuleForm, DeleteTermForm, ImportForm, PairForm, TermForm
from ..translate_forms import first_error

VIEW = "workbench.view_glossaryterm"


def _list_url(source: str, target: str) -> str:
    return f"{reverse('desk:glossary')}?source={source}&target={target}"


def _pairs() -> list[tuple[str, str]]:
    return list(
        GlossaryTerm.objects.order_by("source_language", "target_language")
        .values_list("source_language", "target_language")
        .distinct()
    )


def _list(
    request: HttpRequest,
    *,
    pair: PairForm,
    import_form: ImportForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    terms: list[GlossaryTerm] = []
    source = target = ""
    if pair.is_bound and pair.is_valid():
        source, target = pair.cleaned_data["source"], pair.cleaned_data["target"]
        terms = glossary.pair_terms(source, target)
    context: dict[str, Any] = {
        "pair": pair,
        "pairs": _pairs(),
        "terms": [(term, glossary.version_of(term)) for term in terms],
        "source": source,
        "target": target,
        "import_form": import_form or ImportForm(initial={"source": source, "target": target}),
        "error": error,
    }
    return render(request, "desk/glossary.html", context, status=status)


@desk_page(VIEW)
@require_GET
def glossary_list(request: HttpRequest) -> HttpResponse:
    """The terms of one language pair (``?source=ru&target=en``), and the pairs there are."""
    pair = PairForm(request.GET) if request.GET else PairForm()
    if pair.is_bound and not pair.is_valid():
        return _list(request, pair=pair, error=first_error(pair), status=400)
    return _list(request, pair=pair)


def _term_page(
    request: HttpRequest,
    form: TermForm,
    term: GlossaryTerm | None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "desk/glossary_term.html",
        {"form": form, "term": term, "error": error or first_error(form) if form.is_bound else ""},
        status=status,
    )


def _save(request: HttpRequest, term: GlossaryTerm | None) -> HttpResponse:
    form = TermForm(request.POST)
    if not form.is_valid():
        return _term_page(request, form, term, error=first_error(form), status=400)
    data = form.cleaned_data
    try:
        saved = glossary.save_term(
            actor=request.user,
            source_language=data["source"],
            target_language=data["target"],
            entry=glossary.Entry(
                source_term=data["source_term"],
                target_term=data["target_term"],
                note=data["note"],
                forbidden=form.variants(),
            ),
            term=term,
            seen=data["seen"],
        )
    except glossary.GlossaryError as refusal:
        return _term_page(
            request,
            form,
            term,
            error=str(refusal),
            status=409 if refusal.kind == "conflict" else 400,
        )
    messages.success(request, f"“{saved.source_term}” → “{saved.target_term}” was saved.")
    return redirect(_list_url(saved.source_language_id, saved.target_language_id))


@desk_page("workbench.add_glossaryterm")
@require_http_methods(["GET", "POST"])
def glossary_add(request: HttpRequest) -> HttpResponse:
    """Add a term to a pair's glossary."""
    if request.method == "POST":
        return _save(request, None)
    initial = {"source": request.GET.get("source", ""), "target": request.GET.get("target", "")}
    return _term_page(request, TermForm(initial=initial), None)


@desk_page("workbench.change_glossaryterm")
@require_http_methods(["GET", "POST"])
def glossary_edit(request: HttpRequest, term_pk: int) -> HttpResponse:
    """Change a term; a change from a page older than the term is refused (409)."""
    term = get_object_or_404(GlossaryTerm, pk=term_pk)
    if request.method == "POST":
        return _save(request, term)
    form = TermForm(
        initial={
            "source": term.source_language_id,
            "target": term.target_language_id,
            "source_term": term.source_term,
            "target_term": term.target_term,
            "note": term.note,
            "forbidden": term.forbidden,
            "seen": glossary.version_of(term),
        }
    )
    return _term_page(request, form, term)


@desk_page("workbench.delete_glossaryterm")
@require_POST
def glossary_delete(request: HttpRequest, term_pk: int) -> HttpResponse:
    """Delete a term, unless it changed since the page was shown."""
    term = get_object_or_404(GlossaryTerm, pk=term_pk)
    source, target = term.source_language_id, term.target_language_id
    form = DeleteTermForm(request.POST)
    pair = PairForm({"source": source, "target": target})
    if not form.is_valid():
        return _list(request, pair=pair, error=first_error(form), status=400)
    try:
        name = glossary.delete_term(
            actor=request.user, term_id=term.pk, seen=form.cleaned_data["seen"]
        )
    except glossary.GlossaryError as refusal:
        return _list(request, pair=pair, error=str(refusal), status=409)
    messages.success(request, f"“{name}” was deleted from the glossary.")
    return redirect(_list_url(source, target))


@desk_page("workbench.add_glossaryterm", "workbench.change_glossaryterm")
@require_POST
def glossary_import(request: HttpRequest) -> HttpResponse:
    """Import a TBX or CSV file into a pair's glossary: all of it, or nothing."""
    form = ImportForm(request.POST, request.FILES)
    pair = PairForm(
        {"source": request.POST.get("source", ""), "target": request.POST.get("target", "")}
    )
    if not form.is_valid():
        return _list(request, pair=pair, import_form=form, error=first_error(form), status=400)
    source, target = form.cleaned_data["source"], form.cleaned_data["target"]
    data = form.cleaned_data["file"].read(glossary.max_bytes() + 1)
    try:
        if form.format() == "csv":
            entries = glossary.read_csv(data)
        else:
            entries = glossary.read_tbx(data, source_language=source, target_language=target)
        added, changed = glossary.import_terms(
            actor=request.user, source_language=source, target_language=target, entries=entries
        )
    except glossary.GlossaryError as refusal:
        return _list(
            request,
            pair=pair,
            import_form=form,
            error=f"{form.cleaned_data['file'].name}: {refusal}",
            status=400,
        )
    messages.success(request, f"{added} term{'s' if added != 1 else ''} added, {changed} changed.")
    return redirect(_list_url(source, target))


@desk_page(VIEW)
@require_GET
def glossary_export(request: HttpRequest, kind: str) -> HttpResponse:
    """A pair's glossary as a TBX or CSV file."""
    if kind not in ("tbx", "csv"):
        raise Http404("No such format.")
    pair = PairForm(request.GET)
    if not pair.is_valid():
        return _list(request, pair=pair, error=first_error(pair), status=400)
    source, target = pair.cleaned_data["source"], pair.cleaned_data["target"]
    if kind == "csv":
        body, content_type = glossary.export_csv(source, target), "text/csv; charset=utf-8"
    else:
        body, content_type = glossary.export_tbx(source, target), "application/x-tbx+xml"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="glossary-{source}-{target}.{kind}"'
    return response


def _checks_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    rules = {rule.check_id: rule for rule in CheckRule.objects.all()}
    rows = [(check, rules.get(check.id)) for check in configured_checks()]
    return render(request, "desk/checks.html", {"rows": rows, "error": error}, status=status)


@desk_page("workbench.view_checkrule")
@require_GET
def checks(request: HttpRequest) -> HttpResponse:
    """The quality checks, what each looks for, and whether it blocks submission."""
    return _checks_page(request)


@desk_page("workbench.change_checkrule")
@require_POST
def check_rule(request: HttpRequest, check_id: str) -> HttpResponse:
    """Make a check block submission for review, or only warn."""
    form = CheckRuleForm(request.POST)
    if not form.is_valid():
        return _checks_page(request, error=first_error(form), status=400)
    try:
        rule = quality.set_check_rule(
            actor=request.user, check_id=check_id, blocking=form.cleaned_data["blocking"]
        )
    except quality.UnknownCheck as refusal:
        raise Http404(str(refusal)) from refusal
    messages.success(
        request,
        f"The check “{check_id}” now {'blocks submission for review' if rule.blocking else 'only warns'}.",
    )
    return redirect("desk:checks")
