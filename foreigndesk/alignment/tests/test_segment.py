"""The segmenter: syntok plus repairs of its known mistakes."""

from __future__ import annotations

from foreigndesk.alignment import split_paragraphs, split_sentences


def test_paragraphs_split_on_blank_lines() -> None:
    text = "Erster Absatz.\nNoch eine Zeile.\n\n  \nZweiter Absatz.\r\n\r\nDritter."
    assert split_paragraphs(text) == [
        "Erster Absatz.\nNoch eine Zeile.",
        "Zweiter Absatz.",
        "Dritter.",
    ]


def test_russian_year_abbreviation_ends_a_sentence_before_a_pronoun() -> None:
    text = "Это случилось в 2025 г. Его никто не ждал. Потом пришёл новый день."
    assert split_sentences(text, "ru") == [
        "Это случилось в 2025 г.",
        "Его никто не ждал.",
        "Потом пришёл новый день.",
    ]


def test_russian_year_abbreviation_inside_a_sentence_is_kept() -> None:
    text = "Он родился в 1990 г. в Москве. В 2025 г. Путин заявил об этом."
    assert split_sentences(text, "ru") == [
        "Он родился в 1990 г. в Москве.",
        "В 2025 г. Путин заявил об этом.",
    ]


def test_german_ordinal_date_is_not_a_sentence_end() -> None:
    text = "Er kam z. B. am 3. Mai nach Hause. Dann ging er."
    assert split_sentences(text, "de") == ["Er kam z. B. am 3. Mai nach Hause.", "Dann ging er."]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "M. Dupont est arrivé. Il a dit « oui ! » et il est parti."
    assert split_sentences(text, "fr") == [
        "M. Dupont est arrivé.",
        "Il a dit « oui ! » et il est parti.",
    ]


def test_sentences_of_several_paragraphs_in_order() -> None:
    text = "Mr. Smith went to Washington. He left.\n\nNew paragraph here. Second one?"
    assert split_sentences(text, "en") == [
        "Mr. Smith went to Washington.",
        "He left.",
        "New paragraph here.",
        "Second one?",
    ]


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences("", "de") == []
    assert split_sentences(" \n\n ", None) == []
