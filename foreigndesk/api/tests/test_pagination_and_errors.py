"""Pages and links, and every refusal: 400 for bad input, 404 for nothing there, never a 500."""

import pytest

from foreigndesk.testing import factories

from .helpers import get_json

pytestmark = pytest.mark.django_db

LISTS = ["translations", "outlets", "countries", "topics", "contributors"]


@pytest.fixture
def twenty_five():
    energy = factories.topic("Energy")
    return [factories.translation(topics=[energy]) for _ in range(25)]


def test_pages_link_to_each_other_with_absolute_urls(client, twenty_five):
    first = get_json(client, "translations", page_size=10)
    assert (first["count"], first["page"], first["page_size"]) == (25, 1, 10)
    assert len(first["results"]) == 10
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/translations?page_size=10&page=2"
    last = get_json(client, "translations", page=3, page_size=10)
    assert len(last["results"]) == 5
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/translations?page=2&page_size=10"
    every_slug = [
        item["slug"]
        for page in (1, 2, 3)
        for item in get_json(client, "translations", page=page, page_size=10)["results"]
    ]
    assert every_slug == [article.slug for article in twenty_five]


def test_links_keep_the_filters(client, twenty_five):
    body = get_json(client, "translations", topic="energy", page_size=5, page=2)
    assert body["next"] == "http://testserver/api/v1/translations?topic=energy&page_size=5&page=3"
    assert body["previous"].endswith("?topic=energy&page_size=5&page=1")


def test_links_use_the_configured_site(client, settings, twenty_five):
    settings.SITE_URL = "https://desk.example.org"
    body = get_json(client, "translations")
    assert body["next"] == "https://desk.example.org/api/v1/translations?page=2"


def test_default_and_largest_page_sizes(client, twenty_five):
    assert len(get_json(client, "translations")["results"]) == 20
    assert len(get_json(client, "translations", page_size=100)["results"]) == 25


@pytest.mark.parametrize("path", LISTS)
def test_an_empty_list_has_one_empty_page(client, path):
    body = get_json(client, path)
    assert body == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert get_json(client, path, page=2, status=404)["error"]["parameter"] == "page"


def test_a_page_past_the_last_is_a_json_404(client, twenty_five):
    body = get_json(client, "translations", page=4, page_size=10, status=404)
    assert body == {
        "error": {"parameter": "page", "message": "There is no page 4: the last page is 3."}
    }


def test_a_huge_page_number_is_past_the_last(client, twenty_five):
    body = get_json(client, "translations", page="9" * 30, status=404)
    assert body["error"]["parameter"] == "page"


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("page", "0", "Must be at least 1."),
        ("page", "-3", "Must be at least 1."),
        ("page", "abc", "Must be a whole number."),
        ("page", "1.5", "Must be a whole number."),
        ("page_size", "0", "Must be at least 1."),
        ("page_size", "101", "Must be at most 100."),
        ("page_size", "ten", "Must be a whole number."),
    ],
)
def test_bad_page_numbers_and_sizes_are_400(client, path, name, value, message):
    body = get_json(client, path, status=400, **{name: value})
    assert body == {"error": {"parameter": name, "message": message}}


@pytest.mark.parametrize("name", ["published_after", "published_before"])
@pytest.mark.parametrize(
    "value",
    [
        "2026-13-45",
        "2026-02-30",
        "2026-1-5",
        "20261102",
        "2026-11-02T10:00:00",
        "1700000000",
        "yesterday",
        "２０２６-11-02",
    ],
)
def test_malformed_dates_are_400_naming_the_parameter(client, name, value):
    body = get_json(client, "translations", status=400, **{name: value})
    assert body["error"]["parameter"] == name
    assert body["error"]["message"] == (
        f"'{value}' is not a date; write it YYYY-MM-DD, as in 2026-11-02."
    )


@pytest.mark.parametrize("path", [*LISTS, "", "translations/x", "outlets/x", "contributors/x"])
def test_unknown_parameters_are_refused_by_name(client, path):
    body = get_json(client, path, status=400, contry="DE")
    assert body["error"]["parameter"] == "contry"
    assert body["error"]["message"].startswith("This endpoint has no parameter 'contry'")


def test_refusal_names_what_the_list_accepts(client):
    body = get_json(client, "outlets", status=400, country="DE")
    assert body["error"] == {
        "parameter": "country",
        "message": "This endpoint has no parameter 'country'; it accepts: page, page_size.",
    }


def test_first_problem_is_reported_when_there_are_several(client):
    body = get_json(client, "translations", status=400, page="x", published_after="nope")
    assert body["error"]["parameter"] in {"page", "published_after"}


@pytest.mark.parametrize(
    "path",
    [
        "nope",
        "translations/",
        "translations/a/b",
        "outlets/x/translations",
        "translations/%C3%BCber",
        "translations/a%00b",
    ],
)
def test_unknown_addresses_under_the_api_are_json_404(client, path):
    body = get_json(client, path, status=404)
    assert body["error"]["parameter"] is None
    assert body["error"]["message"].endswith("/api/v1/ lists the endpoints.")


@pytest.mark.parametrize("name", ["country", "outlet", "topic", "language", "page"])
def test_nul_characters_are_refused_before_any_query(client, name):
    # PostgreSQL cannot take NUL in text: without this check it would be a 500 there.
    body = get_json(client, "translations", status=400, **{name: "a\x00b"})
    assert body == {"error": {"parameter": name, "message": "Must not contain a NUL character."}}


def test_index_links_every_list_and_the_docs(client):
    body = get_json(client, "")
    assert body["translations"] == "http://testserver/api/v1/translations"
    assert body["schema"] == "http://testserver/api/v1/schema"
    assert body["docs"] == "http://testserver/api/v1/docs"
    assert set(body) == {*LISTS, "search", "schema", "docs"}


def test_writes_are_not_allowed(client):
    factories.translation()
    response = client.post("/api/v1/translations", {})
    assert response.status_code == 405
