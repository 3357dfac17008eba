"""Forms of the glossary and check pages: input checks only; the writes are the workbench's
glossary actions."""

from __future__ import annotations

from typing import Any

from django import forms

from foreigndesk.core.models import Language


def _languages() -> list[tuple[str, str]]:
    return [(language.code, language.name) for language in Language.objects.order_by("name")]


class PairForm(forms.Form):
    """A language pair: the glossary's list, its export and its import name one."""

    source = forms.ChoiceField(
        label="From",
        error_messages={
            "required": "Choose the language of the originals.",
            "invalid_choice": "“%(value)s” is not a language of the desk.",
        },
    )
    target = forms.ChoiceField(
        label="Into",
        error_messages={
            "required": "Choose the language of the translations.",
            "invalid_choice": "“%(value)s” is not a language of the desk.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _languages()
        self.fields["source"].choices = choices
        self.fields["target"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError("A glossary pairs two different languages.")
        return data


class TermForm(PairForm):
    """One term: its pair, source and target term, note, forbidden variants (one a line), and
    the version of the term the page showed (for the stale check)."""

    source_term = forms.CharField(
        max_length=200, error_messages={"required": "Write the term of the original."}
    )
    target_term = forms.CharField(
        max_length=200, error_messages={"required": "Write the translation the desk uses."}
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    forbidden = forms.CharField(
        label="Forbidden variants",
        required=False,
        help_text="Translations not to use, one a line.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def variants(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.cleaned_data["forbidden"].splitlines() if line.strip()
        )


class DeleteTermForm(forms.Form):
    """Deleting a term: the version of it the page showed."""

    seen = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form does not say which version of the term it deletes."},
    )


class ImportForm(PairForm):
    """A glossary file (TBX or CSV) for a language pair."""

    file = forms.FileField(
        error_messages={"required": "Choose a TBX or CSV file.", "empty": "The file is empty."}
    )

    def format(self) -> str:
        name = self.cleaned_data["file"].name.lower()
        return "csv" if name.endswith(".csv") else "tbx"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".tbx", ".xml", ".csv")):
            raise forms.ValidationError(
                f"“{upload.name}” is neither a TBX (.tbx) nor a CSV (.csv) file."
            )
        return upload


class CheckRuleForm(forms.Form):
    """Whether a check's findings block submission for review."""

    blocking = forms.TypedChoiceField(
        choices=[("1", "Blocks submission"), ("0", "Warns only")],
        coerce=lambda value: value == "1",
        error_messages={"required": "Say whether the check blocks submission."},
    )
