"""A paragraph only one side has at the start stands alone; an early omission shifts nothing."""

from __future__ import annotations

from dataclasses import replace

from foreigndesk.alignment import DEFAULT_PARAMS, Bead, align

ORIGINAL = [
    "Am 14. Juli 1865 erreichte Edward Whymper den Gipfel des Matterhorns.",
    "Beim Abstieg stürzten vier Männer der Seilschaft in den Tod.",
    "Zermatt zählte damals 370 Einwohner.",
    "Heute kommen jedes Jahr 2 Millionen Gäste.",
]
TRANSLATION = [
    "Le 14 juillet 1865, Edward Whymper atteignit le sommet du Cervin.",
    "À la descente, quatre hommes de la cordée firent une chute mortelle.",
    "Zermatt comptait alors 370 habitants.",
    "Aujourd’hui, 2 millions de visiteurs y viennent chaque année.",
]
NOTE = (
    "Note de la rédaction : nous republions ce récit, paru il y a longtemps dans une revue de "
    "montagne, parce que le sommet fête bientôt un anniversaire rond et que les lecteurs nous "
    "ont écrit."
)
STANDFIRST = (
    "Wie ein Bergführer aus dem Wallis auf die Erstbesteigung zurückblickt, die sein Dorf bis "
    "heute prägt, und warum er davon noch immer ungern spricht."
)
LONE = replace(DEFAULT_PARAMS, lone_start=0.1)


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.original, b.translation) for b in beads]


def test_an_editors_note_before_the_translation_stands_alone() -> None:
    beads = align(ORIGINAL, [NOTE, *TRANSLATION], params=LONE)
    assert pairs(beads) == [((), (0,)), ((0,), (1,)), ((1,), (2,)), ((2,), (3,)), ((3,), (4,))]


def test_without_the_check_the_note_is_glued_to_the_first_bead() -> None:
    beads = align(ORIGINAL, [NOTE, *TRANSLATION], params=replace(LONE, lone_start=0.0))
    assert pairs(beads)[0] == ((0,), (0, 1))


def test_a_standfirst_the_translation_lacks_stands_alone() -> None:
    beads = align([STANDFIRST, *ORIGINAL], TRANSLATION, params=LONE)
    assert pairs(beads)[:2] == [((0,), ()), ((1,), (0,))]


def test_a_first_bead_that_is_a_real_merge_is_kept() -> None:
    # The translation splits the first sentence in two: both halves are explained.
    split = [
        "Le 14 juillet 1865, Edward Whymper",
        "atteignit le sommet du Cervin.",
        *TRANSLATION[1:],
    ]
    beads = align(ORIGINAL, split, params=LONE)
    assert pairs(beads)[0] == ((0,), (0, 1))


def test_an_omitted_sentence_near_the_start_shifts_nothing_after_it() -> None:
    beads = align(ORIGINAL, [TRANSLATION[0], *TRANSLATION[2:]], params=LONE)
    assert pairs(beads) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
