"""Corrections of an alignment by hand: join, split and detach as pure operations on beads."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError

from foreigndesk.newsroom.beads import (
    StoredBead,
    check_beads,
    detach_bead,
    from_pairs,
    join_beads,
    split_bead,
    split_cuts,
)

# Original paragraphs 0-5, translation paragraphs 0-4: a 1-1, a 2-1, an omission, a 1-2, an
# addition.
BEADS = from_pairs([([0], [0]), ([1, 2], [1]), ([3], []), ([4], [2, 3]), ([], [4])])
SIZES = (5, 5)


def pairs(beads: list[StoredBead]) -> list[tuple[list[int], list[int]]]:
    return [(bead["original"], bead["translation"]) for bead in beads]


@pytest.fixture
def beads() -> list[StoredBead]:
    """A fresh copy, checked afterwards to be untouched by the operation under test."""
    fresh = copy.deepcopy(BEADS)
    yield fresh
    assert fresh == BEADS


def test_join_makes_one_bead_of_a_row_and_the_next(beads):
    joined = join_beads(beads, 0)
    assert pairs(joined) == [([0, 1, 2], [0, 1]), ([3], []), ([4], [2, 3]), ([], [4])]
    check_beads(joined, *SIZES)


def test_joining_an_omission_with_an_addition_pairs_them(beads):
    beads = from_pairs([([0], [0]), ([1], []), ([], [1])])
    assert pairs(join_beads(beads, 1)) == [([0], [0]), ([1], [1])]


def test_join_keeps_paragraphs_in_reading_order_when_a_bead_moved():
    beads = [{"original": [2], "translation": [0], "moved": True}, *from_pairs([([0, 1], [1])])]
    joined = join_beads(beads, 0)
    assert joined == [{"original": [0, 1, 2], "translation": [0, 1], "moved": True}]


def test_the_last_row_has_nothing_to_join(beads):
    with pytest.raises(ValidationError, match="Row 5 is the last row"):
        join_beads(beads, 4)


@pytest.mark.parametrize("index", [-1, 5, 99])
def test_a_row_that_does_not_exist_is_refused(beads, index):
    for operation in (join_beads, split_bead, detach_bead):
        with pytest.raises(ValidationError, match="the alignment has 5 rows"):
            operation(beads, index)


def test_no_row_of_an_empty_alignment():
    with pytest.raises(ValidationError, match="There is no row 1"):
        join_beads([], 0)


def test_split_in_order_pairs_paragraphs_and_leaves_the_rest_unpaired(beads):
    assert pairs(split_bead(beads, 1)) == [
        ([0], [0]),
        ([1], [1]),
        ([2], []),
        ([3], []),
        ([4], [2, 3]),
        ([], [4]),
    ]
    assert pairs(split_bead(beads, 3))[3:5] == [([4], [2]), ([], [3])]


def test_split_in_order_of_a_three_by_two_bead():
    beads = from_pairs([([0, 1, 2], [0, 1])])
    assert pairs(split_bead(beads, 0)) == [([0], [0]), ([1], [1]), ([2], [])]


def test_split_an_omission_of_two_paragraphs_into_two():
    beads = from_pairs([([0, 1], [])])
    assert pairs(split_bead(beads, 0)) == [([0], []), ([1], [])]
    assert pairs(split_bead(beads, 0, (1, 0))) == [([0], []), ([1], [])]


def test_split_at_a_chosen_boundary(beads):
    # Original paragraph 2 goes with translation paragraph 1; paragraph 3 was left out.
    assert pairs(split_bead(beads, 1, (1, 1)))[1:3] == [([1], [1]), ([2], [])]
    # Original paragraph 2 was left out; paragraph 3 is what translation paragraph 1 renders.
    assert pairs(split_bead(beads, 1, (1, 0)))[1:3] == [([1], []), ([2], [1])]
    check_beads(split_bead(beads, 1, (1, 0)), *SIZES)


def test_cuts_leave_out_empty_parts_and_plain_unpairing():
    assert split_cuts({"original": [1, 2], "translation": [1]}) == [(1, 0), (1, 1)]
    assert split_cuts({"original": [4], "translation": [2, 3]}) == [(0, 1), (1, 1)]
    assert split_cuts({"original": [0, 1], "translation": [0, 1]}) == [
        (0, 1),
        (1, 0),
        (1, 1),
        (1, 2),
        (2, 1),
    ]
    assert split_cuts({"original": [0], "translation": [0]}) == []
    assert split_cuts({"original": [0], "translation": []}) == []


@pytest.mark.parametrize("cut", [(0, 0), (2, 1), (2, 0), (0, 1), (3, 0), (1, 2)])
def test_a_cut_that_leaves_a_part_empty_or_is_out_of_reach_is_refused(beads, cut):
    with pytest.raises(ValidationError, match="cannot be cut"):
        split_bead(beads, 1, cut)


@pytest.mark.parametrize(("index", "kind"), [(0, "1-1"), (2, "1-0"), (4, "0-1")])
def test_a_row_of_one_paragraph_a_side_has_nothing_to_split(beads, index, kind):
    with pytest.raises(ValidationError, match=f"is a {kind} pair: there is nothing to split"):
        split_bead(beads, index)
    with pytest.raises(ValidationError, match="nothing to split"):
        split_bead(beads, index, (1, 0))


def test_split_keeps_the_moved_mark():
    beads = [{"original": [3, 4], "translation": [0], "moved": True}]
    assert split_bead(beads, 0) == [
        {"original": [3], "translation": [0], "moved": True},
        {"original": [4], "translation": [], "moved": True},
    ]


def test_detach_makes_an_omission_then_an_addition(beads):
    detached = detach_bead(beads, 3)
    assert pairs(detached) == [
        ([0], [0]),
        ([1, 2], [1]),
        ([3], []),
        ([4], []),
        ([], [2, 3]),
        ([], [4]),
    ]
    check_beads(detached, *SIZES)


def test_detach_drops_the_moved_mark():
    beads = [{"original": [1], "translation": [0], "moved": True}]
    assert detach_bead(beads, 0) == from_pairs([([1], []), ([], [0])])


@pytest.mark.parametrize(("index", "which"), [(2, "an omission"), (4, "a translator's addition")])
def test_an_unpaired_row_cannot_be_detached(beads, index, which):
    with pytest.raises(ValidationError, match=f"already {which}"):
        detach_bead(beads, index)


def test_detach_then_join_gives_the_pair_back(beads):
    assert join_beads(detach_bead(beads, 0), 0) == beads
