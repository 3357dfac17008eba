"""The backend setting, its system check, and what both backends must answer alike."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.db import connection
from django.test import override_settings

from foreigndesk.search.backends import get_backend
from foreigndesk.search.backends.base import Filters, SearchRequest
from foreigndesk.search.backends.postgres import PostgresSearchBackend, configuration, tsquery
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
    assert expression == (
        '(("sanction" OR "sanctions") AND ("near x") AND ("a b") AND ("c"))'
        ' NOT (("civil societi" OR "civil society"))'
    )


def test_tsquery_passes_words_as_parameters():
    query = parse("ставка -sanctions")
    sql, params = tsquery(query, ["ru", "en"])
    assert "ставка" not in sql
    assert "sanctions" not in sql
    assert params.count("ставка") == 3  # english, russian, simple
    assert configuration("uk") == "simple"
    assert configuration("pt-BR") == "portuguese"


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
