"""The search box's language, without a database."""

from __future__ import annotations

from foreigndesk.search.analysis import segment_cjk, stems, words
from foreigndesk.search.query import Clause, any_of, parse


def test_words_phrases_and_exclusions():
    query = parse('Sanctions "civil society" -war -"trade deal"')
    assert query.clauses == (
        Clause(("sanctions",)),
        Clause(("civil", "society")),
        Clause(("war",), exclude=True),
        Clause(("trade", "deal"), exclude=True),
    )
    assert str(query) == 'sanctions "civil society" -war -"trade deal"'


def test_hyphenated_words_are_phrases_and_stop_words_are_dropped():
    query = parse("the covid-19 and")
    assert query.clauses == (Clause(("covid", "19")),)
    assert any("too common" in notice for notice in query.notices)


def test_typographic_quotes_count_as_quotes():
    assert parse("«гражданское общество»").clauses == (Clause(("гражданское", "общество")),)


def test_stemming_per_language():
    assert stems("Sanctions against exporters", "en") == "sanction against export"
    assert stems("ставку ставки", "ru") == "ставк ставк"
    assert stems("Ставку", "uk") == "ставку"  # no stemmer: folded only


def test_cjk_is_cut_into_bigrams():
    assert words("天津港") == ["天津", "津港"]
    assert segment_cjk("天津港 port") == " 天津 津港  port"
    assert parse("天津港").clauses == (Clause(("天津", "津港")),)


def test_any_of_keeps_distinctive_words():
    query = any_of("The Bank of Russia kept the key rate, the bank said")
    assert [clause.words[0] for clause in query.clauses] == [
        "bank",
        "russia",
        "kept",
        "key",
        "rate",
        "said",
    ]
    assert query.any_of
