"""Reads for the alignment editor: one translation's beads as rows an editor can correct."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from foreigndesk.core.blocks import Block
from foreigndesk.intake.models import Original

from .beads import StoredBead, bead_kind, check_beads, one_to_one, split_cuts
from .models import Translation


def translations_for_alignment() -> QuerySet[Translation]:
    """Translations with what the alignment editor shows: both texts and their languages."""
    return Translation.objects.select_related("language", "original__language")


def current_beads(translation: Translation) -> list[StoredBead]:
    """The beads readers see: the stored ones, or block by block when none was stored."""
    if translation.bead_list:
        return translation.bead_list
    n_original = len(translation.original.block_list) if translation.original else 0
    return one_to_one(n_original, len(translation.block_list))


def alignment_version(translation: Translation) -> str:
    """A short fingerprint of what an editor of the alignment sees: the translation's last save,
    its pairs and both texts. An edit made from another fingerprint is refused as stale."""
    original = translation.original
    seen = [
        translation.revision,
        translation.updated_at.isoformat() if translation.updated_at else None,
        translation.alignment_origin,
        translation.alignment,
        translation.blocks,
        original.pk if original else None,
        original.blocks if original else None,
    ]
    encoded = json.dumps(seen, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()[:24]


@dataclass
class EditorParagraph:
    """One block on one side of a row, numbered from 1 as editors count paragraphs."""

    number: int
    kind: str
    text: str
    missing: bool = False


@dataclass
class Cut:
    """A place where a row can be split in two, with how the two parts would read."""

    value: str
    label: str


@dataclass
class EditorRow:
    """One bead as the alignment editor shows it, with the corrections that apply to it."""

    index: int
    bead: StoredBead
    original: list[EditorParagraph]
    translation: list[EditorParagraph]
    cuts: list[Cut] = field(default_factory=list)
    is_last: bool = False

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def kind(self) -> str:
        """``omission``, ``addition`` or the bead's shape (``1-1``, ``2-1`` ...)."""
        if not self.bead["translation"]:
            return "omission"
        if not self.bead["original"]:
            return "addition"
        return bead_kind(self.bead)

    @property
    def moved(self) -> bool:
        return bool(self.bead.get("moved"))

    @property
    def can_join(self) -> bool:
        return not self.is_last

    @property
    def can_split(self) -> bool:
        return bool(self.cuts)

    @property
    def can_detach(self) -> bool:
        return bool(self.bead["original"] and self.bead["translation"])


@dataclass
class AlignmentEditor:
    """Everything the alignment editor page shows for one translation."""

    translation: Translation
    version: str
    rows: list[EditorRow]
    problem: str = ""

    @property
    def original(self) -> Original | None:
        return self.translation.original

    @property
    def can_align(self) -> bool:
        return bool(self.original and self.original.blocks)


def _paragraphs(blocks: list[Block], ids: list[int]) -> list[EditorParagraph]:
    return [
        EditorParagraph(number=i + 1, kind=blocks[i]["kind"], text=blocks[i]["text"])
        if 0 <= i < len(blocks)
        else EditorParagraph(number=i + 1, kind="", text="", missing=True)
        for i in ids
    ]


def _side(ids: list[int]) -> str:
    return ", ".join(str(i + 1) for i in ids) or "-"


def _cuts(bead: StoredBead) -> list[Cut]:
    original, translation = bead["original"], bead["translation"]
    return [
        Cut(
            value=f"{i}:{j}",
            label=(
                f"{_side(original[:i])} = {_side(translation[:j])}, then "
                f"{_side(original[i:])} = {_side(translation[j:])}"
            ),
        )
        for i, j in split_cuts(bead)
    ]


def alignment_editor(translation: Translation) -> AlignmentEditor:
    """The rows of the alignment editor: each bead with both sides' paragraphs and its cuts."""
    original = translation.original
    o_blocks = original.block_list if original else []
    t_blocks = translation.block_list
    beads = current_beads(translation) if o_blocks else []
    problem = ""
    try:
        check_beads(beads, len(o_blocks), len(t_blocks))
    except ValidationError as error:
        problem = " ".join(error.messages)
    rows = [
        EditorRow(
            index=index,
            bead=bead,
            original=_paragraphs(o_blocks, bead["original"]),
            translation=_paragraphs(t_blocks, bead["translation"]),
            cuts=_cuts(bead),
            is_last=index == len(beads) - 1,
        )
        for index, bead in enumerate(beads)
    ]
    return AlignmentEditor(
        translation=translation,
        version=alignment_version(translation),
        rows=rows,
        problem=problem,
    )
