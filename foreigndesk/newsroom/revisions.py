"""Word-by-word comparison of two versions of a text, for showing what a revision changed.

Pure Python (``difflib`` over word tokens), no Django. Scripts written without spaces between
words (Chinese, Japanese, Thai ...) are compared character by character, which is what a reader
of those scripts expects from a diff; everything else word by word, with spaces and punctuation
kept as tokens of their own so that joining the segments gives the text back.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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


def grouped(segments: list[Segment]) -> list[Segment]:
    """The segments as a reader takes them in: a run of changes separated only by spaces reads
    as one deletion then one insertion ("<del>resumes service</del><ins>runs again</ins>"),
    not word against word. Both versions still rebuild from the result."""
    result: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            result.append(Segment("delete", "".join(deleted)))
        if inserted:
            result.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, segment in enumerate(segments):
        if segment.kind == "delete":
            deleted.append(segment.text)
        elif segment.kind == "insert":
            inserted.append(segment.text)
        elif (
            segment.text.isspace()
            and (deleted or inserted)
            and index + 1 < len(segments)
            and segments[index + 1].kind != "equal"
        ):
            deleted.append(segment.text)
            inserted.append(segment.text)
        else:
            flush()
            result.append(segment)
    flush()
    return result


def diff_text(segments: list[Segment], *, side: Literal["old", "new"]) -> str:
    """One version rebuilt from the segments (checks, and plain-text views)."""
    dropped = "insert" if side == "old" else "delete"
    return "".join(segment.text for segment in segments if segment.kind != dropped)


def word_count(text: str) -> int:
    """Words in a text (characters for unspaced scripts), spaces and punctuation left out."""
    return sum(1 for token in tokens(text) if not token.isspace() and not _is_punctuation(token))


def _is_punctuation(token: str) -> bool:
    # Full-width and CJK punctuation ("。", "、") come as tokens of one character too.
    return len(token) == 1 and unicodedata.category(token).startswith(("P", "S"))


def words_changed(old_text: str, new_text: str) -> tuple[int, int]:
    """How many words were added and how many removed from ``old_text`` to ``new_text``."""
    added = removed = 0
    for segment in word_diff(old_text, new_text):
        if segment.kind == "insert":
            added += word_count(segment.text)
        elif segment.kind == "delete":
            removed += word_count(segment.text)
    return added, removed


Status = Literal["same", "changed", "added", "removed"]


@dataclass(frozen=True)
class BlockChange:
    """One block of a comparison: the same, changed (with its word diff), added or removed."""

    status: Status
    old_kind: str
    new_kind: str
    segments: list[Segment]
    #: The block's place in the old and the new text (None on the side that lacks it).
    old_index: int | None = None
    new_index: int | None = None


def compare_blocks(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[BlockChange]:
    """Two versions of a text compared block by block: blocks are matched in order by their
    text, a replaced run is compared pair by pair, each pair word by word."""
    old_texts = [block["text"] for block in old]
    new_texts = [block["text"] for block in new]
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    changes: list[BlockChange] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            changes += [
                BlockChange(
                    "same" if old[i]["kind"] == new[j]["kind"] else "changed",
                    old[i]["kind"],
                    new[j]["kind"],
                    [Segment("equal", old_texts[i])],
                    i,
                    j,
                )
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            i, j = i1 + k, j1 + k
            changes.append(
                BlockChange(
                    "changed",
                    old[i]["kind"],
                    new[j]["kind"],
                    grouped(word_diff(old_texts[i], new_texts[j])),
                    i,
                    j,
                )
            )
        changes += [
            BlockChange("removed", old[i]["kind"], "", [Segment("delete", old_texts[i])], i, None)
            for i in range(i1 + paired, i2)
        ]
        changes += [
            BlockChange("added", "", new[j]["kind"], [Segment("insert", new_texts[j])], None, j)
            for j in range(j1 + paired, j2)
        ]
    return changes
