"""Form fields that let people edit article bodies and alignments as plain text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .blocks import blocks_to_text, text_to_blocks, validate_blocks


class BlocksField(forms.CharField):
    """An article body as text: blank line between blocks, ``## `` heading, ``> `` quotation."""

    widget = forms.Textarea(attrs={"rows": 24, "cols": 100, "style": "font-family: serif"})
    default_help_text = (
        "Leave a blank line between paragraphs. Start a subheading with “## ” and a quotation "
        "with “> ”."
    )

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return blocks_to_text(value)
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list):
            return value
        blocks = text_to_blocks(super().to_python(value) or "")
        validate_blocks(blocks)
        return blocks

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial or []) != self.to_python(data)
        except ValidationError:
            return True


def _ids(side: str, line: int) -> list[int]:
    side = side.strip()
    if side in {"", "-", "—"}:
        return []
    try:
        numbers = [int(part) for part in side.replace(" ", ",").split(",") if part]
    except ValueError as error:
        raise ValidationError(f"Line {line}: use paragraph numbers such as 2, 3.") from error
    if any(number < 1 for number in numbers):
        raise ValidationError(f"Line {line}: paragraphs are numbered from 1.")
    return [number - 1 for number in numbers]


class AlignmentField(forms.CharField):
    """Beads as text, one per line: ``original paragraphs = translation paragraphs``.

    Paragraphs are numbered from 1 as people count them; ``-`` marks an empty side.
    """

    widget = forms.Textarea(attrs={"rows": 12, "cols": 40, "style": "font-family: monospace"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            "One pair per line, original = translation, paragraphs numbered from 1: “1 = 1”, "
            "“2, 3 = 2” (two paragraphs rendered as one), “4 = -” (not translated), “- = 5” "
            "(translator's addition). Leave empty to pair paragraphs one by one.",
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            lines = []
            for bead in value:
                left = ", ".join(str(i + 1) for i in bead["original"]) or "-"
                right = ", ".join(str(i + 1) for i in bead["translation"]) or "-"
                lines.append(f"{left} = {right}")
            return "\n".join(lines)
        return value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, list):
            return value
        beads = []
        for number, line in enumerate((super().to_python(value) or "").splitlines(), start=1):
            if not line.strip():
                continue
            if "=" not in line:
                raise ValidationError(f"Line {number}: write it as “original = translation”.")
            left, right = line.split("=", 1)
            bead = {"original": _ids(left, number), "translation": _ids(right, number)}
            if not bead["original"] and not bead["translation"]:
                raise ValidationError(f"Line {number}: both sides are empty.")
            beads.append(bead)
        return beads

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(initial or []) != self.to_python(data)
        except ValidationError:
            return True
