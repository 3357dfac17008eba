"""The WSGI fast path for cached pages: a reader's hit is answered before Django's middleware
with exactly the status, headers and bytes Django gives a hit, and anything doubtful goes to
Django."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory, override_settings

from foreigndesk.core import cache as core_cache
from foreigndesk.core import pageserve
from foreigndesk.core.pageserve import PageCacheApplication
from foreigndesk.newsroom.actions import publish_translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


class CountingDjango:
    """Django's WSGI application, counting the requests that reach it."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.django(environ, start_response)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    cache.clear()
    monkeypatch.setattr(core_cache, "_memo", (0, 0, 0.0))
    # Like Django's test client: the end of a request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


@pytest.fixture
def django_app() -> CountingDjango:
    return CountingDjango()


@pytest.fixture
def app(django_app) -> PageCacheApplication:
    return PageCacheApplication(django_app)


def call(app, path: str, method: str = "GET", **headers: str) -> tuple[str, list, bytes]:
    """One request through the WSGI application: its status line, headers and body."""
    headers.setdefault("HTTP_HOST", "testserver")
    environ = RequestFactory().generic(method, path, **headers).environ
    # The factory's request has written the decoded path into its environ; a server hands the
    # path over as bytes read as Latin-1 (PEP 3333).
    environ["PATH_INFO"] = environ["PATH_INFO"].encode().decode("latin-1")
    if not headers["HTTP_HOST"]:
        del environ["HTTP_HOST"]
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list, *_: Any) -> None:
        answer["status"], answer["headers"] = status, response_headers

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


def test_a_hit_is_served_before_django_with_the_headers_django_gives_it(app, django_app):
    url = factories.full_article().get_absolute_url()
    _, miss_headers, miss_body = call(app, url)
    assert ("X-Page-Cache", "miss") in miss_headers
    django_status, django_headers, django_body = call(app, url)
    assert ("X-Page-Cache", "hit") in django_headers
    assert django_app.calls == 2
    status, headers, body = call(app, url)
    assert django_app.calls == 2  # answered by the fast path
    assert (status, headers, body) == (django_status, django_headers, django_body)
    assert body == miss_body
    names = {name for name, _ in headers}
    # What the middleware adds is there, as Django sent it.
    assert {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} <= names
    assert {"ETag", "Last-Modified", "Cache-Control", "Content-Length"} <= names


def test_head_gets_the_headers_without_the_body(app, django_app):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    _, get_headers, _ = call(app, url)
    calls = django_app.calls
    status, headers, body = call(app, url, method="HEAD")
    assert django_app.calls == calls
    assert status == "200 OK"
    assert headers == get_headers
    assert body == b""


def test_conditional_requests_are_answered_304_as_django_answers_them(app, django_app):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    _, headers, _ = call(app, url)
    etag = dict(headers)["ETag"]
    modified = dict(headers)["Last-Modified"]
    django_304 = call(app, url, HTTP_IF_NONE_MATCH=etag)
    assert django_304[0] == "304 Not Modified"
    calls = django_app.calls
    assert call(app, url, HTTP_IF_NONE_MATCH=etag) == django_304
    assert call(app, url, HTTP_IF_NONE_MATCH=f"W/{etag}") == django_304
    assert call(app, url, HTTP_IF_NONE_MATCH=f'"other", {etag}') == django_304
    assert call(app, url, HTTP_IF_MODIFIED_SINCE=modified) == django_304
    assert django_app.calls == calls
    # Another ETag, or a time before the page was rendered, gets the page.
    assert call(app, url, HTTP_IF_NONE_MATCH='"other"')[0] == "200 OK"
    assert call(app, url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT")[0] == "200 OK"
    # If-None-Match wins over If-Modified-Since, as in Django.
    both = call(app, url, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=modified)
    assert both[0] == "200 OK"
    assert django_app.calls == calls


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_IF_NONE_MATCH": "not an etag at all"},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday, around noon"},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
    ],
)
def test_malformed_conditions_are_ignored(app, django_app, header):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    expected = call(app, url)
    calls = django_app.calls
    assert call(app, url, **header) == expected
    assert django_app.calls == calls


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "csrftoken=abcdefghijklmnopqrstuvwxyzabcdef"},
        {"HTTP_IF_MATCH": '"nothing"'},
        {"HTTP_IF_UNMODIFIED_SINCE": "Mon, 01 Jan 2001 00:00:00 GMT"},
    ],
    ids=["session", "csrf", "if-match", "if-unmodified-since"],
)
def test_editors_and_preconditions_go_to_django(app, django_app, header):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    call(app, url)
    calls = django_app.calls
    call(app, url, **header)
    assert django_app.calls == calls + 1


def test_other_methods_unknown_parameters_and_bad_hosts_go_to_django(app, django_app):
    url = factories.full_article().get_absolute_url()
    for _ in range(2):
        call(app, url)
        call(app, f"{url}?utm_source=mail")
    calls = django_app.calls
    assert call(app, f"{url}?utm_source=mail")[0] == "200 OK"
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        assert call(app, url, HTTP_HOST="evil.example")[0].startswith("400")
    assert call(app, url, method="POST")[0] != "200 OK"
    assert django_app.calls == calls + 3


def test_missing_pages_go_to_django(app, django_app):
    for _ in range(3):
        status, _, _ = call(app, "/countries/nowhere-at-all/")
        assert status.startswith("404")
    assert django_app.calls == 3


@pytest.mark.parametrize("path", ["/countries/中国/", "/topics/économie/", "/2026/12/ü/", "/😀"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_an_address_beyond_latin_1_is_answered_by_django_as_missing(app, django_app, path, method):
    # The server hands the path over as Latin-1 (PEP 3333); the fast path must leave it so.
    status, _, body = call(app, path, method)
    assert status.startswith("404")
    assert django_app.calls == 1
    if method == "GET":
        assert b"Not found" in body or b"not found" in body


def test_a_change_retires_the_fast_paths_copy(app, django_app, django_capture_on_commit_callbacks):
    factories.full_article(title="Already there")
    call(app, "/")
    call(app, "/")
    calls = django_app.calls
    call(app, "/")
    assert django_app.calls == calls
    draft = factories.translation(title="Fresh from the desk", state=State.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        publish_translation(translation=draft)
    _, headers, body = call(app, "/")
    assert django_app.calls == calls + 1
    assert "Fresh from the desk" in body.decode()
    assert ("X-Page-Cache", "miss") in headers


def test_with_the_page_cache_off_everything_goes_to_django(app, django_app):
    url = factories.full_article().get_absolute_url()
    with override_settings(PAGE_CACHE_SECONDS=0):
        for _ in range(3):
            call(app, url)
    assert django_app.calls == 3


def test_a_request_without_a_host_header_is_read_as_django_reads_it(app, django_app):
    url = factories.full_article().get_absolute_url()
    call(app, url, HTTP_HOST="")
    expected = call(app, url, HTTP_HOST="")
    calls = django_app.calls
    assert call(app, url, HTTP_HOST="") == expected
    assert call(app, f"{url}?mode=side", HTTP_HOST="")[0] == "200 OK"
    assert django_app.calls == calls + 1


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_each_scheme_gets_the_headers_django_gives_it(app, django_app):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    plain = call(app, url)
    calls = django_app.calls
    # An HTTPS request has its copy (its canonical URLs say https) and Django's own headers.
    call(app, url, HTTP_X_FORWARDED_PROTO="https")
    secure = call(app, url, HTTP_X_FORWARDED_PROTO="https")
    assert django_app.calls == calls + 2
    assert ("X-Page-Cache", "hit") in secure[1]
    assert call(app, url, HTTP_X_FORWARDED_PROTO="https") == secure
    assert call(app, url, HTTP_X_FORWARDED_PROTO="http") == plain
    assert django_app.calls == calls + 2
    assert b"https://testserver/" in secure[2]


def test_query_parameters_in_any_order_find_the_same_page(app, django_app):
    url = factories.full_article().get_absolute_url()
    call(app, f"{url}?mode=side&page=1")
    expected = call(app, f"{url}?page=1&mode=side")
    calls = django_app.calls
    assert call(app, f"{url}?page=1&mode=side") == expected
    assert call(app, f"{url}?mode=side&page=1") == expected
    assert django_app.calls == calls


class CountingReads:
    """Counts the reads of a cache backend."""

    def __init__(self, monkeypatch, backend) -> None:
        self.count = 0
        original = backend.get

        def get(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(backend, "get", get)


def test_a_burst_on_one_page_reads_the_cache_once_a_moment(app, django_app, monkeypatch):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    expected = call(app, url)
    reads = CountingReads(monkeypatch, caches["default"])
    for _ in range(5):
        assert call(app, url) == expected
    assert call(app, url, method="HEAD")[2] == b""
    assert reads.count == 1  # the stored page; its headers were recorded by this process
    assert django_app.calls == 2  # the miss and the first hit


def test_a_change_from_another_process_shows_when_the_moment_is_over(app, django_app, monkeypatch):
    url = factories.full_article().get_absolute_url()
    call(app, url)
    call(app, url)
    call(app, url)
    calls = django_app.calls
    cache.clear()  # as another process's change would retire the page
    # Within the moment this process remembers the site, its copy is served ...
    assert call(app, url)[0] == "200 OK"
    assert django_app.calls == calls
    # ... after it, the change is seen.
    later = time.monotonic() + core_cache.GENERATION_MEMO_SECONDS + 0.1
    monkeypatch.setattr(pageserve, "time", SimpleNamespace(monotonic=lambda: later))
    core_cache.forget_remembered()
    _, headers, _ = call(app, url)
    assert django_app.calls == calls + 1
    assert ("X-Page-Cache", "miss") in headers


def test_the_pages_a_process_keeps_at_hand_are_bounded(app, django_app, monkeypatch):
    urls = [factories.full_article().get_absolute_url() for _ in range(4)]
    for url in urls:
        call(app, url)
        call(app, url)
        call(app, url)
    sizes = [len(body) for body in (call(app, url)[2] for url in urls)]
    assert len(app._kept) == 4
    assert app._kept_bytes == sum(sizes)
    app._forget_settings()
    monkeypatch.setattr(pageserve, "ANSWERS_KEPT_BYTES", max(sizes) * 2)
    for url in urls:
        status, _, body = call(app, url)
        assert status == "200 OK"
        assert app._kept_bytes <= max(sizes) * 2
    assert 1 <= len(app._kept) <= 2
    assert body == call(app, urls[-1])[2]
