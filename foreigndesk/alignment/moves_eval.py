"""Evaluation of move detection: paragraphs moved on purpose in gold-aligned documents.

A sentence-aligned document becomes a paragraph pair by cutting it, at places where the gold
beads agree on both sides, into paragraphs of a few sentences; then some translation paragraphs
are moved elsewhere. The pairs are built when the evaluation runs, from whatever gold data it is
given, and never stored.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .scoring import BeadIds
from .unit_aligner import Bead


@dataclass(frozen=True)
class MovedPair:
    """Original and translation paragraphs, and where each original paragraph's translation is."""

    original: list[str]
    translation: list[str]
    position: list[int]  # translation index of original paragraph p
    moved: frozenset[int]  # original paragraphs whose translation was moved


@dataclass(frozen=True)
class MoveScores:
    """How many moves were made, found (flagged `moved` with the right counterpart), and false."""

    made: int
    found: int
    false: int

    @property
    def share_found(self) -> float:
        return self.found / self.made if self.made else 0.0

    def __add__(self, other: MoveScores) -> MoveScores:
        return MoveScores(
            self.made + other.made, self.found + other.found, self.false + other.false
        )


def _cuts(gold: Sequence[BeadIds], n: int, m: int) -> list[tuple[int, int]]:
    """Places (source line, target line) where every gold bead lies wholly before or after."""
    # In the gold file's order, which is the documents' order (a bead with one empty side has
    # no place of its own on that side to sort by).
    beads = [b for b in gold if b[0] or b[1]]
    cuts: list[tuple[int, int]] = []
    max_s = max_t = -1
    suffix_min: list[tuple[int, int]] = [(n, m)] * (len(beads) + 1)
    for k in range(len(beads) - 1, -1, -1):
        s, t = beads[k]
        suffix_min[k] = (
            min([suffix_min[k + 1][0], *s]),
            min([suffix_min[k + 1][1], *t]),
        )
    for k, (s, t) in enumerate(beads):
        max_s = max([max_s, *s])
        max_t = max([max_t, *t])
        after_s, after_t = suffix_min[k + 1]
        if max_s < after_s and max_t < after_t and s and t:
            cuts.append((after_s, after_t))
    return cuts


def paragraph_pair(
    original_lines: Sequence[str],
    translation_lines: Sequence[str],
    gold: Sequence[BeadIds],
    *,
    moves: int,
    seed: int,
    sentences_per_paragraph: tuple[int, int] = (2, 5),
    min_distance: int = 3,
) -> MovedPair:
    """Group a gold-aligned sentence pair into paragraphs and move `moves` translation ones.

    Each moved paragraph lands at least `min_distance` places from where it was, so that the
    move is not a swap of neighbours (which either side of the swap could be said to make).
    """
    rng = random.Random(seed)
    n, m = len(original_lines), len(translation_lines)
    bounds = [(0, 0)]
    target = rng.randint(*sentences_per_paragraph)
    for s, t in _cuts(gold, n, m):
        if s - bounds[-1][0] >= target and s < n and t < m:
            bounds.append((s, t))
            target = rng.randint(*sentences_per_paragraph)
    bounds.append((n, m))
    original = [
        " ".join(original_lines[a:b]).strip() for (a, _), (b, _) in itertools.pairwise(bounds)
    ]
    translation = [
        " ".join(translation_lines[a:b]).strip() for (_, a), (_, b) in itertools.pairwise(bounds)
    ]
    count = len(original)
    order = list(range(count))
    chosen: set[int] = set()
    candidates = list(range(1, count - 1))
    rng.shuffle(candidates)
    for paragraph in candidates:
        if len(chosen) == moves:
            break
        where = order.index(paragraph)
        places = [k for k in range(count) if abs(k - where) >= min_distance]
        if not places:
            continue
        order.pop(where)
        order.insert(rng.choice(places), paragraph)
        chosen.add(paragraph)
    if len(chosen) < moves:
        raise ValueError(f"a document of {count} paragraphs cannot take {moves} moves")
    position = [0] * count
    for place, paragraph in enumerate(order):
        position[paragraph] = place
    return MovedPair(
        original=original,
        translation=[translation[p] for p in order],
        position=position,
        moved=frozenset(chosen),
    )


def score_moves(pair: MovedPair, beads: Sequence[Bead]) -> MoveScores:
    """Moves found (a `moved` bead pairing a moved paragraph with its translation) and false."""
    found = false = 0
    for bead in beads:
        if not bead.moved:
            continue
        right = (
            len(bead.original) == 1
            and bead.original[0] in pair.moved
            and bead.translation == (pair.position[bead.original[0]],)
        )
        if right:
            found += 1
        else:
            false += 1
    return MoveScores(made=len(pair.moved), found=found, false=false)


def evaluate_moves(
    documents: Sequence[tuple[Sequence[str], Sequence[str], Sequence[BeadIds]]],
    aligner: Callable[[list[str], list[str]], Sequence[Bead]]
    | Sequence[Callable[[list[str], list[str]], Sequence[Bead]]],
    *,
    moves: int = 3,
    seed: int = 1,
) -> tuple[MoveScores, list[MoveScores]]:
    """Totals and per-document scores of `aligner` on each document with `moves` moves made.

    `aligner` is one function for every document, or one per document (each with what it
    learned from the others).
    """
    per_document = []
    for number, (original, translation, gold) in enumerate(documents):
        pair = paragraph_pair(original, translation, gold, moves=moves, seed=seed + number)
        run = aligner if callable(aligner) else aligner[number]
        per_document.append(score_moves(pair, run(pair.original, pair.translation)))
    total = MoveScores(0, 0, 0)
    for scores in per_document:
        total = total + scores
    return total, per_document
