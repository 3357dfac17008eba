"""Forms of the workbench: input checks only; the writes are the workbench's actions."""

from __future__ import annotations

from typing import Any

from django import forms

from .translate_forms import revision_field

_STALE_FORM = "The form does not say which segment it saves; reload the page."


class SegmentForm(forms.Form):
    """One segment's form: its key and version (for the stale check), the revision the page
    was opened at, the target, and what to do: save (as a draft, confirmed or reviewed), use a
    memory match, merge with the next segment or split into sentences."""

    revision = revision_field()
    key = forms.RegexField(
        regex=r"^[0-9a-f]{16}$",
        widget=forms.HiddenInput,
        error_messages={"required": _STALE_FORM, "invalid": _STALE_FORM},
    )
    version = forms.IntegerField(
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"required": _STALE_FORM, "invalid": _STALE_FORM, "min_value": _STALE_FORM},
    )
    # The length limit is the action's, with a message that names the segment.
    target = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    step = forms.ChoiceField(
        choices=[("draft", "Save draft"), ("confirm", "Confirm"), ("review", "Mark reviewed")],
        required=False,
    )
    origin = forms.ChoiceField(
        choices=[("human", "Human"), ("memory", "Memory"), ("machine", "Machine")],
        required=False,
    )
    op = forms.ChoiceField(
        choices=[("save", "Save"), ("use", "Use a match"), ("merge", "Merge"), ("split", "Split")],
        required=False,
    )
    match = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["step"] = data.get("step") or "draft"
        data["origin"] = data.get("origin") or "human"
        data["op"] = data.get("op") or "save"
        if data["op"] == "use" and not data.get("match"):
            raise forms.ValidationError("Choose which memory match to use.")
        return data


class PrefillForm(forms.Form):
    """Pre-fill with machine translation: which engine, and the revision the page showed."""

    revision = revision_field()
    engine = forms.ChoiceField(
        error_messages={
            "required": "Choose a machine-translation engine.",
            "invalid_choice": "“%(value)s” is not a machine-translation engine of this desk.",
        }
    )

    def __init__(self, *args: Any, engines: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engine"].choices = [(engine.alias, engine.label) for engine in engines]


class MemoryImportForm(forms.Form):
    """A TMX file to add to the translation memory."""

    file = forms.FileField(
        label="A TMX file",
        help_text="TMX 1.4, as computer-aided translation tools export their memories. Every "
        "language in it must be one of the desk's.",
        widget=forms.ClearableFileInput(attrs={"accept": ".tmx,.xml"}),
        error_messages={"required": "Choose a TMX file to import."},
    )
