"""Purging cache tiers: each backend through its real interface, against stand-ins on loopback
that implement the documented requests and answers (Varnish's PURGE, Cloudflare's and Fastly's
purge APIs), including their failures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.core.frontend_cache import PurgeError, frontend_caches, purge


class StandIn:
    """A loopback server recording requests; ``answers`` gives the status and body per method."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.answer: tuple[int, bytes] = (200, b"{}")
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stand_in.requests.append((self.command, self.path, dict(self.headers), body))
                status, payload = stand_in.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_PURGE = do_POST = do_GET = _any

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    yield server
    server.close()


def configure(settings, alias: str, backend: str, location: str, **options: str) -> None:
    settings.FOREIGNDESK_FRONTEND_CACHES = {
        alias: {
            "BACKEND": f"foreigndesk.core.frontend_cache.{backend}",
            "LOCATION": location,
            "OPTIONS": options,
            "TIMEOUT": 2,
        }
    }


URLS = ["https://desk.localhost/2026/11/ferry/", "https://desk.localhost/rss/?page=1"]


def test_varnish_gets_one_purge_per_url_with_the_site_host(settings, stand_in):
    configure(settings, "varnish", "VarnishBackend", stand_in.url)
    assert purge(URLS) == []
    assert [(method, path, headers["Host"]) for method, path, headers, _ in stand_in.requests] == [
        ("PURGE", "/2026/11/ferry/", "desk.localhost"),
        ("PURGE", "/rss/?page=1", "desk.localhost"),
    ]


def test_cloudflare_gets_the_files_in_batches_with_the_token(settings, stand_in):
    configure(
        settings, "cdn", "CloudflareBackend", stand_in.url, ZONE_ID="zone42", API_TOKEN="secret"
    )
    stand_in.answer = (200, json.dumps({"success": True, "errors": [], "result": {}}).encode())
    urls = [f"https://desk.localhost/{n}/" for n in range(45)]
    assert purge(urls) == []
    assert len(stand_in.requests) == 2
    method, path, headers, body = stand_in.requests[0]
    assert (method, path) == ("POST", "/zones/zone42/purge_cache")
    assert headers["Authorization"] == "Bearer secret"
    assert json.loads(body) == {"files": urls[:30]}
    assert json.loads(stand_in.requests[1][3]) == {"files": urls[30:]}


def test_fastly_gets_a_purge_per_url_with_its_key(settings, stand_in):
    configure(settings, "fastly", "FastlyBackend", stand_in.url, API_KEY="k3y")
    stand_in.answer = (200, b'{"status": "ok", "id": "1"}')
    assert purge(URLS[:1]) == []
    method, path, headers, _ = stand_in.requests[0]
    assert (method, path, headers["Fastly-Key"]) == (
        "POST",
        "/purge/desk.localhost/2026/11/ferry/",
        "k3y",
    )


@pytest.mark.parametrize(
    ("backend", "answer", "message"),
    [
        ("VarnishBackend", (405, b"no"), "405"),
        ("VarnishBackend", (503, b""), "503"),
        (
            "CloudflareBackend",
            (
                400,
                b'{"success": false, "errors": [{"code": 1012, "message": "Request must contain one of files"}]}',
            ),
            "Request must contain one of files",
        ),
        ("CloudflareBackend", (200, b"not json"), "status 200"),
        ("FastlyBackend", (401, b'{"msg": "Provided credentials are missing or invalid"}'), "401"),
    ],
)
def test_a_refused_purge_is_an_error_naming_the_cache(
    settings, stand_in, caplog, backend, answer, message
):
    configure(settings, "tier", backend, stand_in.url, ZONE_ID="z", API_TOKEN="t", API_KEY="k")
    stand_in.answer = answer
    with pytest.raises(PurgeError, match=message):
        frontend_caches()["tier"].purge(URLS)
    assert purge(URLS) == ["tier"]
    assert "tier" in caplog.text


def test_an_unreachable_cache_is_a_failure_not_a_crash(settings, caplog):
    configure(settings, "varnish", "VarnishBackend", "http://127.0.0.1:9")
    assert purge(URLS) == ["varnish"]
    assert "Purge of 2 URLs failed" in caplog.text


@pytest.mark.parametrize(
    "config",
    [
        {"x": {"BACKEND": "foreigndesk.core.frontend_cache.Nothing"}},
        {"x": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        {"x": "varnish"},
        ["varnish"],
    ],
)
def test_a_bad_setting_is_named(settings, config):
    settings.FOREIGNDESK_FRONTEND_CACHES = config
    with pytest.raises(ImproperlyConfigured, match="FOREIGNDESK_FRONTEND_CACHES"):
        frontend_caches()
