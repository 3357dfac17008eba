"""Forms of the translating page and the revisions: input checks only; the writes are actions."""

from __future__ import annotations

from typing import Any

from django import forms

from foreigndesk.accounts.models import Contributor
from foreigndesk.newsroom.models import Topic
from foreigndesk.newsroom.translating import MAX_FIELDS, Field

_REVISION_ERRORS = {
    "required": "The form did not say which revision it was opened at; reload the page.",
    "invalid": "The form's revision is not a number; reload the page.",
    "min_value": "The form's revision is not a number; reload the page.",
}


def revision_field() -> forms.IntegerField:
    """The revision a form was opened at, hidden, for the stale-save check."""
    return forms.IntegerField(
        min_value=1, widget=forms.HiddenInput, error_messages=_REVISION_ERRORS
    )


def first_error(form: forms.Form) -> str:
    """The first problem a form found, as one sentence for the page."""
    for errors in form.errors.values():
        return str(errors[0])
    return ""


class TranslationTextForm(forms.Form):
    """The translating page: title, standfirst, editor's note, and the paragraphs as repeated
    ``row``, ``kind`` and ``text`` values in page order; a button to save, or to add a field
    after one (``add_after``) or take an empty one off (``remove``), by position from 0."""

    revision = revision_field()
    title = forms.CharField(
        max_length=500,
        error_messages={
            "required": "A translation needs a title.",
            "max_length": "A title is at most %(limit_value)d characters long.",
        },
    )
    standfirst = forms.CharField(required=False, max_length=2_000, strip=False)
    editor_note = forms.CharField(required=False, max_length=20_000, strip=False)
    add_after = forms.IntegerField(required=False, min_value=0)
    remove = forms.IntegerField(required=False, min_value=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rows, kinds, texts = (self.data.getlist(name) for name in ("row", "kind", "text"))
        if not len(rows) == len(kinds) == len(texts):
            raise forms.ValidationError(
                "The paragraphs arrived incomplete (each needs its pair, kind and text); "
                "reload the page."
            )
        if len(rows) > MAX_FIELDS:
            raise forms.ValidationError(f"A translation has at most {MAX_FIELDS:,} paragraphs.")
        try:
            data["fields"] = [
                Field(int(row), kind, text.replace("\r\n", "\n"))
                for row, kind, text in zip(rows, kinds, texts, strict=True)
            ]
        except ValueError:
            raise forms.ValidationError(
                "A paragraph's pair is not a number; reload the page."
            ) from None
        for name in ("standfirst", "editor_note"):
            # A part the page did not show is not changed (the editor's note, for a translator).
            if name not in self.data:
                data[name] = None
        return data

    def posted_fields(self) -> list[Field]:
        """The paragraphs as posted, in order, for showing them again after a refusal."""
        fields = []
        for row, kind, text in zip(
            self.data.getlist("row"),
            self.data.getlist("kind"),
            self.data.getlist("text"),
            strict=False,
        ):
            if row.isdigit():
                fields.append(Field(int(row), kind, text))
        return fields


class TopicsForm(forms.Form):
    """The topics of a translation, plus one more from the suggestions (``add``)."""

    revision = revision_field()
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "There is no such topic; reload the page."},
    )
    add = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        error_messages={"invalid_choice": "There is no such topic; reload the page."},
    )

    def chosen(self) -> list[Topic]:
        topics = list(self.cleaned_data["topics"])
        if self.cleaned_data["add"] is not None:
            topics.append(self.cleaned_data["add"])
        return topics


class CreditsForm(forms.Form):
    """Who is credited as translator and as editor."""

    revision = revision_field()
    translators = forms.ModelMultipleChoiceField(
        queryset=Contributor.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": "There is no such contributor; reload the page."},
    )
    editors = forms.ModelMultipleChoiceField(
        queryset=Contributor.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": "There is no such contributor; reload the page."},
    )


class ParagraphCommentForm(forms.Form):
    """A comment on one paragraph of the translation (0-based)."""

    block = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "The form did not say which paragraph the comment is about.",
            "invalid": "The paragraph must be given by its number.",
            "min_value": "The paragraph must be given by its number.",
        },
    )
    comment = forms.CharField(
        max_length=5_000,
        error_messages={
            "required": "A comment needs a text.",
            "max_length": "A comment is at most %(limit_value)d characters long.",
        },
    )


class RestoreForm(forms.Form):
    """The confirmation of a restore, with the revision the editor saw as current."""

    revision = revision_field()
