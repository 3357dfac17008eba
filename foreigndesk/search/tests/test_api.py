"""``/api/v1/search``: the page's search as JSON, in the API's list and error shapes."""

from __future__ import annotations

import pytest
from django.db import connection

from foreigndesk.api.tests.helpers import get_json

pytestmark = pytest.mark.django_db

API_QUERIES = 5 + (connection.vendor == "postgresql")
# The desk's languages; the count of text matches and the search (PostgreSQL first builds its
# tsquery: one statement more);
# the page's translations; the labels of the facets (countries, outlets, topics, languages).


def test_results_with_snippets_and_facets(client, archive):
    body = get_json(client, "search", q="ставку")
    assert body["count"] == 1
    assert body["page"] == 1
    assert body["next"] is None
    (item,) = body["results"]
    assert item["slug"] == archive["rate"].slug
    assert item["url"] == f"http://testserver{archive['rate'].get_absolute_url()}"
    assert item["country"] == {"code": "RU", "name": "Russia"}
    assert item["language"]["code"] == "ru"
    snippet = item["snippet"]
    assert snippet["source"] == "original"
    assert snippet["language"]["code"] == "ru"
    start, end = snippet["highlights"][0]
    assert snippet["text"][start:end] == "ставку"
    assert body["facets"]["country"] == [
        {"value": "RU", "label": "Russia", "count": 1, "selected": False}
    ]
    assert body["approximate"] is False
    assert body["query"] == "ставку"


def test_title_highlights_and_filters(client, archive):
    body = get_json(client, "search", q="sanctions", country="de")
    (item,) = body["results"]
    start, end = item["title_highlights"][0]
    assert item["title"][start:end] == "sanctions"
    assert body["facets"]["country"][0]["selected"] is True


def test_pagination_links_keep_the_query(client, archive):
    body = get_json(client, "search", q="sanctions", page_size=1)
    assert body["count"] == 2
    assert body["next"] == "http://testserver/api/v1/search?q=sanctions&page_size=1&page=2"
    get_json(client, "search", 404, q="sanctions", page=3)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "q"),
        ({"q": "the of"}, "q"),
        ({"q": "-sanctions"}, "q"),
        ({"q": "!!!"}, "q"),
        ({"q": "x", "sort": "random"}, "sort"),
        ({"q": "x", "year": "twenty"}, "year"),
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "qq": "y"}, "qq"),
        ({"q": "x\x00"}, "q"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, archive, params, parameter):
    body = get_json(client, "search", 400, **params)
    assert body["error"]["parameter"] == parameter
    assert body["error"]["message"]


def test_unknown_facet_values_give_an_empty_list(client, archive):
    body = get_json(client, "search", q="sanctions", outlet="nonesuch")
    assert body["count"] == 0
    assert body["results"] == []
    assert "nonesuch" in body["notices"][0]


def test_syntax_characters_are_searched_as_text(client, archive):
    for q in ['"civil society', "NEAR(a b)", "sanc*", "a:b ^c (d) -", "OR NEAR NOT sanctions"]:
        get_json(client, "search", q=q)


def test_query_count_is_fixed(client, archive, django_assert_num_queries):
    with django_assert_num_queries(API_QUERIES):
        body = get_json(client, "search", q="sanctions")
    assert body["count"] == 2
