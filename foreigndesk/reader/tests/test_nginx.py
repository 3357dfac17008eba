"""The shipped nginx site in a real nginx on loopback, straight in front of the site (no
Varnish): pages, feeds and the API's answers leave compressed, the desk never does, and static
files are served from their folder with a year's lifetime."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from foreigndesk.testing import factories
from foreigndesk.testing.daemon import fetch
from foreigndesk.testing.nginx import Nginx, NginxError, nginx_path

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPT = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def static_root() -> Iterator[Path]:
    # Outside pytest's own folders, which only their owner may enter: nginx's workers read the
    # files as an unprivileged user.
    root = Path(tempfile.mkdtemp(prefix="foreigndesk-static-"))
    try:
        root.chmod(0o755)
        (root / "css").mkdir(mode=0o755)
        (root / "css" / "site.css").write_text("body { margin: 0 auto; }\n" * 200)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def nginx(live_server, static_root: Path) -> Iterator[str]:
    if nginx_path() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    upstream = int(live_server.url.rsplit(":", 1)[1])
    try:
        server = Nginx(upstream_port=upstream, static_root=static_root).__enter__()
    except NginxError as error:
        pytest.fail(str(error))
    try:
        yield server.url
    finally:
        server.stop()


def test_pages_feeds_and_the_api_leave_compressed(nginx, settings):
    settings.PAGE_CACHE_SECONDS = 600  # the site's validators come with its page cache
    article = factories.full_article(title="The ferry runs again")
    for path in (article.public_url, "/", "/rss/", "/api/v1/translations"):
        status, plain_headers, plain = fetch(nginx + path)
        assert status == 200, path
        assert "Content-Encoding" not in plain_headers, path
        _, headers, body = fetch(nginx + path, **ACCEPT)
        assert headers.get("Content-Encoding") == "gzip", (path, headers)
        assert "Accept-Encoding" in headers["Vary"], path
        assert gzip.decompress(body) == plain, path
        assert len(body) < len(plain), path
    # nginx weakens the validator of what it compressed; the site still answers 304 to it.
    _, headers, _ = fetch(nginx + article.public_url, **ACCEPT)
    assert headers["ETag"].startswith('W/"')
    status, _, body = fetch(
        nginx + article.public_url, **ACCEPT, **{"If-None-Match": headers["ETag"]}
    )
    assert (status, body) == (304, b"")


def test_the_desk_and_the_admin_are_never_compressed(nginx):
    for path in ("/admin/login/?next=/desk/", "/admin/password_reset/"):
        status, headers, body = fetch(nginx + path, **ACCEPT)
        assert status == 200, path
        assert b"csrfmiddlewaretoken" in body, path
        assert "Content-Encoding" not in headers, path
    status, headers, _ = fetch(nginx + "/desk/", **ACCEPT)
    assert status == 302  # to the login page, uncompressed like the rest of the desk
    assert "Content-Encoding" not in headers


def test_static_files_are_served_from_their_folder_for_a_year(nginx, static_root: Path):
    status, headers, body = fetch(nginx + "/static/css/site.css", **ACCEPT)
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert gzip.decompress(body) == (static_root / "css" / "site.css").read_bytes()
    assert fetch(nginx + "/static/css/missing.css")[0] == 404
