"""The bead gains a first dynamic programme records for the runs that test candidate moves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from foreigndesk.alignment import align, split_paragraphs, unit_aligner


def _moved_sample(data_dir: Path) -> tuple[list[str], list[str]]:
    original = split_paragraphs((data_dir / "en_de.en").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "en_de.de").read_text(encoding="utf-8"))
    # The storm-damage paragraph carried further down: a move the tested pass finds.
    return original, translation[:2] + translation[3:8] + [translation[2]] + translation[8:]


def test_recorded_gains_give_the_alignment_of_full_runs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original, translation = _moved_sample(data_dir)
    with_gains = align(original, translation, source_lang="en", target_lang="de")
    assert any(b.moved for b in with_gains)

    real_dp = unit_aligner._dp
    runs_with_gains = []

    def dp_without_gains(*args: Any, **kwargs: Any) -> Any:
        # Every candidate test computes every bead again, as before gains were recorded.
        if len(args) > 11:
            runs_with_gains.append(args[11])
            args = args[:11]
        kwargs.pop("gains", None)
        return real_dp(*args, **kwargs)

    monkeypatch.setattr(unit_aligner, "_dp", dp_without_gains)
    without_gains = align(original, translation, source_lang="en", target_lang="de")
    assert runs_with_gains, "the tested move pass passed no gains to its runs"
    assert with_gains == without_gains


def test_gains_are_recorded_once_and_reused_with_other_free_units(data_dir: Path) -> None:
    original, translation = _moved_sample(data_dir)
    params = unit_aligner.DEFAULT_PARAMS
    source = unit_aligner._Side(original)
    target = unit_aligner._Side(translation)
    unit_aligner._base_keys(source, params, False)
    unit_aligner._base_keys(target, params, False)
    n, m = source.n, target.n
    lo, hi = unit_aligner._band_from_path([(0, 0), (n, m)], n, m, 4)
    overlaps = unit_aligner._overlaps(
        source.keys,
        unit_aligner._postings(target.keys, 99),
        lo,
        hi,
        source.norm,
        target.norm,
        True,
    )
    model = unit_aligner._Model(ratio=1.1, variance=10.0)
    gains: dict[tuple[int, int], Any] = {}
    for free in [
        (frozenset(), frozenset()),
        (frozenset({2}), frozenset({7})),
        (frozenset({4}), frozenset({3})),
    ]:
        fresh = unit_aligner._dp(source, target, overlaps, lo, hi, model, params, free=free)
        reused = unit_aligner._dp(
            source, target, overlaps, lo, hi, model, params, free=free, gains=gains
        )
        assert gains
        # The same beads; a gain added to its predecessor may differ in the last bit.
        assert [b[:4] for b in reused] == [b[:4] for b in fresh]
        assert [b[4] for b in reused] == pytest.approx([b[4] for b in fresh])
    # Freeing units changes the scores, so the reused runs did not just repeat the first.
    first = unit_aligner._dp(source, target, overlaps, lo, hi, model, params)
    freed = unit_aligner._dp(
        source, target, overlaps, lo, hi, model, params, free=(frozenset({2}), frozenset({7}))
    )
    assert sum(b[4] for b in freed) > sum(b[4] for b in first) + 0.3
