"""Forms of the desk's translation pages: what a correction of the alignment posts."""

from __future__ import annotations

from django import forms

from foreigndesk.newsroom.actions import ALIGNMENT_OPERATIONS


class AlignmentEditForm(forms.Form):
    """One correction of one row: the operation, the row (0-based), where to cut it, and the
    version of the alignment the editor saw."""

    operation = forms.ChoiceField(
        choices=[(name, name) for name in ALIGNMENT_OPERATIONS],
        error_messages={
            "required": "The form did not say which correction to make.",
            "invalid_choice": "Unknown correction “%(value)s”: a row can be joined, split or "
            "detached.",
        },
    )
    bead = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "The form did not say which row to correct.",
            "invalid": "The row to correct must be given by its number.",
            "min_value": "The row to correct must be given by its number.",
        },
    )
    version = forms.CharField(
        max_length=64,
        error_messages={
            "required": "The form did not say which version of the alignment it was made "
            "from; reload the page and try again."
        },
    )
    cut = forms.RegexField(
        regex=r"^\d{1,4}:\d{1,4}$",
        required=False,
        error_messages={"invalid": "Choose where to split the row from the list."},
    )

    def clean_cut(self) -> tuple[int, int] | None:
        value = self.cleaned_data.get("cut")
        if not value:
            return None
        original, translation = value.split(":")
        return int(original), int(translation)

    def first_error(self) -> str:
        """The first problem found, as one sentence for the page."""
        for errors in self.errors.values():
            return str(errors[0])
        return ""


class RecomputeAlignmentForm(forms.Form):
    """The confirmation that the editor's corrections may be discarded."""

    version = forms.CharField(
        max_length=64,
        error_messages={
            "required": "The form did not say which version of the alignment it was made "
            "from; reload the page and try again."
        },
    )
