"""Long documents whose wording repeats and whose translation drifts: no collapse."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from foreigndesk.alignment import DEFAULT_PARAMS, align
from foreigndesk.alignment.scoring import BeadIds, score_documents
from foreigndesk.alignment.unit_aligner import _anchors
from foreigndesk.testing.synthetic_pairs import make_pair


def _repeated_with_gaps(
    copies: int, gaps: list[int], gap: int = 40
) -> tuple[list[str], list[str], list[BeadIds]]:
    """A generated pair repeated `copies` times, with `gap` translation units left out at
    each place in `gaps`: every word recurs, and the translation drifts by up to
    len(gaps) * gap units from the diagonal."""
    pair = make_pair(400, seed=11)
    original: list[str] = []
    translation: list[str] = []
    gold: list[BeadIds] = []
    for _copy in range(copies):
        s, t = len(original), len(translation)
        original += pair.original
        translation += pair.translation
        gold += [(tuple(i + s for i in a), tuple(j + t for j in b)) for a, b in pair.beads]
    dropped = {j for start in gaps for j in range(start, start + gap)}
    renumber: dict[int, int] = {}
    kept: list[str] = []
    for j, unit in enumerate(translation):
        if j not in dropped:
            renumber[j] = len(kept)
            kept.append(unit)
    gold = [
        (a, tuple(renumber[j] for j in b if j in renumber))
        for a, b in gold
        if a or any(j in renumber for j in b)
    ]
    return original, kept, gold


def _f1(original: list[str], translation: list[str], gold: list[BeadIds], **changes: Any) -> float:
    beads = align(original, translation, params=replace(DEFAULT_PARAMS, **changes))
    return score_documents([(gold, [(b.original, b.translation) for b in beads])])["f1_strict"]


def test_a_repeated_document_with_drift_is_aligned_as_well_as_one_copy() -> None:
    pair = make_pair(400, seed=11)
    alone = _f1(pair.original, pair.translation, list(pair.beads))
    original, translation, gold = _repeated_with_gaps(3, [100, 150, 200])
    assert _f1(original, translation, gold) > alone - 0.05
    # Each measure alone keeps it up: anchors from repeated keys, or the widening band.
    assert _f1(original, translation, gold, band_widenings=0) > alone - 0.05
    assert _f1(original, translation, gold, anchor_repeats=1) > alone - 0.05


def test_without_repeated_anchors_nor_a_widening_band_the_same_pair_collapses() -> None:
    original, translation, gold = _repeated_with_gaps(3, [100, 150, 200])
    assert _f1(original, translation, gold, anchor_repeats=1, band_widenings=0) < 0.5


def test_the_band_widens_where_the_path_meets_its_edge() -> None:
    # No anchors at all (anchor_repeats=0 finds none): only the widening band can follow
    # a translation that runs 120 units behind.
    original, translation, gold = _repeated_with_gaps(2, [100, 200, 300])
    widened = _f1(original, translation, gold, anchor_repeats=0)
    fixed = _f1(original, translation, gold, anchor_repeats=0, band_widenings=0)
    assert widened > 0.9
    assert fixed < widened - 0.3


def test_anchors_pair_the_kth_occurrences_of_a_key_found_as_often_on_both_sides() -> None:
    source = [{"N:1871": 1.0}, {"P:zermat": 1.0}, {}, {"N:1871": 1.0}, {"P:zermat": 1.0}]
    target = [{"N:1871": 1.0}, {"P:zermat": 1.0}, {"N:1871": 1.0}, {}, {"P:zermat": 1.0}]
    assert _anchors(source, target, max_repeats=1) == []
    assert _anchors(source, target, max_repeats=2) == [(0, 0), (1, 1), (3, 2), (4, 4)]
    # A key found twice on one side and once on the other anchors nothing.
    assert _anchors(source, [{"N:1871": 1.0}, {}, {}], max_repeats=2) == []
