"""The shipped VCL in a real varnishd on loopback, in front of the site: pages are cached by the
site's own headers, the desk is never cached, and a change to an article purges its pages."""

from __future__ import annotations

import gzip
import http.client
import os
import urllib.request
from collections.abc import Iterator

import pytest
from django.db import transaction

from foreigndesk.core.cache import invalidate_tags
from foreigndesk.newsroom.actions import translation_changed
from foreigndesk.reader.fragments import item_tag, translation_tag
from foreigndesk.testing import factories
from foreigndesk.testing.daemon import fetch
from foreigndesk.testing.varnish import Varnish, VarnishError, varnishd_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def varnish(live_server) -> Iterator[str]:
    if varnishd_path() is None:
        if os.environ.get("CI"):
            pytest.fail("varnishd is missing (apt-get install varnish)")
        pytest.skip("varnishd is not installed (apt-get install varnish)")
    backend_port = int(live_server.url.rsplit(":", 1)[1])
    try:
        server = Varnish(backend_port=backend_port).__enter__()
    except VarnishError as error:
        pytest.fail(str(error))
    try:
        yield server.url
    finally:
        server.stop()


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def test_pages_are_cached_and_a_change_purges_them(varnish, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what is measured here is Varnish, not Django's own cache
    settings.SHARED_CACHE_MAX_AGE = 600
    settings.SITE_URL = "http://desk.localhost"
    settings.FOREIGNDESK_FRONTEND_CACHES = {
        "varnish": {
            "BACKEND": "foreigndesk.core.frontend_cache.VarnishBackend",
            "LOCATION": varnish,
        }
    }
    article = factories.full_article(title="The ferry runs again")
    path = article.public_url
    host = {"Host": "desk.localhost"}
    _, first, body = get(varnish + path, **host)
    assert first["X-Cache"] == "miss"
    assert "The ferry runs again" in body
    _, second, _ = get(varnish + path, **host)
    assert second["X-Cache"] == "hit"
    get(varnish + "/", **host)
    assert get(varnish + "/", **host)[1]["X-Cache"] == "hit"

    with transaction.atomic():
        article.title = "The ferry runs again, from Monday"
        article.save()
        translation_changed(translation=article)

    _, after, body = get(varnish + path, **host)
    assert after["X-Cache"] == "miss"
    assert "The ferry runs again, from Monday" in body
    _, front_after, front_body = get(varnish + "/", **host)
    assert front_after["X-Cache"] == "miss"
    assert "from Monday" in front_body


def test_a_retired_tag_purges_every_page_resting_on_it_by_key(varnish, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.SHARED_CACHE_MAX_AGE = 600
    settings.FOREIGNDESK_FRONTEND_CACHES = {
        "varnish": {
            "BACKEND": "foreigndesk.core.frontend_cache.VarnishBackend",
            "LOCATION": varnish,
        }
    }
    shown = factories.full_article(title="The ferry runs again")
    elsewhere = factories.outlet("Le Matin", country_code="FR")
    factories.translation(
        title="Rain in the valley", original_obj=factories.original(outlet_obj=elsewhere)
    )
    article = shown.public_url
    listings = ["/", f"/outlets/{shown.original.outlet.slug}/"]
    untouched = f"/outlets/{elsewhere.slug}/"
    for path in [article, *listings, untouched]:
        get(varnish + path)
        status, headers, _ = get(varnish + path)
        assert (status, headers["X-Cache"]) == (200, "hit"), path
        assert "xkey" not in headers
        assert "Surrogate-Key" not in headers

    # No address is purged here: only the tag of the article's item in listings is retired,
    # and the two listings showing it leave the cache; its own page stays.
    invalidate_tags([item_tag(shown.pk)])
    for path in listings:
        assert get(varnish + path)[1]["X-Cache"] == "miss", path
    for path in (article, untouched):
        assert get(varnish + path)[1]["X-Cache"] == "hit", path

    invalidate_tags([translation_tag(shown.pk)])
    assert get(varnish + article)[1]["X-Cache"] == "miss"
    for path in (*listings, untouched):
        assert get(varnish + path)[1]["X-Cache"] == "hit", path


def test_tracking_parameters_share_the_page_and_the_desk_is_never_cached(varnish, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = factories.full_article()
    path = article.public_url
    assert get(varnish + path)[1]["X-Cache"] == "miss"
    assert get(varnish + path + "?utm_source=newsletter")[1]["X-Cache"] == "hit"
    for _ in range(2):
        _, headers, _ = get(varnish + "/desk/")
        assert headers["X-Cache"] == "miss"


def test_pages_and_feeds_are_sent_compressed_to_clients_that_accept_it(varnish, settings):
    settings.PAGE_CACHE_SECONDS = 600  # the site's validators come with its page cache
    settings.SHARED_CACHE_MAX_AGE = 600
    article = factories.full_article(title="The ferry runs again")
    for path in (article.public_url, "/rss/", "/api/v1/translations"):
        _, plain_headers, plain = fetch(varnish + path)
        assert "Content-Encoding" not in plain_headers, path
        _, headers, body = fetch(varnish + path, **{"Accept-Encoding": "gzip, deflate, br"})
        assert headers["Content-Encoding"] == "gzip", path
        assert headers["X-Cache"] == "hit", path  # one stored copy serves both
        assert "Accept-Encoding" in headers["Vary"], path
        assert gzip.decompress(body) == plain, path
        assert len(body) < len(plain), path
    # A conditional request with the compressed answer's validator is answered 304.
    _, headers, page = fetch(varnish + article.public_url, **{"Accept-Encoding": "gzip"})
    assert len(page) * 3 < len(gzip.decompress(page))
    status, _, body = fetch(
        varnish + article.public_url,
        **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]},
    )
    assert (status, body) == (304, b"")
    # The desk is never compressed: its pages carry the form's secret beside what a person typed.
    _, desk_headers, _ = fetch(varnish + "/desk/", **{"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in desk_headers


def test_purging_from_another_address_is_refused(varnish):
    host, port = varnish.removeprefix("http://").split(":")
    for source, expected in (("127.0.0.2", 405), ("127.0.0.1", 200)):
        connection = http.client.HTTPConnection(host, int(port), source_address=(source, 0))
        connection.request("PURGE", "/")
        assert connection.getresponse().status == expected
        connection.close()


def test_a_failing_purge_never_fails_the_save_and_is_tried_again(settings, caplog, monkeypatch):
    from django_tasks import task_backends

    from foreigndesk.newsroom.models import Translation
    from foreigndesk.reader.tasks import PURGE_ATTEMPTS

    settings.SITE_URL = "http://desk.localhost"
    settings.FOREIGNDESK_FRONTEND_CACHES = {
        "varnish": {
            "BACKEND": "foreigndesk.core.frontend_cache.VarnishBackend",
            "LOCATION": "http://127.0.0.1:9",
            "TIMEOUT": 1,
        }
    }
    # The test queue runs tasks at once; let it take deferred ones so that retries run too.
    monkeypatch.setattr(task_backends["default"], "supports_defer", True)
    article = factories.full_article(title="Before")
    caplog.clear()  # giving the new article its topics purged their listings already
    with transaction.atomic():
        article.title = "After"
        article.save()
        translation_changed(translation=article)
    assert Translation.objects.get(pk=article.pk).title == "After"
    assert caplog.text.count("URLs failed") == PURGE_ATTEMPTS
    # The tags the change retired are purged by key too, each batch tried as often.
    assert caplog.text.count("keys failed") % PURGE_ATTEMPTS == 0
    assert caplog.text.count("keys failed") > 0
    assert "Gave up purging" in caplog.text
