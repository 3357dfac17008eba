"""The translating page: the original paragraph by paragraph with the translation's paragraphs
beside it, edited in one form; comments on a paragraph; topics and credits. Plain forms that work
without JavaScript (``translate.js`` adds keyboard moves and a warning before leaving)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from foreigndesk.accounts.models import Contributor
from foreigndesk.newsroom.editing import (
    StaleEdit,
    add_comment,
    may_credit,
    may_edit,
    may_write_editor_note,
    resolve_comment,
    save_translation_text,
    set_credits,
    set_topics,
)
from foreigndesk.newsroom.models import Comment, Credit, Topic, Translation
from foreigndesk.newsroom.selectors import open_comments, suggested_topics
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.translating import Field, page_beads, text_from_fields, translating_page
from foreigndesk.newsroom.workflow import WorkflowError

from ..access import refusal_status
from ..selectors import visible_translations
from ..translate_forms import (
    CreditsForm,
    ParagraphCommentForm,
    TopicsForm,
    TranslationTextForm,
    first_error,
)
from .access import desk_staff


def _translation(request: HttpRequest, pk: int) -> Translation:
    """The translation, if the person may open it at the desk (another translator's draft is
    not theirs to read: 404, as on its desk page)."""
    queryset = visible_translations(request.user).select_related(
        "language", "original__language", "claimed_by"
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class Posted:
    """What the person typed, shown again after a refusal (all None: the saved text)."""

    fields: list[Field] | None = None
    title: str | None = None
    standfirst: str | None = None
    editor_note: str | None = None
    #: After a stale save: their text, kept beside the saved one.
    kept: list[Field] | None = None
    kept_parts: dict[str, str] = field(default_factory=dict)


def _translate_page(
    request: HttpRequest,
    translation: Translation,
    *,
    posted: Posted | None = None,
    error: str = "",
    notice: str = "",
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    posted = posted or Posted()
    user = request.user
    editable = may_edit(user, translation)
    credits = list(translation.credits.select_related("contributor"))
    context: dict[str, Any] = {
        "translation": translation,
        "original": translation.original,
        "page": translating_page(
            translation,
            fields=posted.fields,
            kept=posted.kept,
            comments=list(open_comments(translation)),
        ),
        "editable": editable,
        "withdrawn": translation.state == State.WITHDRAWN,
        "may_write_note": may_write_editor_note(user, translation),
        "may_credit": may_credit(user, translation),
        "may_comment": user.has_perm("newsroom.comment_translation"),
        "title": translation.title if posted.title is None else posted.title,
        "standfirst": translation.standfirst if posted.standfirst is None else posted.standfirst,
        "editor_note": (
            translation.editor_note if posted.editor_note is None else posted.editor_note
        ),
        "kept_parts": posted.kept_parts,
        "error": error,
        "notice": notice,
        "stale": stale,
        "kinds": [("paragraph", "Paragraph"), ("heading", "Heading"), ("quotation", "Quotation")],
        "topics": list(translation.topics.all()),
        "all_topics": list(Topic.objects.all()) if editable else [],
        "suggested_topics": suggested_topics(translation) if editable else [],
        "translators": [c.contributor for c in credits if c.role == Credit.Role.TRANSLATOR],
        "editors": [c.contributor for c in credits if c.role == Credit.Role.EDITOR],
        "contributors": list(Contributor.objects.order_by("name"))
        if may_credit(user, translation)
        else [],
    }
    return render(request, "desk/translate.html", context, status=status)


def _back(translation: Translation, anchor: str = "") -> HttpResponse:
    url = reverse("desk:translate", args=[translation.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@desk_staff
@require_http_methods(["GET", "POST"])
def translate(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the pairs to translate (GET); save the form, or add or take off a field (POST)."""
    translation = _translation(request, pk)
    if request.method == "GET":
        return _translate_page(request, translation)
    form = TranslationTextForm(request.POST)
    if not form.is_valid():
        posted = Posted(
            fields=form.posted_fields(),
            title=request.POST.get("title"),
            standfirst=request.POST.get("standfirst"),
            editor_note=request.POST.get("editor_note"),
        )
        return _translate_page(
            request, translation, posted=posted, error=first_error(form), status=400
        )
    data = form.cleaned_data
    fields: list[Field] = data["fields"]
    posted = Posted(
        fields=fields,
        title=data["title"],
        standfirst=data["standfirst"],
        editor_note=data["editor_note"],
    )
    if data["add_after"] is not None or data["remove"] is not None:
        return _rearranged(request, translation, posted, data["add_after"], data["remove"])
    try:
        blocks, pairs = text_from_fields(page_beads(translation)[0], fields)
        saved = save_translation_text(
            actor=request.user,
            translation=translation,
            expected_revision=data["revision"],
            title=data["title"],
            blocks=blocks,
            standfirst=data["standfirst"],
            editor_note=data["editor_note"],
            alignment=pairs,
        )
    except StaleEdit as stale:
        return _stale_page(request, translation, posted, stale)
    except WorkflowError as refusal:
        return _translate_page(
            request, translation, posted=posted, error=str(refusal), status=refusal_status(refusal)
        )
    except ValidationError as invalid:
        return _translate_page(
            request, translation, posted=posted, error=" ".join(invalid.messages), status=400
        )
    if saved.revision == data["revision"]:
        messages.info(request, "Nothing had changed: nothing was saved.")
    else:
        messages.success(request, f"Saved as revision {saved.revision}.")
    return _back(translation)


def _rearranged(
    request: HttpRequest,
    translation: Translation,
    posted: Posted,
    add_after: int | None,
    remove: int | None,
) -> HttpResponse:
    """The form again with one more empty field, or one empty field fewer; nothing saved."""
    fields = list(posted.fields or [])
    position = add_after if add_after is not None else remove
    assert position is not None
    if position >= len(fields):
        return _translate_page(
            request,
            translation,
            posted=posted,
            error=f"There is no paragraph {position + 1} on this page (it has {len(fields)}).",
            status=400,
        )
    if add_after is not None:
        fields.insert(position + 1, Field(fields[position].row, "paragraph", ""))
        note = f"An empty paragraph was added after paragraph {position + 1}. Save to keep it."
    elif fields[position].is_empty:
        del fields[position]
        note = f"Paragraph {position + 1} was taken off. Save to keep the change."
    else:
        return _translate_page(
            request,
            translation,
            posted=posted,
            error=f"Paragraph {position + 1} is not empty: clear its text first to remove it.",
            status=400,
        )
    posted.fields = fields
    return _translate_page(request, translation, posted=posted, notice=note)


def _stale_page(
    request: HttpRequest, translation: Translation, posted: Posted, stale: StaleEdit
) -> HttpResponse:
    """409: the text as saved now in the form (at the current revision), the person's own
    text beside each paragraph where it differs, and who saved in between."""
    current = _translation(request, translation.pk)
    kept_parts = {
        name: value
        for name, value in (
            ("title", posted.title),
            ("standfirst", posted.standfirst),
            ("editor_note", posted.editor_note),
        )
        if value is not None and value.strip() != getattr(current, name).strip()
    }
    return _translate_page(
        request,
        current,
        posted=Posted(kept=posted.fields, kept_parts=kept_parts),
        error=" ".join(stale.messages),
        stale=True,
        status=409,
    )


@desk_staff
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on one paragraph of the translation, then show it beside the paragraph."""
    translation = _translation(request, pk)
    form = ParagraphCommentForm(request.POST)
    if not form.is_valid():
        return _translate_page(request, translation, error=first_error(form), status=400)
    block = form.cleaned_data["block"]
    try:
        add_comment(
            actor=request.user,
            translation=translation,
            text=form.cleaned_data["comment"],
            block_index=block,
        )
    except WorkflowError as refusal:
        return _translate_page(
            request, translation, error=str(refusal), status=refusal_status(refusal)
        )
    messages.success(request, f"Your comment on paragraph {block + 1} was added.")
    return _back(translation, f"block-{block}")


@desk_staff
@require_POST
def resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """Mark a comment on the translation as dealt with."""
    translation = _translation(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, translation=translation)
    try:
        resolve_comment(actor=request.user, comment=comment)
    except WorkflowError as refusal:
        return _translate_page(
            request, translation, error=str(refusal), status=refusal_status(refusal)
        )
    messages.success(request, "The comment was marked as resolved.")
    anchor = f"block-{comment.block_index}" if comment.block_index is not None else ""
    return _back(translation, anchor)


def _stale_choice(stale: StaleEdit, what: str) -> str:
    who = stale.saved_by or "Someone"
    return (
        f"{who} changed this translation (revision {stale.current_revision}) after you opened "
        f"it; your {what} were not saved. Here it is as it stands now: choose again."
    )


@desk_staff
@require_POST
def topics(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the translation's topics (with one suggested topic added in one click)."""
    translation = _translation(request, pk)
    form = TopicsForm(request.POST)
    if not form.is_valid():
        return _translate_page(request, translation, error=first_error(form), status=400)
    try:
        saved = set_topics(
            actor=request.user,
            translation=translation,
            expected_revision=form.cleaned_data["revision"],
            topics=form.chosen(),
        )
    except StaleEdit as stale:
        return _translate_page(
            request, _translation(request, pk), error=_stale_choice(stale, "topics"), status=409
        )
    except WorkflowError as refusal:
        return _translate_page(
            request, translation, error=str(refusal), status=refusal_status(refusal)
        )
    names = ", ".join(topic.name for topic in saved.topics.all()) or "none"
    messages.success(request, f"Topics: {names}.")
    return _back(translation, "topics")


@desk_staff
@require_POST
def credits(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose who is credited as translator and as editor."""
    translation = _translation(request, pk)
    form = CreditsForm(request.POST)
    if not form.is_valid():
        return _translate_page(request, translation, error=first_error(form), status=400)
    try:
        set_credits(
            actor=request.user,
            translation=translation,
            expected_revision=form.cleaned_data["revision"],
            translators=list(form.cleaned_data["translators"]),
            editors=list(form.cleaned_data["editors"]),
        )
    except StaleEdit as stale:
        return _translate_page(
            request, _translation(request, pk), error=_stale_choice(stale, "credits"), status=409
        )
    except WorkflowError as refusal:
        return _translate_page(
            request, translation, error=str(refusal), status=refusal_status(refusal)
        )
    messages.success(request, "The credits were saved.")
    return _back(translation, "credits")
