"""Word-by-word comparison of two versions of a text, for showing what a revision changed.

Pure Python (``difflib`` over word tokens), no Django. Scripts written without spaces between
words (Chinese, Japanese, Thai ...) are compared character by character, which is what a reader
of those scripts expects from a diff; everything else word by word, with spaces and punctuation
kept as tokens of their own so that joining the segments gives the text back.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["equal", "insert", "delete"]

# One character of a script written without spaces: Han, Hiragana, Katakana, Thai, Lao,
# Khmer, Myanmar, and the CJK symbols and full-width punctuation around them.
_UNSPACED = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3000-\u30ff"  # CJK punctuation, Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff00-\uffef"  # full-width forms
    "\U00020000-\U0003134f"  # CJK extensions B to G
)
# Punctuation is a token of its own (ASCII, Latin-1 and general punctuation); everything else
# that is not a space belongs to a word, combining accents and vowel signs included.
_PUNCTUATION = "!-/:-@\\[-`{-~\u00a1-\u00bf\u2010-\u2027\u2030-\u205e"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\s{_UNSPACED}{_PUNCTUATION}]+|\s+|[{_PUNCTUATION}]")


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, only in the new one, or only in the old."""

    kind: Kind
    text: str


def tokens(text: str) -> list[str]:
    """The text cut into words (characters for unspaced scripts), spaces and punctuation."""
    return _TOKEN.findall(text)


def word_diff(old_text: str, new_text: str) -> list[Segment]:
    """What changed from ``old_text`` to ``new_text``, as equal, deleted and inserted runs.

    A replaced run comes as its deletion followed by its insertion; neighbouring runs of the
    same kind are merged.
    """
    old, new = tokens(old_text), tokens(new_text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments: list[Segment] = []

    def add(kind: Kind, parts: list[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))

    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            add("equal", old[i1:i2])
        else:
            add("delete", old[i1:i2])
            add("insert", new[j1:j2])
    return segments


def diff_text(segments: list[Segment], *, side: Literal["old", "new"]) -> str:
    """One version rebuilt from the segments (checks, and plain-text views)."""
    dropped = "insert" if side == "old" else "delete"
    return "".join(segment.text for segment in segments if segment.kind != dropped)
