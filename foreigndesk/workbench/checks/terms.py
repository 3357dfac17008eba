"""Glossary terms in a segment, found by word form, and the checks that the translation uses the
glossary's term and none of its forbidden variants.

Words are compared by their stems (PyStemmer, as the search indexes them), so "ставки" finds the
term "ставка" and "rates" the term "rate"; Chinese and Japanese by overlapping character pairs.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from foreigndesk.search.analysis import stem_words, words

from .base import Check, Context, Finding, Unit


@dataclass(frozen=True)
class Term:
    """A glossary entry as the checks need it (a ``GlossaryTerm`` has the same attributes)."""

    source_term: str
    target_term: str
    note: str = ""
    forbidden_list: tuple[str, ...] = ()


def stemmed(text: str, language: str) -> tuple[str, ...]:
    return tuple(stem_words(words(text), language))


#: A term's word as written counts as found at the start of a longer word of the text when it
#: has at least this many letters: stemmers cut some names oddly ("Киев" → "ки", "Киеве" →
#: "киев"), and the written form then finds what the stem misses.
PREFIX = 4


@dataclass(frozen=True)
class _Form:
    """A phrase as matched: its words as written (case-folded) and their stems."""

    written: tuple[str, ...]
    stems: tuple[str, ...]

    @classmethod
    def of(cls, text: str, language: str) -> _Form:
        return _form(text, language)

    def at(self, text: _Form, i: int) -> bool:
        """Whether the phrase occurs in ``text`` from its word ``i``."""
        if i + len(self.stems) > len(text.stems):
            return False
        for j, (word, stem) in enumerate(zip(self.written, self.stems, strict=True)):
            if text.stems[i + j] == stem:
                continue
            if len(word) >= PREFIX and text.written[i + j].startswith(word):
                continue
            return False
        return True

    def within(self, text: _Form) -> bool:
        return bool(self.stems) and any(self.at(text, i) for i in range(len(text.stems)))


@functools.lru_cache(maxsize=8192)
def _form(text: str, language: str) -> _Form:
    """A text's words and stems, kept for the checks of one article that read the same segment
    and the same terms again."""
    written = tuple(words(text))
    return _Form(written, tuple(stem_words(list(written), language)))


class _Phrases:
    """Phrases indexed by their first word (its stem, and the start of it as written), so that
    a text is matched against the few phrases that may start at each of its words."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[_Form, Any]]] = defaultdict(list)

    def add(self, form: _Form, value: Any) -> None:
        if not form.stems:
            return
        self._by_first[form.stems[0]].append((form, value))
        if len(form.written[0]) >= PREFIX and form.written[0][:PREFIX] != form.stems[0]:
            self._by_first[form.written[0][:PREFIX]].append((form, value))

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def found_in(self, text: _Form) -> list[Any]:
        """The values of the phrases that occur in ``text``, in order, each once."""
        found: list[Any] = []
        for i, (word, stem) in enumerate(zip(text.written, text.stems, strict=True)):
            candidates = self._by_first.get(stem, [])
            if word[:PREFIX] != stem:
                candidates = candidates + self._by_first.get(word[:PREFIX], [])
            for form, value in candidates:
                if value not in found and form.at(text, i):
                    found.append(value)
        return found


@dataclass
class TermIndex:
    """The terms of one language pair, ready to be looked for in segments."""

    terms: Sequence[Any]
    source_language: str
    target_language: str
    _sources: _Phrases = field(init=False, repr=False)
    _forbidden: _Phrases = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sources = _Phrases()
        self._forbidden = _Phrases()
        for term in self.terms:
            self._sources.add(_Form.of(term.source_term, self.source_language), term)
            for variant in term.forbidden_list:
                self._forbidden.add(_Form.of(variant, self.target_language), (variant, term))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def found_in(self, source: str) -> list[Any]:
        """The terms that occur in ``source`` (any word form), in the order they occur."""
        return self._sources.found_in(_Form.of(source, self.source_language))

    def uses(self, target: str, phrase: str) -> bool:
        """Whether ``target`` contains ``phrase`` in any word form of the target language."""
        return _Form.of(phrase, self.target_language).within(_Form.of(target, self.target_language))

    def forbidden_in(self, target: str) -> Iterable[tuple[str, Any]]:
        """The forbidden variants ``target`` uses, each with its term."""
        if not self._forbidden:
            return []
        found: list[tuple[str, Any]] = self._forbidden.found_in(
            _Form.of(target, self.target_language)
        )
        return found


class GlossaryCheck(Check):
    """A glossary term of the original not translated with the glossary's term."""

    name = "Glossary term"
    description = "A term of the glossary occurs in the original, and its translation is not used."
    severity = "warning"

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        index = context.terms
        if not index:
            return []
        return [
            self.finding(
                f"Segment {unit.number}: the glossary translates “{term.source_term}” as "
                f"“{term.target_term}”.",
                unit,
            )
            for term in index.found_in(unit.source)
            if not index.uses(unit.target, term.target_term)
        ]


class ForbiddenVariantCheck(Check):
    """A translation the glossary rules out."""

    name = "Forbidden variant"
    description = "The translation uses a variant of a term that the glossary rules out."
    severity = "error"

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        index = context.terms
        if not index:
            return []
        return [
            self.finding(
                f"Segment {unit.number}: “{variant}” is ruled out by the glossary; "
                f"write “{term.target_term}”.",
                unit,
            )
            for variant, term in index.forbidden_in(unit.target)
        ]
