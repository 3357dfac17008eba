"""Credit lines in the newsroom's words, leaving out whatever is missing.

Pure functions over plain strings so that every combination of missing parts is easy to test: the
page must never print an empty slot such as "Translated from by".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _name_parts(names: Sequence[str]) -> list[tuple[str, str]]:
    """``A, B and C`` as parts, so that a template can link each name."""
    names = [name for name in names if name]
    parts: list[tuple[str, str]] = []
    for number, name in enumerate(names):
        if number:
            parts.append(("text", " and " if number == len(names) - 1 else ", "))
        parts.append(("name", name))
    return parts


def listed_title(*, country: str, title: str) -> str:
    """A listed article as plain text, "COUNTRY: TITLE": the country in capitals before the
    first colon, the title whole after it, whatever colons of its own it has."""
    return f"{country.upper()}: {title}" if country else title


@dataclass(frozen=True)
class Dateline:
    """ "Published in OUTLET (COUNTRY) on DATE by AUTHOR", any part possibly missing."""

    outlet: str = ""
    country: str = ""
    date: str = ""
    authors: Sequence[str] = ()
    #: Romanised forms of authors' names written in another script, shown after each name.
    romanized: Mapping[str, str] = field(default_factory=dict)

    def parts(self) -> list[tuple[str, str]]:
        """(role, text) pairs in order; roles let a template link or mark up each part."""
        parts: list[tuple[str, str]] = []
        if self.outlet:
            parts += [("text", "Published in "), ("outlet", self.outlet)]
            if self.country:
                parts.append(("text", f" ({self.country})"))
        elif self.country:
            parts.append(("text", f"Published in {self.country}"))
        if self.date:
            parts += [("text", " on " if parts else "Published on "), ("date", self.date)]
        authors: list[tuple[str, str]] = []
        for role, text in _name_parts(self.authors):
            if role != "name":
                authors.append((role, text))
                continue
            authors.append(("author", text))
            if self.romanized.get(text):
                authors.append(("romanized", f" ({self.romanized[text]})"))
        if authors:
            parts += [("text", " by " if parts else "By "), *authors]
        return parts

    def __str__(self) -> str:
        return "".join(text for _, text in self.parts())


@dataclass(frozen=True)
class Credits:
    """ "Translated from LANGUAGE by TRANSLATORS. Edited by EDITORS.", any part possibly missing."""

    language: str = ""
    translators: Sequence[str] = ()
    editors: Sequence[str] = ()

    def parts(self) -> list[tuple[str, str]]:
        """(role, text) pairs in order; role "name" marks a person a template may link."""
        parts: list[tuple[str, str]] = []
        translators = _name_parts(self.translators)
        if self.language or translators:
            parts.append(("text", "Translated"))
            if self.language:
                parts.append(("text", f" from {self.language}"))
            if translators:
                parts += [("text", " by "), *translators]
            parts.append(("text", "."))
        editors = _name_parts(self.editors)
        if editors:
            parts += [("text", " Edited by " if parts else "Edited by "), *editors, ("text", ".")]
        return parts

    def sentences(self) -> list[str]:
        text = str(self)
        return [text] if text else []

    def __str__(self) -> str:
        return "".join(text for _, text in self.parts())
