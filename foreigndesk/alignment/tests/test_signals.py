"""The scoring signals one by one, each on small invented sentences."""

from __future__ import annotations

from array import array
from dataclasses import replace

from foreigndesk.alignment import Bead, align
from foreigndesk.alignment.core import DEFAULT_PARAMS, _overlaps, _postings


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.original, b.translation) for b in beads]


def test_a_key_in_two_neighbouring_units_is_counted_once_in_a_merge() -> None:
    source_keys = [{"E:marlene": 2.0, "N:7": 3.0}, {"E:marlene": 1.0}]
    target_keys = [{"E:marlene": 2.0}, {"E:marlene": 2.0, "N:7": 3.0}]
    lo, hi = array("l", [0, 0, 0]), array("l", [2, 2, 2])
    rows = _overlaps(source_keys, _postings(target_keys, 10), lo, hi, [10.0, 5.0], [4.0, 8.0])
    xs, ys, first, source_twice, target_twice = rows[0]
    assert first == 0
    assert list(xs) == [0.2, 0.5]
    assert list(ys) == [0.5, 0.625]
    # merging targets 0 and 1: min(2, 2) + min(2, 2) - min(2, 4) = 2 of source 0 counted twice
    assert source_twice[0] == 0.2
    # merging sources 0 and 1: for target 0, min(2, 2) + min(1, 2) - min(3, 2) = 1 (of 4)
    assert list(target_twice) == [0.25, 0.125]
    off = _overlaps(
        source_keys, _postings(target_keys, 10), lo, hi, [10.0, 5.0], [4.0, 8.0], repeats=False
    )
    assert list(off[0][3]) == [0.0, 0.0]
    assert list(off[0][4]) == [0.0, 0.0]


def test_a_name_in_two_consecutive_sentences_does_not_glue_them() -> None:
    original = [
        "Der Zug hielt lange am Bahnhof.",
        "Marlene stieg in Olten aus.",
        "Marlene suchte lange ihren Koffer.",
        "Am Abend regnete es stark.",
        "Wir blieben im Hotel.",
    ]
    translation = [
        "Le train resta longtemps en gare.",
        "Marlene descendit à Olten.",
        "Marlene chercha longtemps sa valise.",
        "Le soir, il pleuvait fort.",
        "Nous sommes restés à l'hôtel.",
    ]
    one_to_one = [((k,), (k,)) for k in range(5)]
    assert pairs(align(original, translation, source_lang="de", target_lang="fr")) == one_to_one
    counted_twice = replace(DEFAULT_PARAMS, repeats_once=False)
    glued = align(original, translation, params=counted_twice)
    assert pairs(glued) != one_to_one  # the old scoring merged sentences 1-2 with 1-2
