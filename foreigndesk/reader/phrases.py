"""Credit lines in the newsroom's words, leaving out whatever is missing.

Pure functions over plain strings so that every combination of missing parts is easy to test: the
page must never print an empty slot such as "Translated from by".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Dateline:
    """ "Published in OUTLET (COUNTRY) on DATE by AUTHOR", any part possibly missing."""

    outlet: str = ""
    country: str = ""
    date: str = ""
    authors: Sequence[str] = ()

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
        authors = join_names(self.authors)
        if authors:
            parts += [("text", " by " if parts else "By "), ("authors", authors)]
        return parts

    def __str__(self) -> str:
        return "".join(text for _, text in self.parts())


@dataclass(frozen=True)
class Credits:
    """ "Translated from LANGUAGE by TRANSLATORS. Edited by EDITORS.", any part possibly missing."""

    language: str = ""
    translators: Sequence[str] = ()
    editors: Sequence[str] = ()

    def sentences(self) -> list[str]:
        sentences = []
        translators = join_names(self.translators)
        if self.language and translators:
            sentences.append(f"Translated from {self.language} by {translators}.")
        elif self.language:
            sentences.append(f"Translated from {self.language}.")
        elif translators:
            sentences.append(f"Translated by {translators}.")
        editors = join_names(self.editors)
        if editors:
            sentences.append(f"Edited by {editors}.")
        return sentences

    def __str__(self) -> str:
        return " ".join(self.sentences())
