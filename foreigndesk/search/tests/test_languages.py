"""Each word stemmed in its own language: the query's languages, the index's tags, the fallback
and the highlighting (on whichever database the suite runs on)."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.checks import run_checks
from django.db import connection

from foreigndesk.search.actions import rebuild_index
from foreigndesk.search.analysis import index_terms, words
from foreigndesk.search.languages import query_languages
from foreigndesk.search.query import parse
from foreigndesk.search.selectors import SearchParams, search_articles
from foreigndesk.search.snippets import matches
from foreigndesk.testing import factories

from .conftest import at, paragraphs, titles

ARCHIVE = ["en", "fr", "it", "ru", "uk", "zh"]


def likely(text: str, available=ARCHIVE) -> tuple[str, ...]:
    return query_languages(text, available, preferred="en").likely


def test_a_short_latin_query_is_taken_for_english_unless_clearly_not():
    assert likely("port") == ("en",)
    assert likely("ports") == ("en",)
    assert "it" in likely("elezioni")
    assert "fr" in likely("la guerre")


def test_the_script_decides_before_lingua():
    # Cyrillic: the archive's Cyrillic languages with a stemmer (Ukrainian has none: its words
    # are indexed as written and every query looks for its words as written).
    assert likely("санкции") == ("ru",)
    assert likely("中国") == ()
    # Several scripts: the languages of each.
    assert set(likely("NATO санкции")) >= {"en", "ru"}


def test_the_fallback_is_every_language_of_the_query_scripts():
    found = query_languages("port", ARCHIVE, preferred="en")
    assert set(found.fallback) == {"en", "fr", "it"}
    assert query_languages("порт", ARCHIVE, preferred="en").fallback == ("ru",)


def test_a_single_latin_language_needs_no_lingua():
    assert likely("portando", ["en", "ru"]) == ("en",)


def test_index_terms_tag_stems_with_their_language():
    assert index_terms(words("Ports 2026"), "en") == ["en:port", "2026"]
    assert index_terms(words("portando"), "it") == ["it:port"]
    assert index_terms(words("portait"), "fr") == ["fr:port"]
    # A Latin word in a Russian text is not read by the Russian stemmer: left as written.
    assert index_terms(words("Банк NATO"), "ru") == ["ru:банк", "nato"]
    assert index_terms(words("Київ"), "uk") == ["київ"]


@pytest.fixture
def harbours(db):
    """English translations of an English-speaking port story, an Italian and a French one."""
    made = {}
    made["english"] = factories.translation(
        title="Container traffic grows",
        blocks=paragraphs("The ports of the North Sea handled more containers this year."),
        original_obj=factories.original(
            title="Containerverkehr wächst",
            language_code="de",
            blocks=paragraphs("Die Häfen an der Nordsee schlugen mehr Container um."),
        ),
        published_at=at(2026, 3),
    )
    made["italian"] = factories.translation(
        title="Genoa dockers strike",
        blocks=paragraphs("Dockers in Genoa stopped work on Monday."),
        original_obj=factories.original(
            title="Sciopero a Genova",
            language_code="it",
            blocks=paragraphs("I lavoratori stanno portando avanti lo sciopero a Genova."),
        ),
        published_at=at(2026, 4),
    )
    made["french"] = factories.translation(
        title="A lighthouse keeper remembers",
        blocks=paragraphs("He carried the lamp up the stairs every night."),
        original_obj=factories.original(
            title="Le gardien du phare",
            language_code="fr",
            blocks=paragraphs("Il portait la lampe dans l'escalier chaque nuit."),
        ),
        published_at=at(2026, 5),
    )
    made["russian"] = factories.translation(
        title="The key rate stays",
        blocks=paragraphs("The central bank kept its key rate."),
        original_obj=factories.original(
            title="Ставка сохранена",
            language_code="ru",
            blocks=paragraphs("Банк России сохранил ключевую ставку."),
        ),
        published_at=at(2026, 6),
    )
    rebuild_index()
    return made


def search(q: str, **kwargs):
    return search_articles(SearchParams(q=q, **kwargs))


def test_an_english_word_does_not_find_italian_or_french_words_of_the_same_stem(harbours):
    assert titles(search("port")) == ["Container traffic grows"]
    page = search("ports")
    assert titles(page) == ["Container traffic grows"]
    assert "<mark>ports</mark>" in page.results[0].snippet.html


def test_an_italian_word_finds_the_italian_original(harbours):
    page = search("portando")
    assert titles(page) == ["Genoa dockers strike"]
    result = page.results[0]
    assert result.from_original
    assert "<mark>portando</mark>" in result.snippet.html


def test_a_french_word_finds_the_french_original(harbours):
    assert titles(search("portait")) == ["A lighthouse keeper remembers"]


def test_a_russian_word_finds_the_russian_original_in_any_form(harbours):
    page = search("ставкой")
    assert titles(page) == ["The key rate stays"]
    assert "<mark>ставку</mark>" in page.results[0].snippet.html


def test_nothing_found_in_the_likely_languages_tries_the_others_of_the_script(harbours):
    # lingua takes "phares" for English; stemmed in English only it finds nothing, so the
    # other Latin-script languages of the archive are tried, and the French title matches.
    assert likely("phares", ["de", "en", "fr", "it", "ru"]) == ("en",)
    page = search("phares")
    assert titles(page) == ["A lighthouse keeper remembers"]
    assert "fr" in page.query.languages


def test_the_language_filter_narrows_the_query_languages(harbours):
    # Italian articles: the query is read in Italian or English, never in French.
    assert titles(search("portando", language="it")) == ["Genoa dockers strike"]
    assert titles(search("portait", language="it")) == []
    assert titles(search("portait", language="fr")) == ["A lighthouse keeper remembers"]


def test_highlighting_marks_other_forms_only_in_the_query_languages():
    english = dataclasses.replace(parse("port"), languages=("en",))
    assert matches("Two ports", english, "en") == [(4, 9)]
    # "portando" is "it:port" in the index, which an English "port" does not find.
    assert matches("Stanno portando avanti", english, "it") == []
    both = dataclasses.replace(english, languages=("en", "it"))
    assert matches("Stanno portando avanti", both, "it") == [(7, 15)]
    # The word as written is marked in any language.
    assert matches("Il port di Genova", english, "it") == [(3, 7)]


def _warnings() -> list[str]:
    return [m.id for m in run_checks(include_deployment_checks=False, databases=["default"])]


def test_the_check_flags_an_index_in_the_old_format(harbours):
    assert "search.W002" not in _warnings()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The table as migration 0002 made it: a tokenizer that splits "en:port".
            cursor.execute("DROP TABLE search_fts")
            cursor.execute(
                "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, original_title, "
                "original_body, tokenize = 'unicode61 remove_diacritics 2')"
            )
        else:
            # Vectors as PostgreSQL's configurations made them, untagged.
            cursor.execute(
                "UPDATE search_searchentry SET document = to_tsvector('english', 'ports')"
            )
    warnings = _warnings()
    assert "search.W002" in warnings
    rebuild_index()
    assert "search.W002" not in _warnings()


def test_the_check_flags_an_index_emptied_by_the_migration(harbours):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
        else:
            cursor.execute("UPDATE search_searchentry SET document = NULL")
    message = next(m for m in run_checks(databases=["default"]) if m.id == "search.W002")
    assert "foreigndesk reindex" in message.hint


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
@pytest.mark.django_db(transaction=True)
def test_migration_0004_makes_the_table_keep_tags_and_back():
    from django.core.management import call_command

    def table_sql() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            return cursor.fetchone()[0]

    assert "tokenchars" in table_sql()
    try:
        call_command("migrate", "search", "0003", verbosity=0)
        assert "tokenchars" not in table_sql()
    finally:
        call_command("migrate", "search", verbosity=0)
    assert "tokenchars" in table_sql()
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts (rowid, title) VALUES (1, 'en:port it:port')")
        cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '\"en:port\"'")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH '\"port\"'")
        assert cursor.fetchone()[0] == 0
        cursor.execute("DELETE FROM search_fts")


def test_a_language_filter_restricts_the_readings_without_a_detector_of_its_own():
    from foreigndesk.search import languages

    query_languages("porto", ARCHIVE, preferred="en")
    detectors = languages._detector.cache_info().currsize
    found = query_languages("portait", ARCHIVE, preferred="en", within=["it", "en"])
    assert set(found.likely) <= {"it", "en"}
    assert set(found.fallback) == {"it", "en"}
    assert languages._detector.cache_info().currsize == detectors


def test_phrases_with_common_words_need_them_in_place(harbours):
    # PostgreSQL leaves common words out of its vectors but keeps their places; SQLite keeps
    # them: both read a phrase alike.
    assert titles(search('"stopped work on Monday"')) == ["Genoa dockers strike"]
    assert titles(search('"stopped work Monday"')) == []
    assert titles(search('"work on the Monday"')) == []
