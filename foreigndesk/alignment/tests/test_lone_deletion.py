"""A unit left out alone between two paired beads joins a neighbour unless it holds a number."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from foreigndesk.alignment import DEFAULT_PARAMS, Bead, align, split_paragraphs, unit_aligner

ORIGINAL = [
    "Am 14. Juli 1865 erreichte Edward Whymper den Gipfel des Matterhorns.",
    "Beim Abstieg stürzten vier Männer der Seilschaft in den Tod.",
    "Das Seil war gerissen.",
    "Zermatt zählte damals 370 Einwohner.",
    "Heute kommen jedes Jahr 2 Millionen Gäste.",
]
# The translator joined the third sentence to the second; nothing in it matches a word of
# the German sentence (the pair's own word table is far too small to know Seil = corde).
TRANSLATION = [
    "Le 14 juillet 1865, Edward Whymper atteignit le sommet du Cervin.",
    "À la descente, quatre hommes de la cordée firent une chute mortelle : la corde avait cédé.",
    "Zermatt comptait alors 370 habitants.",
    "Aujourd’hui, 2 millions de visiteurs y viennent chaque année.",
]
WITHOUT = replace(DEFAULT_PARAMS, lone_deletion=0.0)


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.original, b.translation) for b in beads]


def test_a_sentence_joined_to_its_neighbour_is_part_of_its_bead() -> None:
    beads = align(ORIGINAL, TRANSLATION)
    assert pairs(beads) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))]


def test_without_the_check_the_joined_sentence_is_left_out() -> None:
    beads = align(ORIGINAL, TRANSLATION, params=WITHOUT)
    assert ((2,), ()) in pairs(beads)


def test_a_sentence_the_translation_splits_off_is_part_of_its_bead() -> None:
    beads = align(TRANSLATION, ORIGINAL)
    assert pairs(beads) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_a_left_out_sentence_holding_a_number_stays_alone() -> None:
    original = [*ORIGINAL[:2], "Das Seil war 12 Jahre alt.", *ORIGINAL[3:]]
    beads = align(original, TRANSLATION)
    assert ((2,), ()) in pairs(beads)


def test_a_grown_bead_is_scored_as_the_dynamic_programme_scores_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check compares the grown bead's score with the programme's own: every bead of a
    # final pass must get the same score from both.
    original = split_paragraphs((data_dir / "de_fr.de").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "de_fr.fr").read_text(encoding="utf-8"))
    real_absorb = unit_aligner._absorb_lone_deletions
    checked = []

    def absorb(
        beads: Any, source: Any, target: Any, overlaps: Any, model: Any, params: Any, blocks: Any
    ) -> Any:
        scorer = unit_aligner._Scorer(source, target, overlaps, model, params)
        allowed = (*params.bead_types, (2, 3), (3, 2), (1, 4), (4, 1))
        priors = {(a, b): p for a, b, p in unit_aligner._bead_types(params, allowed)}
        for bead in beads:
            checked.append((unit_aligner._bead_gain(scorer, params, priors, bead), bead[4]))
        return real_absorb(beads, source, target, overlaps, model, params, blocks)

    monkeypatch.setattr(unit_aligner, "_absorb_lone_deletions", absorb)
    align(original, translation, source_lang="de", target_lang="fr", detect_moves=False)
    assert len(checked) >= 5
    for gain, found in checked:
        assert gain == pytest.approx(found, abs=1e-9)
