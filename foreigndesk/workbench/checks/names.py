"""The names check: a name of the original (a capitalised word, or a short quoted phrase) with
no counterpart in the translation.

Both sides are transliterated to Latin letters by anyascii, so "Путина" finds "Putin",
"Μητσοτάκης" finds "Mitsotakis" and "محمد" finds "Muhammad"; the comparison is fuzzy (rapidfuzz),
to allow for case endings and for the different ways a name is romanised.
"""

from __future__ import annotations

import re
from typing import ClassVar

from anyascii import anyascii
from rapidfuzz import fuzz, process

from .base import Check, Context, Finding, Unit
from .text import QUOTES, base_language

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…:;»“”\"„«(\[–—-]\s*$")
_VOWELS = re.compile(r"[aeiouy]")
#: Languages that capitalise every noun: there only runs of two capitalised words count as names.
_NOUNS_CAPITALISED = {"de", "lb"}
#: Languages whose script has no capitals and whose names the check cannot follow into the
#: translation's script (Latin names written in Han characters, say).
_NO_LATIN_COUNTERPART = {"zh", "ja", "ko"}


def romanised(text: str) -> str:
    return anyascii(text).casefold()


def _quoted(text: str, language: str) -> list[str]:
    phrases: list[str] = []
    for opening, closing in [*QUOTES.get(language, []), ("«", "»"), ("“", "”"), ("„", "“")]:
        pattern = (
            re.escape(opening)
            + r"([^"
            + re.escape(opening + closing)
            + r"]{2,60})"
            + re.escape(closing)
        )
        for match in re.finditer(pattern, text):
            phrase = match.group(1).strip()
            if 1 <= len(phrase.split()) <= 4 and phrase not in phrases:
                phrases.append(phrase)
    return phrases


def names(text: str, language: str) -> list[str]:
    """The names of ``text``: capitalised words not opening a sentence, and short quoted
    phrases."""
    language = base_language(language)
    found: list[str] = []
    run: list[str] = []
    runs: list[list[str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        before = text[: match.start()]
        opens_sentence = not before.strip() or _SENTENCE_END.search(before) is not None
        capitalised = word[0].isupper() and not opens_sentence
        if capitalised:
            run.append(word)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    for words in runs:
        if language in _NOUNS_CAPITALISED and len(words) < 2:
            continue
        found.extend(word for word in words if word not in found)
    for phrase in _quoted(text, language):
        if phrase not in found:
            found.append(phrase)
    return found


def _similar(name: str, candidates: list[str], cutoff: float) -> bool:
    if process.extractOne(name, candidates, scorer=fuzz.ratio, score_cutoff=cutoff):
        return True
    skeleton = _VOWELS.sub("", name)
    if len(skeleton) < 3:
        return False
    skeletons = [_VOWELS.sub("", candidate) for candidate in candidates]
    return bool(process.extractOne(skeleton, skeletons, scorer=fuzz.ratio, score_cutoff=80))


class NamesCheck(Check):
    """A name of the original that the translation does not have, in any romanisation."""

    name = "Names"
    description = (
        "A name of the original (a capitalised word or a short quoted phrase) has no counterpart "
        "in the translation; Cyrillic, Greek and Arabic names are compared in Latin letters."
    )
    severity = "warning"
    option_defaults: ClassVar[dict[str, float]] = {"similarity": 70.0}

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        if base_language(context.target_language) in _NO_LATIN_COUNTERPART:
            return []
        candidates = [romanised(word) for word in _WORD.findall(unit.target)]
        glossary_words: set[str] = set()
        if context.terms:
            for term in context.terms.found_in(unit.source):
                glossary_words.update(term.source_term.casefold().split())
        missing: list[str] = []
        for name in names(unit.source, context.source_language):
            parts = [part for part in _WORD.findall(name) if part.casefold() not in glossary_words]
            if not parts:
                continue
            # A quoted phrase counts as found when one of its words is.
            if not any(
                _similar(romanised(part), candidates, float(self.options["similarity"]))
                for part in parts
            ):
                missing.append(name)
        return [
            self.finding(
                f"Segment {unit.number}: the name “{name}” has no counterpart in the translation.",
                unit,
            )
            for name in missing
        ]
