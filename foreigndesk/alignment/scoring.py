"""Strict and lax precision/recall/F1 of bead alignments (the vecalign/Bleualign definition)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]
_LINE_RE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]")


def parse_beads(text: str) -> list[BeadIds]:
    """Read `[0, 1]:[2]` lines (an optional third `:score` field is ignored)."""
    beads: list[BeadIds] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE_RE.match(line)
        if match is None:
            raise ValueError(f"line {number}: not a bead: {line[:60]!r}")
        sides = [tuple(int(x) for x in part.split(",") if x.strip()) for part in match.groups()]
        beads.append((sides[0], sides[1]))
    return beads


def _normalize(beads: Iterable[BeadIds]) -> set[BeadIds]:
    # ids are sorted inside a bead: the gold is not always monotone ([227, 218]:[198]).
    return {(tuple(sorted(s)), tuple(sorted(t))) for s, t in beads if s or t}


def _precision_counts(
    gold: Iterable[BeadIds], test: Iterable[BeadIds]
) -> tuple[int, int, int, int]:
    """(strict tp, strict fp, lax tp, lax fp) of `test` beads against `gold`."""
    gold_set, test_set = _normalize(gold), _normalize(test)
    gold_targets: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for s in src:
            gold_targets[s].update(tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for src, tgt in test_set:
        if (src, tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable: set[int] = set()
        for s in src:
            reachable |= gold_targets.get(s, set())
        if reachable.intersection(tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


@dataclass
class Counts:
    """Summed counts over documents, from which the micro-averaged scores are computed."""

    precision: list[int]
    recall: list[int]

    @classmethod
    def empty(cls) -> Counts:
        """Zero counts."""
        return cls([0, 0, 0, 0], [0, 0, 0, 0])

    def add(self, gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> None:
        """Add one document: precision over all test beads, recall over non-empty ones."""
        for k, v in enumerate(_precision_counts(gold, test)):
            self.precision[k] += v
        gold_full = [(s, t) for s, t in gold if s and t]
        test_full = [(s, t) for s, t in test if s and t]
        for k, v in enumerate(_precision_counts(test_full, gold_full)):
            self.recall[k] += v

    def scores(self) -> dict[str, float]:
        """precision/recall/f1, strict and lax."""

        def ratio(a: int, b: int) -> float:
            """a / (a + b), 0 when both are 0 (as vecalign's value_for_div_by_0)."""
            return a / (a + b) if a + b else 0.0

        def f1(p: float, r: float) -> float:
            """Harmonic mean."""
            return 2 * p * r / (p + r) if p + r else 0.0

        p_strict = ratio(self.precision[0], self.precision[1])
        p_lax = ratio(self.precision[2], self.precision[3])
        r_strict = ratio(self.recall[0], self.recall[1])
        r_lax = ratio(self.recall[2], self.recall[3])
        return {
            "precision_strict": p_strict,
            "recall_strict": r_strict,
            "f1_strict": f1(p_strict, r_strict),
            "precision_lax": p_lax,
            "recall_lax": r_lax,
            "f1_lax": f1(p_lax, r_lax),
        }


def score_documents(
    pairs: Iterable[tuple[Sequence[BeadIds], Sequence[BeadIds]]],
) -> dict[str, float]:
    """Micro-averaged strict/lax P/R/F1 over (gold, test) bead lists of several documents."""
    counts = Counts.empty()
    for gold, test in pairs:
        counts.add(gold, test)
    return counts.scores()
