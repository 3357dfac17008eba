"""Headers for browsers and a cache tier in front: freshness for shared caches, validators, 304s,
and private answers for the desk and for logged-in people."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from foreigndesk.core import cache as core_cache
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    cache.clear()
    monkeypatch.setattr(core_cache, "_memo", (0, 0, 0.0))
    with override_settings(
        PAGE_CACHE_SECONDS=600,
        PAGE_CACHE_MAX_AGE=60,
        SHARED_CACHE_MAX_AGE=300,
        STALE_WHILE_REVALIDATE=30,
        STALE_IF_ERROR=86400,
    ):
        yield
    cache.clear()


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_an_article_carries_shared_cache_headers_and_validators(client):
    url = factories.full_article().get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert directives(response) >= {
        "public",
        "max-age=60",
        "s-maxage=300",
        "stale-while-revalidate=30",
        "stale-if-error=86400",
    }
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "Cookie" not in response.get("Vary", "")
    hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit["ETag"] == response["ETag"]
    assert hit["Last-Modified"] == response["Last-Modified"]


@pytest.mark.parametrize("path", ["/", "/rss/", "/countries/{country}/"])
def test_a_conditional_request_for_what_the_reader_has_is_answered_304(client, path):
    article = factories.full_article()
    path = path.format(country=article.original.outlet.country.slug)
    first = client.get(path)
    assert first.status_code == 200
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    if first.has_header("Last-Modified"):
        since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_IF_NONE_MATCH": "not an etag at all"},
        {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday, around noon"},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
    ],
    ids=["etag-garbage", "etag-unterminated", "date-words", "date-impossible"],
)
def test_malformed_conditions_are_ignored(client, header):
    url = factories.full_article().get_absolute_url()
    response = client.get(url, **header)
    assert response.status_code == 200
    assert response.content


def test_a_changed_page_gets_a_new_etag(client):
    article = factories.full_article()
    first = client.get("/")
    factories.translation(title="Another translated article")
    core_cache.invalidate_pages()
    second = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert article.title in second.content.decode()


def test_an_unread_query_string_is_answered_but_never_stored(client):
    article = factories.full_article()
    keys_before = len(cache._cache) if hasattr(cache, "_cache") else None
    response = client.get(article.get_absolute_url() + "?utm_source=mail&x=1")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert "s-maxage=300" in response["Cache-Control"]
    if keys_before is not None:
        assert not any(":page:" in str(key) for key in cache._cache)


def test_logged_in_pages_and_the_desk_are_private(client):
    article = factories.full_article()
    client.force_login(factories.editor())
    page = client.get(article.get_absolute_url())
    assert {"private", "no-store"} <= directives(page)
    desk = client.get("/desk/")
    assert desk.status_code == 200
    assert {"private", "no-store"} <= directives(desk)


def test_a_missing_address_is_kept_briefly_by_caches_and_names_its_tags(client):
    factories.full_article()
    response = client.get("/outlets/not-yet-an-outlet/")
    assert response.status_code == 404
    # As briefly as any answer but a page: no s-maxage, so no cache tier keeps it longer
    # than a browser would (a publication at this address is purged by URL).
    assert directives(response) == {"public", "max-age=60"}
    assert response["Surrogate-Key"]
    assert "Cookie" not in response.get("Vary", "")


def test_a_missing_address_is_private_for_a_logged_in_person(client):
    client.force_login(factories.editor())
    response = client.get("/outlets/not-yet-an-outlet/")
    assert response.status_code == 404
    assert directives(response) == {"private", "no-store"}
    assert "Surrogate-Key" not in response
