"""Checks on the text as text: empty or untranslated segments, unbalanced quotation marks and
brackets, a translation far shorter or longer than its source, paragraphs left out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import ClassVar

from .base import Check, Context, Finding, Unit


def base_language(code: str) -> str:
    """``pt-BR`` → ``pt``."""
    return (code or "").split("-", 1)[0].lower()


class EmptyCheck(Check):
    """A segment of the original with nothing in its translation."""

    name = "Empty segment"
    description = "A sentence of the original has no translation yet."
    severity = "warning"

    def check_article(self, units: Sequence[Unit], context: Context) -> list[Finding]:
        return [
            self.finding(f"Segment {unit.number} is not translated yet.", unit)
            for unit in units
            if unit.sentences and unit.source.strip() and not unit.target.strip()
        ]


_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


class UntranslatedCheck(Check):
    """A translation that is the original's text again."""

    name = "Untranslated segment"
    description = "The translation of a segment is the same text as the original."
    severity = "error"

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        if base_language(context.source_language) == base_language(context.target_language):
            return []
        source = " ".join(unit.source.split())
        target = " ".join(unit.target.split())
        # A name or a figure alone ("NATO", "2025") reads the same in both languages.
        if source.casefold() != target.casefold() or len(_LETTER.findall(source)) < 2:
            return []
        if len(source.split()) < 2:
            return []
        return [
            self.finding(
                f"Segment {unit.number}: the translation is the original's text, untranslated.",
                unit,
            )
        ]


#: Quotation marks as each language pairs them (opening, closing), and brackets everywhere.
BRACKETS = [("(", ")"), ("[", "]"), ("{", "}")]
QUOTES: dict[str, list[tuple[str, str]]] = {
    "en": [("“", "”"), ("‘", "’")],
    "de": [("„", "“"), ("‚", "‘"), ("»", "«")],
    "ru": [("«", "»"), ("„", "“")],
    "uk": [("«", "»"), ("„", "“")],
    "be": [("«", "»"), ("„", "“")],
    "bg": [("„", "“"), ("«", "»")],
    "pl": [("„", "”"), ("«", "»")],
    "cs": [("„", "“"), ("‚", "‘"), ("»", "«")],
    "fr": [("«", "»"), ("“", "”")],
    "es": [("«", "»"), ("“", "”")],
    "it": [("«", "»"), ("“", "”")],
    "pt": [("«", "»"), ("“", "”")],
    "sv": [("”", "”"), ("»", "»")],
    "ja": [("「", "」"), ("『", "』"), ("“", "”")],
    "zh": [("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"), ("《", "》")],
    "ko": [("“", "”"), ("‘", "’"), ("「", "」")],
    "ar": [("«", "»"), ("“", "”")],
}
_DEFAULT_QUOTES = [("“", "”"), ("«", "»")]
#: Quotation marks a language uses as apostrophes too: not counted.
_APOSTROPHES = {"’"}


def unbalanced(text: str, language: str) -> str | None:
    """The first mark of ``text`` left open or closed without opening, else None."""
    pairs = BRACKETS + QUOTES.get(base_language(language), _DEFAULT_QUOTES)
    same = {opening for opening, closing in pairs if opening == closing}
    openers = {opening: closing for opening, closing in pairs if opening != closing}
    closers = {
        closing: opening
        for opening, closing in pairs
        if opening != closing and closing not in _APOSTROPHES
    }
    stack: list[str] = []
    for char in text:
        if char in same:
            if stack and stack[-1] == char:
                stack.pop()
            else:
                stack.append(char)
        elif stack and openers.get(stack[-1]) == char:
            stack.pop()
        elif char in openers:
            stack.append(char)
        elif char in closers:
            return char
    if stack:
        return stack[-1]
    if text.count('"') % 2:
        return '"'
    return None


class BracketsCheck(Check):
    """Quotation marks or brackets opened and not closed, or closed and never opened."""

    name = "Quotation marks and brackets"
    description = (
        "The translation opens a quotation mark or bracket it does not close (or closes one it "
        "never opened), in the quotation marks of its language."
    )
    severity = "warning"

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        mark = unbalanced(unit.target, context.target_language)
        if mark is None:
            return []
        # An original that is itself unbalanced (a quotation running on) is followed, not flagged.
        if unbalanced(unit.source, context.source_language) is not None:
            return []
        return [
            self.finding(
                f"Segment {unit.number}: the quotation mark or bracket {mark} is not balanced.",
                unit,
            )
        ]


#: How many characters a language spends, against English, to say the same thing. Written
#: Chinese and Japanese need far fewer characters; German and Romance languages a few more.
DENSITY = {
    "en": 1.0,
    "de": 1.15,
    "nl": 1.1,
    "fr": 1.15,
    "es": 1.12,
    "it": 1.12,
    "pt": 1.1,
    "ru": 1.1,
    "uk": 1.1,
    "pl": 1.1,
    "cs": 1.0,
    "el": 1.15,
    "tr": 1.0,
    "ar": 0.95,
    "fa": 1.0,
    "he": 0.85,
    "zh": 0.3,
    "ja": 0.4,
    "ko": 0.45,
}


def visible_length(text: str) -> int:
    """Characters that carry text: spaces and punctuation left out."""
    return sum(1 for char in text if not char.isspace() and unicodedata.category(char)[0] != "P")


class LengthCheck(Check):
    """A translation far shorter or longer than its source would be in the target language."""

    name = "Length"
    description = (
        "The translation is far shorter or longer than the original, given how long the two "
        "languages usually run (Chinese and Japanese count by character)."
    )
    severity = "warning"
    option_defaults: ClassVar[dict[str, float | int]] = {
        "shortest": 0.45,
        "longest": 2.2,
        "min_length": 25,
    }

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        source = visible_length(unit.source)
        if source < int(self.options["min_length"]):
            return []
        factor = DENSITY.get(base_language(context.target_language), 1.0) / DENSITY.get(
            base_language(context.source_language), 1.0
        )
        ratio = visible_length(unit.target) / (source * factor)
        if ratio < float(self.options["shortest"]):
            what = "far shorter than"
        elif ratio > float(self.options["longest"]):
            what = "far longer than"
        else:
            return []
        return [
            self.finding(
                f"Segment {unit.number}: the translation is {what} the original "
                f"({round(ratio * 100)}% of the expected length).",
                unit,
            )
        ]


class OmissionCheck(Check):
    """A paragraph of the original with nothing for it in the translation."""

    name = "Omitted paragraph"
    description = (
        "A paragraph of the original has no counterpart in the translation, while the rest of "
        "the article is translated."
    )
    severity = "error"

    def check_article(self, units: Sequence[Unit], context: Context) -> list[Finding]:
        covered: set[int] = set()
        paragraphs: set[int] = set()
        for unit in units:
            if not unit.sentences:
                continue
            spanned = range(unit.block_index, unit.block_index + max(unit.spans, 1))
            paragraphs.update(spanned)
            if unit.target.strip():
                covered.update(spanned)
        if not covered:
            return []
        return [
            self.finding(
                f"Paragraph {index + 1} of the original has no counterpart in the translation."
            )
            for index in sorted(paragraphs - covered)
        ]
