"""The aligner on small written samples, signal by signal, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from foreigndesk.alignment import (
    AlignmentError,
    Bead,
    MappingDictionary,
    align,
    align_paragraphs_and_sentences,
    split_paragraphs,
)


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.original, b.translation) for b in beads]


def test_german_french_paragraphs_with_split_and_move(data_dir: Path) -> None:
    original = split_paragraphs((data_dir / "de_fr.de").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "de_fr.fr").read_text(encoding="utf-8"))
    beads = align(original, translation, source_lang="de", target_lang="fr", dictionary=None)
    assert pairs(beads) == [
        ((0,), (0,)),
        ((1,), (1, 2)),  # one paragraph split in two
        ((2,), (3,)),
        ((3,), (4,)),
        ((4,), (5,)),
        ((5,), (7,)),
        ((6,), (8,)),
        ((7,), (6,)),  # the storm paragraph moved up in the translation
        ((8,), (9,)),
        ((9,), (10,)),
    ]
    assert [b.moved for b in beads] == [False] * 7 + [True] + [False] * 2


def test_russian_english_paragraphs_across_scripts(data_dir: Path) -> None:
    original = split_paragraphs((data_dir / "ru_en.ru").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "ru_en.en").read_text(encoding="utf-8"))
    beads = align(original, translation, source_lang="ru", target_lang="en")
    assert pairs(beads) == [
        ((0,), (0, 1)),
        ((1,), (2,)),
        ((2,), (3,)),
        ((3,), ()),  # the reading-room paragraph was left out
        ((4,), (4,)),
        ((5,), (5,)),
        ((6,), (6,)),
    ]


def test_numbers_alone_anchor_the_alignment() -> None:
    # Made-up words with nothing in common: only the quantities say what goes with what.
    original = [f"zorp blat {n} quix" for n in (1871, 2, 3.5, 44, 1990, 12, 7000)]
    translation = [f"mek {n} tavu nol" for n in (1871, 2, 3.5, 44, 1990, 12, 7000)]
    translation[2] = "mek 3,5 tavu nol"  # a decimal comma is the same quantity
    del translation[3]  # dropped in translation
    beads = align(original, translation)
    assert ((3,), ()) in pairs(beads)
    assert ((2,), (2,)) in pairs(beads)
    assert ((4,), (3,)) in pairs(beads)


def test_names_are_matched_across_scripts() -> None:
    original = [
        "Встреча Путина и Макрона прошла в Париже.",
        "Затем Шольц прилетел в Берлин.",
        "Лукашенко остался в Минске.",
        "Эрдоган говорил об Анкаре.",
    ]
    translation = [
        "Putin met Macron in Paris.",
        "Scholz then flew to Berlin.",
        "Erdogan talked about Ankara.",
    ]
    beads = align(original, translation, source_lang="ru", target_lang="en")
    assert pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_length_ratio_decides_a_merge_when_nothing_else_helps() -> None:
    original = ["a" * 40, "b" * 41, "c" * 39, "d" * 42, "e" * 40, "f" * 40]
    translation = ["x" * 44, "y" * 88, "z" * 46, "w" * 44, "v" * 44]
    beads = align(original, translation)
    assert pairs(beads)[1] == ((1, 2), (1,))


def test_a_dictionary_source_supplies_word_translations() -> None:
    original = ["Der Gipfel war weiss.", "Das Lager lag tief.", "Der Gletscher schmolz."]
    translation = ["Le camp était bas.", "Le glacier fondait."]
    dictionary = MappingDictionary(
        {"lager": ["camp"], "gletscher": ["glacier"], "gipfel": ["sommet"]}
    )
    beads = align(original, translation, dictionary=dictionary)
    assert pairs(beads) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]


def test_same_text_on_both_sides_is_one_to_one() -> None:
    text = [f"Sentence number {k} is about {w}." for k, w in enumerate("abcdefghij")]
    assert pairs(align(text, text)) == [((k,), (k,)) for k in range(10)]


def test_one_unit_each_side() -> None:
    assert pairs(align(["Hallo Welt."], ["Bonjour le monde."])) == [((0,), (0,))]


def test_wildly_different_lengths_still_give_a_covering_result() -> None:
    original = ["Ein einziger Satz über Bern."]
    translation = [f"Phrase {k} sur autre chose." for k in range(3000)]
    beads = align(original, translation)
    assert sorted(i for b in beads for i in b.original) == [0]
    assert sorted(j for b in beads for j in b.translation) == list(range(3000))


@pytest.mark.parametrize(
    ("original", "translation", "message"),
    [
        ([], [], "both texts are empty"),
        ([], ["x"], "original is empty"),
        (["x"], [], "translation is empty"),
        ("a string", ["x"], "not one string"),
        ([b"bytes"], ["x"], "not text"),
    ],
)
def test_bad_inputs_raise_clear_errors(original: object, translation: object, message: str) -> None:
    with pytest.raises(AlignmentError, match=message):
        align(original, translation)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["english", "xx", "d", "de_DE!"])
def test_unknown_language_codes_are_refused(code: str) -> None:
    with pytest.raises(AlignmentError, match="unknown language code"):
        align(["a"], ["b"], source_lang=code)


def test_known_language_codes_are_accepted() -> None:
    assert align(["Bern 2024."], ["Berne 2024."], source_lang="de-CH", target_lang="fr")


def test_blank_units_are_aligned_without_error() -> None:
    beads = align(["", "Bern 1291.", ""], ["Berne 1291."])
    assert sorted(i for b in beads for i in b.original) == [0, 1, 2]


def test_two_level_alignment(data_dir: Path) -> None:
    original = split_paragraphs((data_dir / "de_fr.de").read_text(encoding="utf-8"))
    translation = split_paragraphs((data_dir / "de_fr.fr").read_text(encoding="utf-8"))
    result = align_paragraphs_and_sentences(
        original, translation, source_lang="de", target_lang="fr"
    )
    assert len(result.sentences) == len(result.paragraphs)
    # paragraph 4 has three sentences, its translation one: they stay inside that bead
    block = next(k for k, b in enumerate(result.paragraphs) if b.original == (4,))
    inner = result.sentences[block]
    src_ids = [i for b in inner for i in b.original]
    assert [result.original_paragraph_of[i] for i in src_ids] == [4, 4, 4]
    assert {result.translation_paragraph_of[j] for b in inner for j in b.translation} == {5}
    # every sentence appears once, and each sentence bead stays inside its paragraph bead
    all_src = sorted(i for beads in result.sentences for b in beads for i in b.original)
    all_tgt = sorted(j for beads in result.sentences for b in beads for j in b.translation)
    assert all_src == list(range(len(result.original_sentences)))
    assert all_tgt == list(range(len(result.translation_sentences)))
    for paragraph, beads in zip(result.paragraphs, result.sentences, strict=True):
        for bead in beads:
            assert {result.original_paragraph_of[i] for i in bead.original} <= set(
                paragraph.original
            )
            assert {result.translation_paragraph_of[j] for j in bead.translation} <= set(
                paragraph.translation
            )
    moved = [beads for p, beads in zip(result.paragraphs, result.sentences, strict=True) if p.moved]
    assert moved
    assert all(b.moved for b in moved[0])
