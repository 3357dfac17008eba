"""The stored alignment of a translation: beads between original blocks and translation blocks.

A bead pairs a run of original blocks with a run of translation blocks: ``1-1``, ``2-1`` (two
original paragraphs rendered as one), ``1-0`` (an omission), ``0-1`` (a translator's addition).
Beads are stored as a JSON list of ``{"original": [ids], "translation": [ids]}`` with 0-based block
ids, in reading order of the translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypedDict

from django.core.exceptions import ValidationError

from foreigndesk.alignment import DEFAULT_PARAMS, AlignmentError, WordTable, align


class StoredBead(TypedDict):
    original: list[int]
    translation: list[int]


def one_to_one(n_original: int, n_translation: int) -> list[StoredBead]:
    """The alignment assumed when none was computed: block i against block i, the rest unmatched."""
    beads: list[StoredBead] = [
        {"original": [i], "translation": [i]} for i in range(min(n_original, n_translation))
    ]
    beads += [{"original": [i], "translation": []} for i in range(n_translation, n_original)]
    beads += [{"original": [], "translation": [i]} for i in range(n_original, n_translation)]
    return beads


def from_pairs(pairs: Iterable[tuple[Iterable[int], Iterable[int]]]) -> list[StoredBead]:
    """Beads from ``(original ids, translation ids)`` pairs."""
    return [{"original": list(o), "translation": list(t)} for o, t in pairs]


def check_beads(beads: Any, n_original: int, n_translation: int) -> None:
    """Refuse beads that are malformed, point past the text, or use a block twice."""
    if not isinstance(beads, list):
        raise ValidationError("The alignment must be a list of beads.")
    seen_original: set[int] = set()
    seen_translation: set[int] = set()
    for number, bead in enumerate(beads, start=1):
        if not isinstance(bead, dict) or set(bead) - {"original", "translation", "moved"}:
            raise ValidationError(f"Bead {number} must have original and translation ids.")
        original, translation = bead.get("original", []), bead.get("translation", [])
        if not original and not translation:
            raise ValidationError(f"Bead {number} is empty on both sides.")
        for ids, limit, seen, side in (
            (original, n_original, seen_original, "original"),
            (translation, n_translation, seen_translation, "translation"),
        ):
            for block_id in ids:
                if not isinstance(block_id, int) or not 0 <= block_id < limit:
                    raise ValidationError(
                        f"Bead {number} names {side} block {block_id}, which does not exist."
                    )
                if block_id in seen:
                    raise ValidationError(
                        f"Bead {number} uses {side} block {block_id} a second time."
                    )
                seen.add(block_id)


def bead_kind(bead: StoredBead) -> str:
    """``"2-1"`` for two original blocks rendered as one translation block."""
    return f"{len(bead['original'])}-{len(bead['translation'])}"


#: Paragraphs of a press translation are rarely merged two into two, and a paragraph left out
#: or added is common: on the demo desk's hand-aligned articles these settings pair paragraphs
#: with strict F1 0.978, against 0.959 with the aligner's sentence-level defaults. An editor's
#: note or a standfirst only one side has at the start stands alone (``lone_start``).
PARAGRAPH_PARAMS = replace(
    DEFAULT_PARAMS,
    bead_types=((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (1, 0), (0, 1)),
    large_beads=False,
    prior_del=0.2,
    lone_start=0.1,
)


def computed_beads(
    original_texts: list[str],
    translation_texts: list[str],
    *,
    source_lang: str | None,
    target_lang: str | None,
    archive: WordTable | None = None,
) -> tuple[list[StoredBead], bool]:
    """Beads found by the aligner, and whether it found them (else block i against block i).

    `archive` is the language pair's word table learned from the desk's published translations.

    The aligner refuses what it cannot align (an empty side, say); the pairing then falls back to
    one to one, so that saving or importing never fails because of it.
    """
    try:
        beads = align(
            original_texts,
            translation_texts,
            source_lang=source_lang,
            target_lang=target_lang,
            params=PARAGRAPH_PARAMS,
            archive=archive,
        )
    except AlignmentError:
        return one_to_one(len(original_texts), len(translation_texts)), False
    stored: list[StoredBead] = []
    for bead in beads:
        item: StoredBead = {"original": list(bead.original), "translation": list(bead.translation)}
        if bead.moved:
            item["moved"] = True  # type: ignore[typeddict-unknown-key]
        stored.append(item)
    return stored, True


# Editing by hand. Each operation takes the beads and the index of one of them and returns new
# beads, leaving its argument untouched; a request that makes no sense is refused by name.


def _bead(original: list[int], translation: list[int], *, moved: bool = False) -> StoredBead:
    bead: StoredBead = {"original": list(original), "translation": list(translation)}
    if moved:
        bead["moved"] = True  # type: ignore[typeddict-unknown-key]
    return bead


def _pick(beads: list[StoredBead], index: int) -> StoredBead:
    if not 0 <= index < len(beads):
        raise ValidationError(
            f"There is no row {index + 1}: the alignment has {len(beads)} row"
            f"{'' if len(beads) == 1 else 's'}."
        )
    return beads[index]


def join_beads(beads: list[StoredBead], index: int) -> list[StoredBead]:
    """One bead covering bead ``index`` and the next: their paragraphs read as one pair."""
    first = _pick(beads, index)
    if index + 1 >= len(beads):
        raise ValidationError(f"Row {index + 1} is the last row: there is no next row to join.")
    second = beads[index + 1]
    joined = _bead(
        sorted([*first["original"], *second["original"]]),
        sorted([*first["translation"], *second["translation"]]),
        moved=bool(first.get("moved") or second.get("moved")),
    )
    return [*beads[:index], joined, *beads[index + 2 :]]


def split_cuts(bead: StoredBead) -> list[tuple[int, int]]:
    """Where a bead can be cut in two: ``(i, j)`` keeps ``i`` original and ``j`` translation
    paragraphs in the first part, the rest in the second.

    Neither part is left empty, and the cuts that would only unpair the two sides (all the
    original in one part, all the translation in the other) are left to ``detach_bead``.
    """
    n_original, n_translation = len(bead["original"]), len(bead["translation"])
    if max(n_original, n_translation) < 2:
        return []
    unwanted = {(0, 0), (n_original, n_translation), (0, n_translation), (n_original, 0)}
    return [
        (i, j)
        for i in range(n_original + 1)
        for j in range(n_translation + 1)
        if (i, j) not in unwanted
    ]


def _refuse_unsplittable(bead: StoredBead, index: int) -> None:
    if max(len(bead["original"]), len(bead["translation"])) < 2:
        raise ValidationError(
            f"Row {index + 1} is a {bead_kind(bead)} pair: there is nothing to split. "
            "Detach it to leave both sides unpaired."
        )


def split_bead(
    beads: list[StoredBead], index: int, cut: tuple[int, int] | None = None
) -> list[StoredBead]:
    """Bead ``index`` split in two at ``cut`` (see ``split_cuts``), or, without a cut, into
    one bead per paragraph paired in order, the paragraphs left over on the longer side
    becoming omissions or additions."""
    bead = _pick(beads, index)
    _refuse_unsplittable(bead, index)
    original, translation = bead["original"], bead["translation"]
    moved = bool(bead.get("moved"))
    if cut is None:
        parts = [
            _bead(original[k : k + 1], translation[k : k + 1], moved=moved)
            for k in range(max(len(original), len(translation)))
        ]
    else:
        if cut not in split_cuts(bead):
            raise ValidationError(
                f"Row {index + 1} cannot be cut after {cut[0]} original and {cut[1]} "
                "translation paragraphs: each part must keep at least one paragraph."
            )
        i, j = cut
        parts = [
            _bead(original[:i], translation[:j], moved=moved),
            _bead(original[i:], translation[j:], moved=moved),
        ]
    return [*beads[:index], *parts, *beads[index + 1 :]]


def detach_bead(beads: list[StoredBead], index: int) -> list[StoredBead]:
    """Bead ``index`` unpaired: its original paragraphs become an omission, its translation
    paragraphs a translator's addition, in that order."""
    bead = _pick(beads, index)
    if not bead["original"] or not bead["translation"]:
        which = "an omission" if bead["original"] else "a translator's addition"
        raise ValidationError(f"Row {index + 1} is already {which}: there is nothing to detach.")
    parts = [_bead(bead["original"], []), _bead([], bead["translation"])]
    return [*beads[:index], *parts, *beads[index + 1 :]]
