"""The fast paths of the dynamic programme score every cell as `_Scorer.relax_bead` does.

`relax_bead` is the general loop (every bead shape, paragraph blocks, punctuation terms,
recorded gains); the per-shape loops must give the same floats, bit for bit, or the aligner's
output would drift. Each test runs both on small random pairs and compares exactly.
"""

from __future__ import annotations

import random
from array import array
from dataclasses import replace

import pytest

from foreigndesk.alignment import unit_aligner
from foreigndesk.alignment.text import END_MARK_CLASSES
from foreigndesk.alignment.unit_aligner import (
    DEFAULT_PARAMS,
    Overlaps,
    Params,
    _block_spans,
    _coverage,
    _coverage_columns,
    _Model,
    _run_lengths,
    _Scorer,
    _Side,
)
from foreigndesk.testing.synthetic_pairs import make_pair

NEG = -1e300
SHAPES = [(a, b) for a in range(1, 5) for b in range(1, 5)]


def _sides(size: int, seed: int, params: Params = DEFAULT_PARAMS) -> tuple[_Side, _Side]:
    pair = make_pair(size, seed=seed)
    source, target = _Side(pair.original), _Side(pair.translation)
    unit_aligner._base_keys(source, params, False)
    unit_aligner._base_keys(target, params, False)
    return source, target


def _random_overlaps(n: int, m: int, rng: random.Random) -> Overlaps:
    """Coverages of every unit pair, drawn at random.

    Mostly below 1 (so that the caps do not hide a sum) and full of bits in the last places
    (so that two ways of grouping a sum round differently); repeats corrections on half the
    pairs. Every row covers every target (first target 0).
    """

    def values(low: float, high: float, zeros: float) -> array[float]:
        return array(
            "d",
            [
                0.0
                if rng.random() < zeros
                else rng.uniform(low, high) * (3 if rng.random() < 0.1 else 1)
                for _ in range(m)
            ],
        )

    return [
        (
            values(0.0, 0.45, 0.2),
            values(0.0, 0.45, 0.2),
            0,
            values(0.0, 0.15, 0.5),
            values(0.0, 0.15, 0.5),
        )
        for _ in range(n)
    ]


def _end_scores(rng: random.Random) -> list[list[float]]:
    return [
        [rng.uniform(-0.5, 0.5) for _ in range(END_MARK_CLASSES)] for _ in range(END_MARK_CLASSES)
    ]


def _fast(
    scorer: _Scorer,
    row: array[float],
    brow: bytearray,
    prev_row: array[float],
    i: int,
    a: int,
    b: int,
    j_start: int,
    j_end: int,
    prior: float,
) -> None:
    """The fast path `_dp` picks for a bead shape (rows start at target 0 here)."""
    if a == 1 and b <= 3:
        scorer.relax_one_source(row, brow, 0, prev_row, 0, i, b, j_start, j_end, prior, 7)
    elif a == 2 and b == 1:
        scorer.relax_two_one(row, brow, 0, prev_row, 0, i, j_start, j_end, prior, 7)
    else:
        scorer.relax_many(row, brow, 0, prev_row, 0, i, a, b, j_start, j_end, prior, 7)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("with_ends", [False, True])
def test_every_shape_scores_every_cell_as_relax_bead(seed: int, with_ends: bool) -> None:
    rng = random.Random(seed)
    source, target = _sides(rng.randint(6, 30), seed)
    n, m = source.n, target.n
    overlaps = _random_overlaps(n, m, rng)
    model = _Model(
        ratio=rng.uniform(0.8, 1.3),
        variance=rng.uniform(2.0, 20.0),
        ends=_end_scores(rng) if with_ends else None,
    )
    scorer = _Scorer(source, target, overlaps, model, DEFAULT_PARAMS)
    checked = 0
    for a, b in SHAPES:
        for i in range(a, n + 1):
            # Predecessor scores with unreachable cells among them, and a row that already
            # holds some scores (from other shapes): both paths must skip and keep alike.
            prev_row = array(
                "d", [NEG if rng.random() < 0.2 else rng.uniform(-5, 5) for _ in range(m + 1)]
            )
            start_row = array(
                "d", [NEG if rng.random() < 0.5 else rng.uniform(-5, 5) for _ in range(m + 1)]
            )
            j_start = rng.randint(b, m) if m >= b else b
            j_end = rng.randint(j_start, m) if j_start <= m else j_start - 1
            if j_start > j_end:
                continue
            prior = rng.choice([0.0, 0.35, 0.5, 0.8, 1.1])
            ref_row, ref_brow = array("d", start_row), bytearray(m + 1)
            scorer.relax_bead(
                ref_row, ref_brow, 0, prev_row, 0, i, i - a, b, j_start, j_end, prior, 7, None, -1
            )
            row, brow = array("d", start_row), bytearray(m + 1)
            _fast(scorer, row, brow, prev_row, i, a, b, j_start, j_end, prior)
            assert row.tobytes() == ref_row.tobytes(), (a, b, i)
            assert brow == ref_brow, (a, b, i)
            checked += ref_brow.count(7)
    assert checked > 0  # some cells were improved, not only skipped


def test_coverage_columns_are_the_coverages_of_each_cell() -> None:
    rng = random.Random(3)
    m = 20
    overlaps = _random_overlaps(12, m, rng)
    for a, b in SHAPES:
        for i in range(a, len(overlaps) + 1):
            o_rows = overlaps[i - a : i]
            pj = rng.randint(0, m - b)
            count = rng.randint(0, m - b - pj + 1)
            columns = _coverage_columns(o_rows, pj, count, b)
            assert columns == [_coverage(o_rows, pj + c, b) for c in range(count)], (a, b, i)


def _dp_both_ways(
    source: _Side,
    target: _Side,
    params: Params,
    model: _Model,
    blocks: tuple[list[int], list[int]] | None,
    narrow_width: int | None,
    random_overlaps: bool = False,
) -> tuple[list[tuple[int, int, int, int, float]], list[tuple[int, int, int, int, float]]]:
    """The DP through the fast paths, and through `relax_bead` alone (a run that records its
    gains takes the general loop for every bead)."""
    n, m = source.n, target.n
    path = [(0, 0), (n, m)]
    lo, hi = unit_aligner._band_from_path(path, n, m, 5)
    narrow = unit_aligner._band_from_path(path, n, m, narrow_width) if narrow_width else None
    overlaps = (
        _random_overlaps(n, m, random.Random(n * m))
        if random_overlaps
        else unit_aligner._overlaps(
            source.keys,
            unit_aligner._postings(target.keys, 10**6),
            lo,
            hi,
            source.norm,
            target.norm,
            params.repeats_once,
        )
    )
    types = (*params.bead_types, (2, 3), (3, 2), (1, 4), (4, 1))
    fast = unit_aligner._dp(source, target, overlaps, lo, hi, model, params, blocks, types, narrow)
    general = unit_aligner._dp(
        source, target, overlaps, lo, hi, model, params, blocks, types, narrow, gains={}
    )
    return fast, general


def _contiguous_blocks(count: int, rng: random.Random, blocks: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, count), min(blocks - 1, count - 1)))
    out = []
    for block, (start, stop) in enumerate(zip([0, *cuts], [*cuts, count], strict=True)):
        out += [block] * (stop - start)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_dynamic_programme_is_the_same_through_the_fast_paths(seed: int) -> None:
    rng = random.Random(seed)
    source, target = _sides(rng.randint(20, 50), 40 + seed)
    model = _Model(ratio=1.1, variance=8.0, ends=_end_scores(rng) if seed % 2 else None)
    for narrow_width in (None, 2):
        for random_overlaps in (False, True):
            fast, general = _dp_both_ways(
                source, target, DEFAULT_PARAMS, model, None, narrow_width, random_overlaps
            )
            assert fast == general
    # Paragraph blocks: the fast paths narrow each row to the cells of the source's block.
    blocks = (_contiguous_blocks(source.n, rng, 6), _contiguous_blocks(target.n, rng, 6))
    fast, general = _dp_both_ways(source, target, DEFAULT_PARAMS, model, blocks, 2)
    assert fast == general
    fast, general = _dp_both_ways(source, target, DEFAULT_PARAMS, model, blocks, None, True)
    assert fast == general
    assert all(
        blocks[0][i0] == blocks[0][i1 - 1] == blocks[1][j0] == blocks[1][j1 - 1]
        for i0, i1, j0, j1, _ in fast
        if i1 > i0 and j1 > j0
    )


def test_blocks_not_in_one_run_each_take_the_general_loop() -> None:
    source, target = _sides(30, 5)
    model = _Model(ratio=1.1, variance=8.0)
    # Target block 0 comes back after block 1: not a range of cells per block.
    target_blocks = [0] * 5 + [1] * 5 + [0] * (target.n - 10)
    blocks = ([0] * source.n, target_blocks)
    assert _block_spans(target_blocks) is None
    fast, general = _dp_both_ways(source, target, DEFAULT_PARAMS, model, blocks, None)
    assert fast == general


def _punctuated(units: list[str], rng: random.Random) -> list[str]:
    """Units with commas and question marks here and there."""
    out = []
    for unit in units:
        words = unit.rstrip(".").split()
        for _ in range(rng.randint(0, 2)):
            k = rng.randrange(len(words))
            words[k] += ","
        out.append(" ".join(words) + rng.choice([".", ".", "?", "!"]))
    return out


def test_punctuation_terms_take_the_general_loop() -> None:
    rng = random.Random(6)
    pair = make_pair(30, seed=6)
    params = replace(DEFAULT_PARAMS, punctuation=0.3, commas=0.2)
    source = _Side(_punctuated(pair.original, rng))
    target = _Side(_punctuated(pair.translation, rng))
    unit_aligner._base_keys(source, params, False)
    unit_aligner._base_keys(target, params, False)
    model = _Model(ratio=1.1, variance=8.0)
    fast, general = _dp_both_ways(source, target, params, model, None, 3)
    assert fast == general
    plain, _ = _dp_both_ways(source, target, DEFAULT_PARAMS, model, None, 3)
    assert [b[4] for b in plain] != [b[4] for b in fast]  # the terms were counted


def test_run_lengths_and_block_spans() -> None:
    assert _run_lengths([]) == [0]
    assert _run_lengths([0, 0, 1, 1, 1, 2, 0]) == [0, 1, 2, 1, 2, 3, 1, 1]
    assert _block_spans([0, 0, 1, 1, 1, 2]) == {0: (0, 1), 1: (2, 4), 2: (5, 5)}
    assert _block_spans([0, 1, 0]) is None
    assert _block_spans([]) == {}


def test_postings_are_the_units_of_each_key_not_too_frequent() -> None:
    keys = [{"a": 1.0, "b": 2.0}, {"b": 0.5}, {"c": 3.0, "a": 0.25}, {"b": 1.5}]
    assert unit_aligner._postings(keys, 2) == {
        "a": ([0, 2], [1.0, 0.25]),
        "c": ([2], [3.0]),
    }
    assert list(unit_aligner._postings(keys, 3)) == ["a", "b", "c"]


def test_unit_words_are_the_stems_of_its_words_without_numbers() -> None:
    side = _Side(["Über 3 Berge, 1.200 Meter hoch.", "Berge und Täler"])
    assert side.words(0, 4) == ["uber", "berg", "mete", "hoch"]
    assert side.words(1, 4) == ["berg", "und", "tale"]
    assert side.words(1, 3) == ["ber", "und", "tal"]


def _insertions_one_by_one(
    row: array[float],
    ct: array[float],
    free: frozenset[int],
    j_start: int,
    j_end: int,
    prior: float,
) -> bytearray:
    """0-1 beads cell after cell, each reading the row as the previous step left it."""
    marks = bytearray(len(row))
    for j in range(j_start, j_end + 1):
        s = row[j - 1] if j - 1 in free else row[j - 1] - prior - 0.002 * (ct[j] - ct[j - 1])
        if s > row[j]:
            row[j] = s
            marks[j] = 9
    return marks


@pytest.mark.parametrize("seed", range(4))
def test_insertions_and_deletions_chain_and_skip_as_cell_by_cell(seed: int) -> None:
    rng = random.Random(seed)
    source, target = _sides(15, seed)
    m = target.n
    for free in (frozenset(), frozenset(rng.sample(range(m), 3))):
        scorer = _Scorer(
            source,
            target,
            _random_overlaps(source.n, m, rng),
            _Model(1.0, 8.0),
            DEFAULT_PARAMS,
            (frozenset({2}), free),
        )
        for _ in range(20):
            start = array(
                "d", [NEG if rng.random() < 0.3 else rng.uniform(-3, 3) for _ in range(m + 1)]
            )
            j_start = rng.randint(1, m)
            j_end = rng.randint(j_start - 1, m)
            expected = array("d", start)
            marks = _insertions_one_by_one(expected, target.cum, free, j_start, j_end, 0.35)
            row, brow = array("d", start), bytearray(m + 1)
            scorer.relax_insertion(row, brow, 0, j_start, j_end, 0.35, 9)
            assert row.tobytes() == expected.tobytes()
            assert brow == marks
            # 1-0 beads from a previous row; unit 2 of the original stands alone for free.
            prev_row = array("d", start)
            i = rng.randint(1, source.n)
            row, brow = array("d", [rng.uniform(-3, 3) for _ in range(m + 1)]), bytearray(m + 1)
            expected = array("d", row)
            s_del = 0.0 if i == 3 else 0.35 + 0.002 * (source.cum[i] - source.cum[i - 1])
            for j in range(j_start, j_end + 1):
                expected[j] = max(expected[j], prev_row[j] - s_del)
            scorer.relax_deletion(row, brow, 0, prev_row, 0, i, j_start, j_end, 0.35, 9)
            assert row.tobytes() == expected.tobytes()
