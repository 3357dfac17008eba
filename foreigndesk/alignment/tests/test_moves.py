"""Moved paragraphs: the second pass that finds them, and the evaluation that moves them."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from foreigndesk.alignment import (
    Bead,
    align,
    align_paragraphs_and_sentences,
    split_paragraphs,
    split_sentences,
    unit_aligner,
)
from foreigndesk.alignment.moves_eval import (
    MoveScores,
    evaluate_moves,
    paragraph_pair,
    score_moves,
)
from foreigndesk.alignment.text import rough_sentence_count
from foreigndesk.alignment.unit_aligner import (
    DEFAULT_PARAMS,
    _crossed,
    _mutual_best_pairs,
    _tested_moves,
)
from foreigndesk.testing.synthetic_pairs import make_pair


def _sample(data_dir: Path) -> tuple[list[str], list[str]]:
    original = split_paragraphs((data_dir / "de_fr.de").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "de_fr.fr").read_text(encoding="utf-8"))
    return original, translation


def test_a_paragraph_moved_to_the_end_is_reported_with_a_confidence(data_dir: Path) -> None:
    original, translation = _sample(data_dir)
    # The sample already moves the storm paragraph (original 7) up; here the translation also
    # carries the paragraph on the railway's age (original 3, translation 4) to the very end.
    moved = translation[:4] + translation[5:] + [translation[4]]
    beads = align(original, moved, source_lang="de", target_lang="fr")
    flagged = [(b.original, b.translation) for b in beads if b.moved]
    assert flagged == [((3,), (10,)), ((7,), (5,))]
    for bead in beads:
        if bead.moved:
            assert 0.0 < bead.score <= 1.0  # the confidence of the move
    # The rest keeps its order, and every paragraph is in exactly one bead.
    rest = [b for b in beads if not b.moved]
    assert [b.original for b in rest] == [(0,), (1,), (2,), (4,), (5,), (6,), (8,), (9,)]
    assert sorted(j for b in beads for j in b.translation) == list(range(len(moved)))
    # A moved bead sits at its original paragraph's place.
    assert [b.original for b in beads] == [(k,) for k in range(10)]


def test_moves_can_be_turned_off(data_dir: Path) -> None:
    original, translation = _sample(data_dir)
    beads = align(original, translation, source_lang="de", target_lang="fr", detect_moves=False)
    assert not any(b.moved for b in beads)
    assert ((7,), ()) in [(b.original, b.translation) for b in beads]


def test_a_moved_paragraph_brings_its_sentences_along(data_dir: Path) -> None:
    original, translation = _sample(data_dir)
    moved = translation[:4] + translation[5:] + [translation[4]]
    result = align_paragraphs_and_sentences(original, moved, source_lang="de", target_lang="fr")
    (bead_index,) = [k for k, p in enumerate(result.paragraphs) if p.moved and p.original == (3,)]
    sentences = result.sentences[bead_index]
    assert sentences
    assert all(b.moved for b in sentences)
    assert {result.translation_paragraph_of[j] for b in sentences for j in b.translation} == {10}


def test_no_move_is_reported_where_the_order_was_kept() -> None:
    pair = make_pair(240, seed=3)
    for seed in (1, 2, 3):
        kept = paragraph_pair(pair.original, pair.translation, pair.beads, moves=0, seed=seed)
        assert kept.translation
        assert not kept.moved
        beads = align(kept.original, kept.translation)
        assert not [b for b in beads if b.moved]


def _gold(n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((k,), (k,)) for k in range(n)]


def test_paragraph_pair_groups_sentences_and_moves_paragraphs_far() -> None:
    lines = [f"sentence {k}." for k in range(60)]
    pair = paragraph_pair(lines, [f"phrase {k}." for k in range(60)], _gold(60), moves=3, seed=5)
    assert len(pair.moved) == 3
    assert len(pair.original) == len(pair.translation)
    assert " ".join(pair.original) == " ".join(lines)
    for paragraph in range(len(pair.original)):
        # the translation paragraph of original p holds the same sentence numbers
        assert pair.translation[pair.position[paragraph]] == pair.original[paragraph].replace(
            "sentence", "phrase"
        )
    for paragraph in pair.moved:
        assert abs(pair.position[paragraph] - paragraph) >= 1
    kept = [p for p in range(len(pair.original)) if p not in pair.moved]
    positions = [pair.position[p] for p in kept]
    assert positions == sorted(positions)


def test_paragraph_pair_is_the_same_for_the_same_seed() -> None:
    lines = [f"s{k}." for k in range(40)]
    first = paragraph_pair(lines, lines, _gold(40), moves=2, seed=9)
    again = paragraph_pair(lines, lines, _gold(40), moves=2, seed=9)
    assert first == again


def test_paragraph_pair_refuses_more_moves_than_the_document_can_take() -> None:
    lines = [f"s{k}." for k in range(6)]
    with pytest.raises(ValueError, match="cannot take 3 moves"):
        paragraph_pair(lines, lines, _gold(6), moves=3, seed=1)


def test_paragraph_pair_cuts_only_where_the_gold_agrees_on_both_sides() -> None:
    # Sentences 2 and 3 are translated crosswise: no paragraph may end between them.
    gold = [((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (2,)), ((4,), (4,)), ((5,), (5,))]
    lines = [f"s{k}." for k in range(6)]
    pair = paragraph_pair(lines, lines, gold, moves=0, seed=1, sentences_per_paragraph=(1, 1))
    assert "s2. s3." in pair.original
    assert "s2. s3." in pair.translation


def test_score_moves_counts_found_and_false_moves() -> None:
    lines = [f"s{k}." for k in range(40)]
    pair = paragraph_pair(lines, lines, _gold(40), moves=1, seed=2)
    (paragraph,) = pair.moved
    right = Bead((paragraph,), (pair.position[paragraph],), 0.9, moved=True)
    other = 0 if paragraph else 1
    wrong = Bead((other,), (pair.position[other],), 0.5, moved=True)
    assert score_moves(pair, [right, wrong]) == MoveScores(made=1, found=1, false=1)
    assert score_moves(pair, [Bead((paragraph,), (), 0.0)]) == MoveScores(1, 0, 0)


def test_evaluate_moves_adds_up_the_documents() -> None:
    lines = [f"s{k}." for k in range(40)]

    def perfect(original: list[str], translation: list[str]) -> list[Bead]:
        return [
            Bead((k,), (translation.index(text),), 1.0, moved=translation.index(text) != k)
            for k, text in enumerate(original)
        ]

    total, per_document = evaluate_moves([(lines, lines, _gold(40))] * 2, perfect, moves=2)
    assert len(per_document) == 2
    assert total.made == 4
    assert total.found == 4
    assert total.share_found == 1.0


def _en_de(data_dir: Path) -> tuple[list[str], list[str]]:
    original = split_paragraphs((data_dir / "en_de.en").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "en_de.de").read_text(encoding="utf-8"))
    return original, translation


def test_a_moved_paragraph_of_a_short_article_is_tested_and_reported(data_dir: Path) -> None:
    original, translation = _en_de(data_dir)
    assert len(original) == len(translation) == 10
    # The translator carried the storm-damage paragraph (third) to after the scientists' one.
    moved = translation[:2] + translation[3:8] + [translation[2]] + translation[8:]
    beads = align(original, moved, source_lang="en", target_lang="de")
    flagged = [b for b in beads if b.moved]
    assert [(b.original, b.translation) for b in flagged] == [((2,), (7,))]
    assert 0.3 < flagged[0].score < 1.0  # its confidence
    rest = [(b.original, b.translation) for b in beads if not b.moved]
    assert rest == [((k,), (k - (2 < k < 8),)) for k in range(10) if k != 2]


def test_the_short_article_in_its_own_order_reports_no_move(data_dir: Path) -> None:
    original, translation = _en_de(data_dir)
    beads = align(original, translation, source_lang="en", target_lang="de")
    assert [(b.original, b.translation, b.moved) for b in beads] == [
        ((k,), (k,), False) for k in range(10)
    ]


def test_paragraphs_are_told_from_sentences_for_the_tested_move_pass(data_dir: Path) -> None:
    # Moves are tested by realigning only where units average 1.5 sentences or more.
    original, translation = _en_de(data_dir)
    sentences_en = [s for p in original for s in split_sentences(p, "en")]
    sentences_de = [s for p in translation for s in split_sentences(p, "de")]
    assert len(sentences_en) == len(sentences_de) == 20
    assert rough_sentence_count(original[0]) == 2
    assert all(rough_sentence_count(s) == 1 for s in sentences_en)


def test_two_paragraphs_moved_into_one_stretch_are_both_reported(data_dir: Path) -> None:
    original, translation = _en_de(data_dir)
    # The translator opened with the fourth paragraph and put the sixth after the second: the
    # first alignment glues each to a neighbour's bead, so in it neither seems far from its
    # translation; aligned without them, each crosses two paragraphs or more.
    order = [0, 3, 1, 5, 2, 4, 6, 7, 8, 9]
    moved = [translation[k] for k in order]
    beads = align(original, moved, source_lang="en", target_lang="de")
    assert [(b.original, b.translation) for b in beads if b.moved] == [((3,), (1,)), ((5,), (3,))]
    rest = [(b.original, b.translation) for b in beads if not b.moved]
    assert rest == [((k,), (order.index(k),)) for k in range(10) if k not in (3, 5)]
    assert sorted(j for b in beads for j in b.translation) == list(range(10))


def test_a_paragraph_moved_beside_another_moved_one_is_reported(data_dir: Path) -> None:
    original, translation = _en_de(data_dir)
    order = [1, 2, 3, 6, 0, 4, 5, 7, 8, 9]
    beads = align(original, [translation[k] for k in order], source_lang="en", target_lang="de")
    flagged = [b for b in beads if b.moved]
    assert [(b.original, b.translation) for b in flagged] == [((0,), (4,)), ((6,), (3,))]
    assert all(0.0 < b.score < 1.0 for b in flagged)


@pytest.mark.parametrize("place", [0, 1, 7, 9])
def test_a_moved_paragraph_sharing_no_rare_word_is_found_by_its_bead_score(
    data_dir: Path, place: int
) -> None:
    original, translation = _en_de(data_dir)
    # The schools paragraph shares with its translation one rare key (three, drei) and words
    # found in many paragraphs (closed, days): no unit's match on rare keys, yet the bead the
    # two make scores better than any other of either.
    order = [k for k in range(10) if k != 4]
    order.insert(place, 4)
    moved = [translation[k] for k in order]
    beads = align(original, moved, source_lang="en", target_lang="de")
    flagged = [b for b in beads if b.moved]
    assert [(b.original, b.translation) for b in flagged] == [((4,), (place,))]
    assert 0.0 < flagged[0].score < 1.0
    rest = [(b.original, b.translation) for b in beads if not b.moved]
    assert rest == [((k,), (order.index(k),)) for k in range(10) if k != 4]
    # Without the candidates scored as beads, the paragraph is left where the aligner put it.
    without = replace(DEFAULT_PARAMS, moved_scored_budget=0)
    beads = align(original, moved, source_lang="en", target_lang="de", params=without)
    assert not any(b.moved for b in beads)


def test_mutual_best_pairs_keeps_pairs_neither_of_whose_units_has_a_better_partner() -> None:
    scores = {
        (0, 5): 1.2,  # mutual best
        (0, 6): 0.15,
        (1, 5): 0.9,  # 1's best is 5, but 5 prefers 0
        (1, 6): 0.2,
        (2, 5): 0.1,
        (2, 6): 0.25,  # mutual best, below moved_min_pair (0.3)
    }
    params = replace(DEFAULT_PARAMS, moved_min_pair=0.3, moved_scored_budget=6)
    pairs = _mutual_best_pairs([0, 1, 2], [5, 6], lambda i, j: scores[i, j], params)
    assert pairs == [(0, 5)]
    low = replace(params, moved_min_pair=0.2)
    assert _mutual_best_pairs([0, 1, 2], [5, 6], lambda i, j: scores[i, j], low) == [
        (0, 5),
        (2, 6),
    ]
    # More pairs of weak units than the budget: none is scored.
    calls: list[tuple[int, int]] = []

    def counted(i: int, j: int) -> float:
        calls.append((i, j))
        return scores[i, j]

    tight = replace(params, moved_scored_budget=5)
    assert _mutual_best_pairs([0, 1, 2], [5, 6], counted, tight) == []
    assert calls == []
    assert _mutual_best_pairs([], [5, 6], counted, params) == []


def _rest_beads(*beads: tuple[int, int, int, int]) -> list[tuple[int, int, int, int, float]]:
    return [(i0, i1, j0, j1, 1.0) for i0, i1, j0, j1 in beads]


def test_crossed_counts_the_paired_beads_between_a_unit_and_its_counterpart() -> None:
    # Original unit 4 and translation unit 1 stand alone; translation unit 4 was added.
    rest = _rest_beads(
        (0, 1, 0, 1),
        (1, 1, 1, 2),
        (1, 2, 2, 3),
        (2, 3, 3, 4),
        (3, 3, 4, 5),
        (3, 4, 5, 6),
        (4, 5, 6, 6),
    )
    # Paired with each other, they cross the three paired beads between (not the addition).
    assert _crossed(rest, 4, 1) == 3
    # At the end of both sides, original unit 4 crosses nothing.
    assert _crossed(rest, 4, 6) == 0


def test_a_tested_move_must_cross_the_rest_as_realigned_without_it() -> None:
    params = replace(DEFAULT_PARAMS, moved_min_crossed=2)
    crossing = _rest_beads((0, 1, 0, 1), (1, 2, 2, 3), (2, 3, 3, 4), (4, 5, 4, 5))
    in_place = _rest_beads((0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (4, 5, 4, 5))

    def moves_with(rest: list[tuple[int, int, int, int, float]]) -> dict[int, tuple[int, float]]:
        return _tested_moves(
            [(3, 1)],
            base_score=0.0,
            dp_rest=lambda free_source, free_target: rest,
            pair_score=lambda i, j: 1.0,
            params=params,
        )

    moves = moves_with(crossing)
    assert list(moves) == [3]
    counterpart, confidence = moves[3]
    assert counterpart == 1
    assert 0.0 < confidence < 1.0
    # The same gain, but unit 3 sits between its neighbours' translations: not a move.
    assert moves_with(in_place) == {}


def test_untested_move_search_reuses_the_final_pass_postings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pair = make_pair(120, seed=21)
    translation = list(pair.translation)
    translation.insert(100, translation.pop(20))  # a sentence carried far down
    real_find_moves = unit_aligner.find_moves
    calls = []

    def both_ways(*args: object, **kwargs: object) -> object:
        given = kwargs.get("target_postings")
        with_given = real_find_moves(*args, **kwargs)  # type: ignore[arg-type]
        kwargs["target_postings"] = None
        computed = real_find_moves(*args, **kwargs)  # type: ignore[arg-type]
        calls.append((given, with_given, computed))
        return with_given

    monkeypatch.setattr(unit_aligner, "find_moves", both_ways)
    beads = align(pair.original, translation)
    assert calls
    assert all(given is not None for given, _, _ in calls)
    assert all(with_given == computed for _, with_given, computed in calls)
    assert any(with_given for _, with_given, _ in calls)  # some moves were found
    assert any(b.moved for b in beads)


def _best_matches_every_unit(
    unit_keys: dict[str, float],
    norm: float,
    length: float,
    postings: dict[str, tuple[list[int], list[float]]],
    other_norms: list[float],
    other_lengths: list[float],
    min_keys: int,
) -> tuple[int, float, float]:
    """Every unit sharing a key summed, then those sharing too few dropped."""
    shared: dict[int, float] = {}
    count: dict[int, int] = {}
    for key, weight in unit_keys.items():
        ids, weights = postings.get(key, ([], []))
        for unit, other in zip(ids, weights, strict=True):
            shared[unit] = shared.get(unit, 0.0) + min(weight, other)
            count[unit] = count.get(unit, 0) + 1
    best, first, second = -1, 0.0, 0.0
    for unit in sorted(shared):
        if count[unit] < min_keys:
            continue
        sim = 0.5 * (min(1.0, shared[unit] / norm) + min(1.0, shared[unit] / other_norms[unit]))
        other = other_lengths[unit]
        fit = min(length, other) / max(length, other) if length > 0 and other > 0 else 0.0
        confidence = sim * (0.5 + 0.5 * fit)
        if confidence > first:
            best, first, second = unit, confidence, first
        elif confidence > second:
            second = confidence
    return best, first, second


@pytest.mark.parametrize("min_keys", [1, 2, 3])
def test_best_matches_sum_the_shared_keys_of_units_sharing_enough(min_keys: int) -> None:
    rng = random.Random(min_keys)
    keys = [f"k{n}" for n in range(12)]
    other_units = [
        {key: rng.uniform(0.1, 2.0) for key in rng.sample(keys, rng.randint(1, 6))}
        for _ in range(40)
    ]
    postings = unit_aligner._postings(other_units, 40)
    norms = [sum(u.values()) + 8.0 for u in other_units]
    lengths = [rng.uniform(20, 200) for _ in other_units]
    params = replace(DEFAULT_PARAMS, moved_min_keys=min_keys, moved_length=0.5)
    for _ in range(30):
        unit = {key: rng.uniform(0.1, 2.0) for key in rng.sample(keys, rng.randint(1, 7))}
        norm, length = sum(unit.values()) + 8.0, rng.uniform(20, 200)
        found = unit_aligner._best_matches(unit, norm, length, postings, norms, lengths, params)
        expected = _best_matches_every_unit(unit, norm, length, postings, norms, lengths, min_keys)
        assert found == expected
