"""Snippets: which text an excerpt comes from, and the words marked in it."""

from __future__ import annotations

import dataclasses

from foreigndesk.search.query import parse
from foreigndesk.search.snippets import LOOK_AT, ORIGINAL, TRANSLATION, snippet

FILLER = "The council met again and talked about the weather for a long time. "


def excerpt(q: str, **texts: str):
    parts = {
        "translation_text": "",
        "translation_title": "",
        "translation_language": "en",
        "original_text": "",
        "original_title": "",
        "original_language": "ru",
    }
    parts.update(texts)
    return snippet(parse(q), **parts)


def marked_words(found) -> list[str]:
    return [found.text[start:end] for start, end in found.highlights]


def test_the_translation_comes_first():
    found = excerpt(
        "bridges",
        translation_text="Two bridges over the river were closed.",
        original_text="Два моста через реку закрыли.",
    )
    assert (found.source, marked_words(found)) == (TRANSLATION, ["bridges"])


def test_the_original_when_only_it_matched():
    found = excerpt(
        "мостов",
        translation_text="Two bridges over the river were closed.",
        original_text="Строительство новых мостов отложено. Два моста через реку закрыли.",
    )
    assert found.source == ORIGINAL
    assert found.language == "ru"
    assert marked_words(found) == ["мостов", "моста"]


def test_a_match_far_into_a_long_article_is_shown_and_marked():
    text = FILLER * (LOOK_AT // len(FILLER) + 5) + "At the end, the ferries stopped running."
    assert len(text) > LOOK_AT * 1.2
    found = excerpt("ferry", translation_text=text, original_text="Паромы остановились.")
    assert found.source == TRANSLATION
    assert marked_words(found) == ["ferries"]
    assert found.text.startswith("…")


def test_a_match_far_into_a_long_original():
    original = "Совет снова собрался. " * 120 + "В конце паромы остановились."
    found = excerpt("паром", translation_text=FILLER, original_text=original)
    assert (found.source, marked_words(found)) == (ORIGINAL, ["паромы"])


def test_a_title_match_keeps_the_translation_opening():
    found = excerpt(
        "weather",
        translation_title="Talking about the weather",
        translation_text="Nobody said anything new.",
        original_text="Погода",
    )
    assert (found.source, found.text, marked_words(found)) == (
        TRANSLATION,
        "Nobody said anything new.",
        [],
    )


def test_the_text_is_escaped_and_marked():
    found = excerpt("bridges", translation_text="<b>Two</b> bridges & more")
    assert str(found.html) == "&lt;b&gt;Two&lt;/b&gt; <mark>bridges</mark> &amp; more"


def test_a_subheading_is_not_glued_onto_the_next_paragraph():
    found = snippet(
        parse("importers"),
        translation_text=(
            "The ministry published the bill on Monday.\nA levy on the bill\n"
            "Importers say the levy will raise prices.\nTraders agree."
        ),
        translation_title="A levy",
        translation_language="en",
        original_text="",
        original_title="",
        original_language="de",
    )
    assert found.text == (
        "The ministry published the bill on Monday. A levy on the bill · Importers say the levy "
        "will raise prices. Traders agree."
    )
    start, end = found.highlights[0]
    assert found.text[start:end] == "Importers"


def test_the_opening_is_read_from_part_of_a_long_text_as_from_all_of_it():
    from foreigndesk.search.snippets import _opening, one_line

    block = "Harbour cranes stood idle through the strike at the northern terminal"
    texts = [
        # Paragraph breaks, runs of spaces and blank lines around where the part is cut.
        "\n".join([block + "."] * 80),
        "\n\n  \n".join([block] * 80),
        (block + " ") * 3 + " " * (2 * LOOK_AT) + "\n" + block,
        "\n" * (3 * LOOK_AT) + block,
        block,
        "",
    ]
    for cut in range(2 * LOOK_AT - 30, 2 * LOOK_AT + 30):
        texts.append("x" * cut + "\n \n" + block * 40)
    for text in texts:
        assert _opening(text) == one_line(text)[:LOOK_AT]


def test_only_whole_words_are_marked_whatever_their_case():
    from foreigndesk.search.snippets import matches

    query = parse("port")
    text = "Ports and the PORT: a report on the port_city airport, Port."
    assert [text[s:e] for s, e in matches(text, query, "en")] == ["Ports", "PORT", "port", "Port"]
    # Folding "ß" lengthens the text: offsets still point at the words as written.
    text = "Die Straße zum Port, dann der Port."
    assert [text[s:e] for s, e in matches(text, query, "en")] == ["Port", "Port"]


def _one_line_by_expressions(text: str) -> str:
    """What ``one_line`` gives, as the two regular expressions that first defined it."""
    import re

    block_break = re.compile(r"(?<![.!?…:;»\"”’)\]。！？」』])\s*\n\s*")
    return re.sub(r"\s*\n\s*", " ", block_break.sub(" · ", text))


def test_one_line_rewrites_runs_of_space_as_the_expressions_did():
    import random

    from foreigndesk.search.snippets import one_line

    # Short texts of the characters that matter (marks, newlines, other white space) cover
    # every arrangement: a subheading, a sentence's end, blank lines, spaces before a newline.
    alphabet = ["a", "b", ".", "»", "。", "·", " ", " ", "\n", "\n", "\t", "\r", "\u00a0", "\u2028"]
    rng = random.Random(7)
    texts = ["", "a", "\n", "a.\n\nb", "a. \n\nb", "a.\n \nb", "a \n b", "Head\nText."]
    texts += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20000)
    ]
    for text in texts:
        assert one_line(text) == _one_line_by_expressions(text), repr(text)
    assert one_line("A levy\nImporters say.\nTraders agree.") == (
        "A levy · Importers say. Traders agree."
    )


def test_words_stemmed_before_are_matched_as_when_first_seen():
    from foreigndesk.search import snippets

    query = parse("bridge")
    text = "Two bridges and a ferry; the Bridge."
    snippets._KNOWN_STEMS.clear()
    first = snippets.matches(text, query, "en")
    assert "bridges" in snippets._KNOWN_STEMS["english"]
    again = snippets.matches(text, query, "en")
    assert first == again
    assert [text[s:e] for s, e in first] == ["bridges", "Bridge"]


def test_the_known_stems_start_again_past_their_limit(monkeypatch):
    from foreigndesk.search import snippets

    monkeypatch.setattr(snippets, "KNOWN_STEMS_LIMIT", 3)
    snippets._KNOWN_STEMS.clear()
    text = "ports harbours cranes docks"
    found = snippets.matches(text, parse("port"), "en")
    assert [text[s:e] for s, e in found] == ["ports"]
    assert len(snippets._KNOWN_STEMS["english"]) <= 4
    other = "ferries piers"
    assert snippets.matches(other, parse("pier"), "en") == [(8, 13)]
    assert len(snippets._KNOWN_STEMS["english"]) <= 3


def test_the_known_stems_of_all_languages_share_one_limit(monkeypatch):
    from foreigndesk.search import snippets

    monkeypatch.setattr(snippets, "KNOWN_STEMS_LIMIT", 5)
    snippets._KNOWN_STEMS.clear()
    english = "ports harbours cranes"
    assert snippets.matches(english, parse("port"), "en") == [(0, 5)]
    assert len(snippets._KNOWN_STEMS["english"]) == 3
    # Three German words more would make six: every dictionary starts again.
    german = dataclasses.replace(parse("Hafen"), languages=("de",))
    assert snippets.matches("Kräne, Docks und Häfen", german, "de") == [(17, 22)]
    sizes = {name: len(stems) for name, stems in snippets._KNOWN_STEMS.items()}
    assert sizes == {"english": 0, "german": 4}


def test_words_known_before_the_stems_start_again_are_still_matched(monkeypatch):
    from foreigndesk.search import snippets

    monkeypatch.setattr(snippets, "KNOWN_STEMS_LIMIT", 4)
    snippets._KNOWN_STEMS.clear()
    assert snippets.matches("two bridges", parse("bridge"), "en") == [(4, 11)]
    # "bridges" is known; the three new words make the dictionaries start again.
    text = "bridges ferries cranes docks"
    assert [text[s:e] for s, e in snippets.matches(text, parse("bridge"), "en")] == ["bridges"]
    assert set(snippets._KNOWN_STEMS["english"]) == {"bridges", "ferries", "cranes", "docks"}


def test_words_are_those_the_expression_finds_in_the_whole_text():
    from foreigndesk.search.snippets import _FAST_WORD, _distinct_words

    texts = [
        "",
        "plain words only",
        "Words, with punctuation: U.S. and e-mail; snake_case too!",
        "Цены\u00a0растут —\tна 5% «быстро»\n\nи всё.",
        "١٢٣ numbers ²³ and ½ mixed\u2028lines",
    ]
    for text in texts:
        assert _distinct_words(text) == set(_FAST_WORD.findall(text)), repr(text)


def test_a_chinese_text_is_cut_into_words_only_when_it_may_hold_a_query_word(monkeypatch):
    from foreigndesk.search import snippets
    from foreigndesk.search.analysis import tokens

    text = "港口工人罢工。Shortage of parts: 使用PORT的码头已经关闭，港口恢复需要时间。"
    english = dataclasses.replace(parse("port shortage"), languages=("en",))
    chinese = parse("港口")

    def marked(query, language):
        return [text[s:e] for s, e in snippets.matches(text, query, language)]

    # A Latin word inside a run of Chinese characters, in any case; Chinese words as bigrams.
    assert marked(english, "zh") == ["Shortage", "PORT"]
    assert marked(chinese, "zh") == ["港口", "港口"]
    cut = []
    monkeypatch.setattr(snippets, "tokens", lambda t: cut.append(t) or tokens(t))
    assert marked(parse("harbour"), "zh") == []
    assert marked(parse("码头"), "zh") == ["码头"]
    assert marked(english, "zh") == ["Shortage", "PORT"]
    # The text was cut for the two queries whose words it holds, not for the third.
    assert len(cut) == 2
