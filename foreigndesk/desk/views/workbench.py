"""The workbench: the original sentence by sentence, a field for each sentence's translation,
saved one at a time; memory matches, glossary terms and quality checks beside each segment;
machine pre-fill where an engine is configured. Plain forms that work without JavaScript
(``workbench.js`` loads a segment's matches as the translator reaches it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from foreigndesk.newsroom.editing import may_edit
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.workflow import WorkflowError
from foreigndesk.workbench import assist
from foreigndesk.workbench.models import Segment
from foreigndesk.workbench.segments import (
    StaleSegment,
    current_segments,
    key_of,
    merge_segments,
    save_segment,
    segment_counts,
    split_segment,
)

from ..access import refusal_status
from ..selectors import visible_translations
from ..translate_forms import first_error
from ..workbench_forms import PrefillForm, SegmentForm
from .access import desk_staff


def _translation(request: HttpRequest, pk: int) -> Translation:
    """The translation, if the person may open it at the desk (404 otherwise, as elsewhere)."""
    queryset = visible_translations(request.user).select_related(
        "language", "original__language", "claimed_by"
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class Row:
    """One segment as the page shows it."""

    segment: Segment
    key: str
    terms: list[Any] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)
    matches: list[Any] | None = None
    #: After a refused save: the person's own text, kept beside the saved one.
    kept: str = ""
    current: bool = False

    @property
    def number(self) -> int:
        return self.segment.position + 1

    @property
    def is_addition(self) -> bool:
        return not self.segment.sentences


@dataclass
class Paragraph:
    """The segments of one paragraph of the original (or a paragraph the translation adds)."""

    number: int
    kind: str
    rows: list[Row]
    addition: bool = False


def _paragraphs(rows: list[Row]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for row in rows:
        segment = row.segment
        same = (
            paragraphs
            and not row.is_addition
            and not paragraphs[-1].addition
            and paragraphs[-1].number == segment.block_index + 1
        )
        if same:
            paragraphs[-1].rows.append(row)
        else:
            paragraphs.append(
                Paragraph(segment.block_index + 1, segment.kind, [row], addition=row.is_addition)
            )
    return paragraphs


def _position(value: Any, count: int) -> int | None:
    try:
        position = int(value)
    except (TypeError, ValueError):
        return None
    return position if 0 <= position < count else None


def _page(
    request: HttpRequest,
    translation: Translation,
    *,
    at: int | None = None,
    error: str = "",
    kept: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    segments, _ = current_segments(translation)
    editable = may_edit(request.user, translation)
    if at is None:
        at = next((s.position for s in segments if s.sentences and not s.target.strip()), None)
    help_for = assist.helper_for(translation)
    report = help_for.report(segments)
    rows = [
        Row(
            segment=segment,
            key=key_of(segment),
            terms=help_for.terms(segment),
            findings=report.for_segment(segment.position),
            matches=help_for.matches(segment) if segment.position == at else None,
            kept=(kept or {}).get(segment.position, ""),
            current=segment.position == at,
        )
        for segment in segments
    ]
    context: dict[str, Any] = {
        "translation": translation,
        "original": translation.original,
        "paragraphs": _paragraphs(rows),
        "counts": segment_counts(segments),
        "report": report,
        "editable": editable,
        "may_review": request.user.has_perm("newsroom.review_translation"),
        "engines": help_for.engines() if editable else [],
        "error": error,
        "at": at,
    }
    return render(request, "desk/workbench.html", context, status=status)


@desk_staff
@require_GET
def workbench(request: HttpRequest, pk: int) -> HttpResponse:
    """The segments of a translation; ``?at=N`` opens segment N with its memory matches."""
    translation = _translation(request, pk)
    if translation.original is None:
        messages.error(
            request, "This translation has no original: translate it paragraph by paragraph."
        )
        return redirect("desk:translate", translation.pk)
    at = request.GET.get("at")
    count = translation.segments.count() or len(current_segments(translation)[0])
    return _page(request, translation, at=_position(at, count) if at is not None else None)


@desk_staff
@require_GET
def segment_help(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """One segment's memory matches and glossary terms, as a fragment of the page (loaded by
    the page's script when the translator reaches the segment)."""
    translation = _translation(request, pk)
    segments, _ = current_segments(translation)
    if not 0 <= position < len(segments):
        return HttpResponse(status=404)
    segment = segments[position]
    help_for = assist.helper_for(translation)
    row = Row(
        segment=segment,
        key=key_of(segment),
        terms=help_for.terms(segment),
        matches=help_for.matches(segment),
    )
    return render(
        request,
        "desk/_segment_help.html",
        {"row": row, "translation": translation, "editable": may_edit(request.user, translation)},
    )


def _next_position(translation: Translation, after: int) -> int:
    """Where to go after saving segment ``after``: the next one still to translate, else the
    next one."""
    rows = list(translation.segments.order_by("position").only("position", "target", "sentences"))
    for segment in rows:
        if segment.position > after and segment.sentences and not segment.target.strip():
            return segment.position
    return min(after + 1, max(len(rows) - 1, 0))


def _back(translation: Translation, position: int) -> HttpResponse:
    url = reverse("desk:workbench", args=[translation.pk])
    return redirect(f"{url}?at={position}#s-{position}")


@desk_staff
@require_POST
def segment_save(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    """Save one segment (draft, confirmed, reviewed), use a memory match for it, or merge it
    with the next segment or split it into its sentences."""
    translation = _translation(request, pk)
    form = SegmentForm(request.POST)
    if not form.is_valid():
        return _page(
            request,
            translation,
            at=position,
            error=first_error(form),
            kept={position: request.POST.get("target", "")},
            status=400,
        )
    data = form.cleaned_data
    common = {
        "actor": request.user,
        "translation": translation,
        "position": position,
        "key": data["key"],
        "version": data["version"],
        "expected_revision": data["revision"],
    }
    try:
        if data["op"] == "merge":
            merge_segments(**common)
            messages.success(request, f"Segment {position + 1} was merged with the next one.")
            return _back(translation, position)
        if data["op"] == "split":
            pieces = split_segment(**common)
            messages.success(
                request, f"Segment {position + 1} was split into {len(pieces)} segments."
            )
            return _back(translation, position)
        target, origin = data["target"], data["origin"]
        if data["op"] == "use":
            target, origin = assist.helper_for(translation).match_text(data["match"]), "memory"
        saved = save_segment(**common, target=target, step=data["step"], origin=origin)
    except StaleSegment as stale:
        fresh = _translation(request, pk)
        return _page(
            request,
            fresh,
            at=position,
            error=" ".join(stale.messages),
            kept={position: data.get("target", "")},
            status=409,
        )
    except (WorkflowError, ValidationError) as refusal:
        status = refusal_status(refusal)
        return _page(
            request,
            translation,
            at=position,
            error=" ".join(refusal.messages),
            kept={position: data.get("target", "")},
            status=status,
        )
    except assist.AssistError as failure:
        return _page(request, translation, at=position, error=str(failure), status=400)
    if not saved.changed:
        messages.info(request, f"Segment {position + 1}: nothing had changed.")
        return _back(translation, position)
    messages.success(
        request,
        f"Segment {position + 1} saved ({saved.segment.get_state_display().lower()}); "
        f"revision {saved.revision}.",
    )
    return _back(translation, _next_position(translation, position))


@desk_staff
@require_POST
def prefill(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill every empty segment with a machine translation, marked as machine drafts."""
    translation = _translation(request, pk)
    help_for = assist.helper_for(translation)
    form = PrefillForm(request.POST, engines=help_for.engines())
    if not form.is_valid():
        return _page(request, translation, error=first_error(form), status=400)
    try:
        count = help_for.prefill(
            actor=request.user,
            alias=form.cleaned_data["engine"],
            expected_revision=form.cleaned_data["revision"],
        )
    except StaleSegment as stale:
        return _page(request, _translation(request, pk), error=" ".join(stale.messages), status=409)
    except (WorkflowError, ValidationError) as refusal:
        status = refusal_status(refusal)
        return _page(request, translation, error=" ".join(refusal.messages), status=status)
    except assist.AssistError as failure:
        return _page(request, translation, error=str(failure), status=502)
    if count:
        messages.success(request, f"{count} empty segments were filled by machine translation.")
    else:
        messages.info(request, "No segment was empty: nothing was filled.")
    return redirect("desk:workbench", translation.pk)
