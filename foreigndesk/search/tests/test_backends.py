"""The backend setting, its system check, and what both backends must answer alike."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test import override_settings

from foreigndesk.search.backends import get_backend
from foreigndesk.search.backends.base import Filters, SearchRequest
from foreigndesk.search.backends.postgres import PostgresSearchBackend, keys_query, tsquery, vector
from foreigndesk.search.backends.sqlite import SQLiteSearchBackend, match_expression
from foreigndesk.search.query import parse


def search_errors() -> list[str]:
    return [error.id for error in run_checks() if error.id.startswith("search.")]


def test_the_backend_follows_the_database():
    expected = SQLiteSearchBackend if connection.vendor == "sqlite" else PostgresSearchBackend
    assert isinstance(get_backend(), expected)
    assert search_errors() == []


@override_settings(SEARCH_BACKENDS={"default": {"BACKEND": "no.such.Backend"}})
def test_check_names_a_backend_that_cannot_be_imported():
    assert search_errors() == ["search.E002"]


def test_check_refuses_a_backend_for_another_database():
    other = (
        "foreigndesk.search.backends.postgres.PostgresSearchBackend"
        if connection.vendor == "sqlite"
        else "foreigndesk.search.backends.sqlite.SQLiteSearchBackend"
    )
    with override_settings(SEARCH_BACKENDS={"default": {"BACKEND": other}}):
        assert search_errors() == ["search.E004"]


@override_settings(SEARCH_BACKENDS={"default": {"BACKEND": "foreigndesk.search.query.Clause"}})
def test_check_refuses_what_is_not_a_backend():
    assert search_errors() == ["search.E003"]


def test_fts5_expression_quotes_every_word():
    query = parse('sanctions -"civil society" NEAR(x) a:b ^c')
    expression = match_expression(query, ["en", "ru"])
    # Each clause: as written, or stemmed and tagged in each language whose script it is in.
    assert expression == (
        '(("en:sanction" OR "sanctions") AND ("en:near en:x" OR "near x") AND ("a b" OR '
        '"en:a en:b") AND ("c" OR "en:c")) NOT (("civil society" OR "en:civil en:societi"))'
    )


def test_fts5_expression_stems_only_in_the_query_languages():
    expression = match_expression(parse("portando"), ["it"])
    assert expression == '(("it:port" OR "portando"))'
    assert "it:" not in match_expression(parse("port"), ["en"])


def test_tsquery_quotes_every_lexeme():
    query = parse('ставка -"civil society" x\'y')
    literal = tsquery(query, ["ru", "en"])
    assert literal == (
        "( ( ( 'ru:ставк' ) | ( 'ставка' ) ) & ( ( 'en:x' <-> 'en:y' ) | ( 'x' <-> 'y' ) ) )"
        " & !( ( ( 'civil' <-> 'society' ) | ( 'en:civil' <-> 'en:societi' ) ) )"
    )
    # The keys query reads it as it reads PostgreSQL's own printed queries.
    keys, confirm = keys_query(literal)
    assert keys is not None
    assert "'ru:ставк'" in keys
    assert confirm


def test_tsquery_skips_common_words_with_a_gap():
    assert tsquery(parse('"end of the war"'), ["en"]) == (
        "( ( ( 'en:end' <3> 'en:war' ) | ( 'end' <3> 'war' ) ) )"
    )
    # Only common words: nothing to look for.
    assert tsquery(parse('"of the"'), ["en"]) == ""
    assert tsquery(parse('war -"of the"'), ["en"]) == "( ( ( 'en:war' ) | ( 'war' ) ) )"


def test_vector_keeps_positions_and_tags():
    # Common words are left out but keep their place.
    assert vector("Ports and the port, 2026", "en") == "'en:port':1,4 '2026':5"
    assert vector("Київ", "uk") == "'київ':1"


@pytest.mark.django_db
def test_an_unsearchable_query_never_reaches_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        outcome = get_backend().search(SearchRequest(query=parse("the"), languages=["en"]))
    assert outcome.total == 0


@pytest.mark.django_db
def test_facet_filters_on_an_empty_index():
    request = SearchRequest(
        query=parse("anything"), languages=["en"], filters=Filters(country="DE", year=2026)
    )
    outcome = get_backend().search(request)
    assert outcome.total == 0
    assert outcome.hits == []
