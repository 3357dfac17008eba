"""The desk's workflow forms: input checks only. Whether a move is allowed, and whether a reason
is given where one is needed, is the action's to say (one message, whatever the way in)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from foreigndesk.core.models import Country, Language
from foreigndesk.newsroom.states import State

from .selectors import QueueFilters, queue_people

_TEXT = {"rows": 3, "cols": 40}


def _text(label: str, *, needed: bool = False, help_text: str = "") -> forms.CharField:
    """A free text field; ``needed`` only asks the browser (the action refuses an empty one)."""
    attrs: dict[str, Any] = dict(_TEXT)
    if needed:
        attrs["required"] = True
    return forms.CharField(
        label=label,
        required=False,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs=attrs),
    )


class MoveForm(forms.Form):
    """A move with nothing to say; ``seen`` is the latest event the page showed."""

    seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class CommentMoveForm(MoveForm):
    comment = _text("Comment (optional)")


class RequestChangesForm(MoveForm):
    comment = _text("What should change", needed=True, help_text="The translator reads this.")


class AssignForm(MoveForm):
    assignee = forms.ModelChoiceField(label="Translator", queryset=queue_people())
    comment = _text("Comment (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()


class ScheduleForm(MoveForm):
    at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = f"In the desk's time zone, {timezone.get_current_timezone()}."


class CorrectForm(MoveForm):
    text = _text("Correction, for readers", needed=True)
    paragraph = forms.IntegerField(
        label="Paragraph it corrects (optional)",
        required=False,
        min_value=1,
        help_text="Its number in the translation, counted from 1; readers are led to it.",
    )


class WithdrawForm(MoveForm):
    reason = _text("Why it is withdrawn", needed=True, help_text="Readers are told.")


#: The form of each move a translation's page offers, and its button.
MOVE_FORMS: dict[str, tuple[type[MoveForm], str]] = {
    "claim": (MoveForm, "Claim it"),
    "assign": (AssignForm, "Assign"),
    "release": (CommentMoveForm, "Release the claim"),
    "submit": (CommentMoveForm, "Submit for review"),
    "request_changes": (RequestChangesForm, "Request changes"),
    "approve": (CommentMoveForm, "Approve"),
    "publish": (MoveForm, "Publish now"),
    "schedule": (ScheduleForm, "Schedule"),
    "correct": (CorrectForm, "Add the correction"),
    "withdraw": (WithdrawForm, "Withdraw"),
    "restore": (CommentMoveForm, "Restore"),
    "translate_link": (CommentMoveForm, "Translate it in full"),
}


class LinkPostForm(forms.Form):
    """Put a suggested original on the site as a link: an English title and a short summary."""

    title = forms.CharField(label="Title in English", max_length=500)
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences readers see in place of a translation.",
    )


class TriageForm(forms.Form):
    """Accept or decline a suggested original, saying why."""

    reason = _text("Reason", needed=True)


class CommentForm(forms.Form):
    """A remark on a translation, for its translator and editors."""

    text = _text("Add a comment", needed=True)


class QueueFilterForm(forms.Form):
    """The queue's filters, read from the address (a GET form that works without JavaScript)."""

    language = forms.ChoiceField(label="Language of the original", required=False)
    country = forms.ChoiceField(label="Country", required=False)
    state = forms.TypedChoiceField(
        label="State",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "In progress (before published)"), *State.choices],
    )
    person = forms.TypedChoiceField(
        label="Assigned to or claimed by", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", "Any"),
            *Language.objects.values_list("code", "name"),
        ]
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", "Any"),
            *Country.objects.values_list("code", "name"),
        ]
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            *((user.pk, user.get_full_name() or user.get_username()) for user in queue_people()),
        ]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data
        return QueueFilters(
            language=data.get("language") or "",
            country=data.get("country") or "",
            state=data.get("state"),
            person=data.get("person"),
        )
