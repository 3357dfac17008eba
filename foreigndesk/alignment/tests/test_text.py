"""Unit tests of the signals that need no model: numbers, transliteration, punctuation, length."""

from __future__ import annotations

import pytest

from foreigndesk.alignment.text import (
    char_length,
    fold,
    is_name_like,
    normalize_number,
    number_value,
    punctuation_signature,
    script_of,
    skeleton,
    tokenize,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("8847,60", "8847.6"),
        ("10.000", "10000"),
        ("10,000", "10000"),
        ("007", "7"),
        ("3,50", "3.5"),
    ],
)
def test_numbers_are_read_as_quantities(left: str, right: str) -> None:
    assert normalize_number(left) == normalize_number(right)


def test_spaced_thousands_are_one_number() -> None:
    assert tokenize("rund 210 000 Fahrgäste") == ["rund", "210000", "Fahrgäste"]
    assert tokenize("im Jahr 1955 12 Männer") == ["im", "Jahr", "1955", "12", "Männer"]


def test_number_words_match_digits_across_languages() -> None:
    assert number_value("drei") == number_value("trois") == number_value("three") == "3"
    assert number_value("три") == "3"
    assert number_value("ein") is None  # also an article: too ambiguous to count
    assert number_value("Berg") is None


def test_transliteration_folds_scripts_and_accents() -> None:
    assert fold("Москва") == "moskva"
    assert fold("Zürich") == "zurich"
    assert fold("Expédition") == fold("expedition")


def test_skeleton_bridges_transliteration_variants() -> None:
    assert skeleton("Москва")[:4] == skeleton("Moskva")[:4]
    assert skeleton("Зеленский")[:4] == skeleton("Zelensky")[:4]
    assert skeleton("Воронцов")[:4] == skeleton("Vorontsov")[:4]


def test_names_are_recognised() -> None:
    assert is_name_like("Imhof")
    assert is_name_like("K2")
    assert not is_name_like("und")


def test_punctuation_signature_counts_questions_quotes_brackets() -> None:
    assert punctuation_signature("Wer? «Er» (ja)!") == (1, 1, 2, 2)
    assert punctuation_signature("plain") == (0, 0, 0, 0)


def test_char_length_ignores_runs_of_spaces() -> None:
    assert char_length("a  b\t c ") == len("a b c")


def test_script_of_documents() -> None:
    assert script_of(["Привет, мир"]) == "cyrillic"
    assert script_of(["Hello world"]) == "latin"
    assert script_of(["123 456"]) == "none"
