"""The archive word table: counted over many aligned pairs, merged, stored, and used by `align`."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from foreigndesk.alignment import (
    DEFAULT_PARAMS,
    AlignmentError,
    ArchiveTableError,
    WordTable,
    align,
    learn_word_table,
)
from foreigndesk.alignment.cli import leave_one_out_tables

from .test_cli import call_eval, write_eval_folder

# Nouns and their French translations; sentences are built from them at run time.
NOUNS = [
    ("kirche", "église"),
    ("brunnen", "fontaine"),
    ("schlüssel", "clé"),
    ("fenster", "fenêtre"),
    ("garten", "jardin"),
    ("wolke", "nuage"),
    ("bäcker", "boulanger"),
    ("zimmer", "chambre"),
    ("spiegel", "miroir"),
    ("teppich", "tapis"),
    ("kerze", "bougie"),
    ("schrank", "armoire"),
    ("himmel", "ciel"),
    ("vogel", "oiseau"),
    ("apfel", "pomme"),
    ("flasche", "bouteille"),
    ("stuhl", "chaise"),
    ("messer", "couteau"),
    ("eimer", "seau"),
    ("hügel", "colline"),
]


def sentences(seed: int, count: int) -> tuple[list[str], list[str]]:
    """`count` German sentences of four nouns each, and their French translations."""
    rng = random.Random(seed)
    picks = [rng.sample(NOUNS, 4) for _ in range(count)]
    german = ["Der " + " und die ".join(de for de, _ in p) + "." for p in picks]
    french = ["Le " + " et la ".join(fr for _, fr in p) + "." for p in picks]
    return german, french


def archive_of(seed: int = 3, count: int = 60) -> WordTable:
    german, french = sentences(seed, count)
    return learn_word_table([(german, french, [((i,), (i,)) for i in range(count)])])


def test_counts_stems_over_paired_beads_only() -> None:
    table = WordTable()
    table.add_pair(
        ["Der Garten blüht.", "Ein Satz ohne Partner."],
        ["Le jardin fleurit."],
        [((0,), (0,)), ((1,), ())],
    )
    assert table.pairs == 1
    assert table.beads == 1
    assert table.source["garten"] == 1
    assert "partne" not in table.source
    assert table.joint["garten"]["jardin"] == 1
    assert table.target["fleuri"] == 1  # stems of six letters, as the aligner compares words


def test_learned_table_translates_the_nouns() -> None:
    translations = archive_of().translations()
    assert translations["garten"][0][0] == "jardin"
    assert translations["schlus"][0][0] == "cle"
    assert translations["kirche"][0] == ("eglise", 1.0)


def test_merging_equals_learning_from_everything_at_once() -> None:
    first, second = archive_of(1, 20), archive_of(2, 25)
    g1, f1 = sentences(1, 20)
    g2, f2 = sentences(2, 25)
    together = learn_word_table(
        [
            (g1, f1, [((i,), (i,)) for i in range(20)]),
            (g2, f2, [((i,), (i,)) for i in range(25)]),
        ]
    )
    first.merge(second)
    assert first == together
    assert first.pairs == 2
    assert first.beads == 45
    with pytest.raises(ValueError, match="stem length"):
        first.merge(WordTable(stem_len=5))


def test_serialised_table_round_trips_and_is_stable() -> None:
    table = archive_of()
    data = table.to_bytes()
    assert WordTable.from_bytes(data) == table
    assert archive_of().to_bytes() == data  # the same counts give the same bytes
    assert len(data) < len(repr(table.to_dict()))


@pytest.mark.parametrize("data", [b"", b"not compressed", b"x\x9c\x03\x00\x00\x00\x00\x01"])
def test_unreadable_data_is_refused_by_name(data: bytes) -> None:
    with pytest.raises(ArchiveTableError, match="word table"):
        WordTable.from_bytes(data)


def test_wrong_shape_is_refused() -> None:
    with pytest.raises(ArchiveTableError, match="format version"):
        WordTable.from_dict({"version": 99})
    with pytest.raises(ArchiveTableError, match="missing or malformed"):
        WordTable.from_dict({"version": 1, "stem_len": 6})


def test_pruning_keeps_the_scores_of_what_it_keeps() -> None:
    table = archive_of()
    pruned = table.pruned(2)
    assert len(pruned) < len(table)
    assert all(c >= 2 for targets in pruned.joint.values() for c in targets.values())
    assert pruned.translations(min_count=2) == table.translations(min_count=2)


def test_a_short_pair_leans_on_the_archive() -> None:
    german, french = sentences(11, 6)
    translation = [f for k, f in enumerate(french) if k != 3]  # the fourth sentence left out
    alone = {(b.original, b.translation) for b in align(german, translation, source_lang="de")}
    helped = {
        (b.original, b.translation)
        for b in align(german, translation, source_lang="de", archive=archive_of())
    }
    right = {((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((5,), (4,))}
    assert right <= helped
    assert any(4 in o and t == (3,) for o, t in helped)
    # Six sentences teach the pair's own table nothing: alone, it pairs them wrongly.
    assert len(right & alone) < len(right)
    # The archive's weight is what makes the difference.
    off = replace(DEFAULT_PARAMS, archive_weight=0.0, moved_archive_weight=0.0)
    assert {
        (b.original, b.translation)
        for b in align(german, translation, source_lang="de", archive=archive_of(), params=off)
    } == alone


def test_an_empty_archive_changes_nothing() -> None:
    german, french = sentences(5, 8)
    assert align(german, french, archive=WordTable()) == align(german, french)


def test_stem_length_must_match_the_aligner() -> None:
    german, french = sentences(5, 4)
    with pytest.raises(AlignmentError, match="stems"):
        align(
            german, french, archive=learn_word_table([(german, french, [((0,), (0,))])], stem_len=4)
        )


def test_leave_one_out_learns_from_the_other_documents_only(tmp_path: Path) -> None:
    write_eval_folder(tmp_path)
    tables = leave_one_out_tables(tmp_path, "de", "fr", ["doc1", "doc2"], None)
    # Each document's table comes from the other document alone, as the aligner paired it.
    assert tables["doc1"].pairs == 1
    assert tables["doc1"].beads == 2
    assert tables["doc2"].pairs == 1
    assert tables["doc2"].beads == 3


def test_align_eval_with_the_archive(tmp_path: Path) -> None:
    write_eval_folder(tmp_path)
    code, out = call_eval(str(tmp_path), "de", "fr", "--archive", "leave-one-out")
    assert code == 0
    assert "F1            1.0000  1.0000" in out
