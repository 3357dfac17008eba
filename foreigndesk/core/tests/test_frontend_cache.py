"""Purging cache tiers: each backend through its real interface, against stand-ins on loopback
that implement the documented requests and answers (Varnish's PURGE, Cloudflare's and Fastly's
purge APIs, CloudFront's invalidation API through boto3), including their failures."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from foreigndesk.core.frontend_cache import (
    PurgeError,
    frontend_caches,
    purge,
    purge_keys,
    purges_keys,
    surrogate_key,
)


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


def test_varnish_gets_the_keys_in_one_purge_per_batch(settings, stand_in):
    configure(settings, "varnish", "VarnishBackend", stand_in.url)
    assert purges_keys()
    keys = [surrogate_key(f"path:/topics/{n}/") for n in range(150)]
    assert purge_keys(keys) == []
    assert [(method, path) for method, path, _, _ in stand_in.requests] == [("PURGE", "/")] * 2
    sent = [headers["xkey-purge"].split(" ") for _, _, headers, _ in stand_in.requests]
    assert sent == [keys[:100], keys[100:]]


def test_fastly_purges_keys_only_with_a_service_id(settings, stand_in):
    configure(settings, "fastly", "FastlyBackend", stand_in.url, API_KEY="k3y")
    assert not purges_keys()
    assert purge_keys(["a1b2c3"]) == []
    assert stand_in.requests == []
    configure(settings, "fastly", "FastlyBackend", stand_in.url, API_KEY="k3y", SERVICE_ID="svc9")
    stand_in.answer = (200, b'{"a1b2c3": "108-1391560174-974124"}')
    assert purge_keys(["a1b2c3", "d4e5f6"]) == []
    method, path, headers, _ = stand_in.requests[0]
    assert (method, path, headers["Fastly-Key"], headers["Surrogate-Key"]) == (
        "POST",
        "/service/svc9/purge",
        "k3y",
        "a1b2c3 d4e5f6",
    )


def test_a_tier_without_keys_is_left_to_its_url_purges(settings, stand_in):
    configure(settings, "cdn", "CloudflareBackend", stand_in.url, ZONE_ID="z", API_TOKEN="t")
    assert not purges_keys()
    assert purge_keys(["a1b2c3"]) == []
    assert stand_in.requests == []


def test_a_refused_key_purge_is_a_failure_naming_the_cache(settings, stand_in, caplog):
    configure(settings, "varnish", "VarnishBackend", stand_in.url)
    stand_in.answer = (405, b"Purging is for the site itself.")
    assert purge_keys(["a1b2c3"]) == ["varnish"]
    assert "varnish: PURGE by 1 keys answered 405" in caplog.text


def test_keys_are_short_and_safe_in_a_header_whatever_the_tag():
    keys = {surrogate_key(tag) for tag in ("path:/topics/énergie/", "every-change", "a b\nc")}
    assert len(keys) == 3
    assert all(len(key) == 12 and key.isalnum() for key in keys)


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


CLOUDFRONT = "{http://cloudfront.amazonaws.com/doc/2020-05-31/}"


def cloudfront_answer(paths: list[str]) -> bytes:
    """CloudFront's answer to CreateInvalidation (201), as its API reference shows it."""
    items = "".join(f"<Path>{path}</Path>" for path in paths)
    return (
        '<?xml version="1.0"?>'
        '<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        "<Id>I3EXAMPLE</Id><Status>InProgress</Status>"
        "<CreateTime>2026-12-05T10:00:00Z</CreateTime>"
        f"<InvalidationBatch><Paths><Quantity>{len(paths)}</Quantity><Items>{items}</Items>"
        "</Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>"
    ).encode()


def configure_cloudfront(settings, location: str, distribution: object) -> None:
    configure(
        settings,
        "cloudfront",
        "CloudFrontBackend",
        location,
        AWS_ACCESS_KEY_ID="AKIDLOOPBACK",
        AWS_SECRET_ACCESS_KEY="not-a-secret",
    )
    options = settings.FOREIGNDESK_FRONTEND_CACHES["cloudfront"]["OPTIONS"]
    options["DISTRIBUTION_ID"] = distribution


def test_cloudfront_gets_one_signed_invalidation_of_the_paths(settings, stand_in):
    configure_cloudfront(settings, stand_in.url, "E2LOOPBACK")
    stand_in.answer = (201, cloudfront_answer(["/2026/11/ferry/", "/rss/?page=1"]))
    assert purge(URLS) == []
    [(method, path, headers, body)] = stand_in.requests
    assert (method, path) == ("POST", "/2020-05-31/distribution/E2LOOPBACK/invalidation")
    assert headers["Authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDLOOPBACK/")
    batch = ET.fromstring(body)
    assert [item.text for item in batch.iter(f"{CLOUDFRONT}Path")] == [
        "/2026/11/ferry/",
        "/rss/?page=1",
    ]
    assert batch.findtext(f"{CLOUDFRONT}Paths/{CLOUDFRONT}Quantity") == "2"
    assert batch.findtext(f"{CLOUDFRONT}CallerReference")


def test_cloudfront_picks_the_distribution_by_host_and_leaves_other_hosts(settings, stand_in):
    configure_cloudfront(settings, stand_in.url, {"desk.localhost": "E2DESK"})
    stand_in.answer = (201, cloudfront_answer(["/2026/11/ferry/"]))
    assert purge(["https://desk.localhost/2026/11/ferry/", "https://other.localhost/x/"]) == []
    [(_, path, _, body)] = stand_in.requests
    assert path == "/2020-05-31/distribution/E2DESK/invalidation"
    assert [item.text for item in ET.fromstring(body).iter(f"{CLOUDFRONT}Path")] == [
        "/2026/11/ferry/"
    ]


def test_a_cloudfront_refusal_names_its_code(settings, stand_in, caplog):
    configure_cloudfront(settings, stand_in.url, "E2GONE")
    stand_in.answer = (
        404,
        b'<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        b"<Error><Type>Sender</Type><Code>NoSuchDistribution</Code>"
        b"<Message>The specified distribution does not exist.</Message></Error>"
        b"<RequestId>r1</RequestId></ErrorResponse>",
    )
    with pytest.raises(PurgeError, match="NoSuchDistribution: The specified distribution"):
        frontend_caches()["cloudfront"].purge(URLS)
    assert len(stand_in.requests) == 1  # not retried by boto3: the task retries later
    assert purge(URLS) == ["cloudfront"]


def test_an_unreachable_cloudfront_is_a_failure_not_a_crash(settings, caplog):
    configure_cloudfront(settings, "http://127.0.0.1:9", "E2LOOPBACK")
    assert purge(URLS) == ["cloudfront"]
    assert "CloudFront invalidation of E2LOOPBACK failed" in caplog.text


def test_cloudfront_without_boto3_says_what_to_install(settings, monkeypatch):
    import sys

    configure_cloudfront(settings, "http://127.0.0.1:9", "E2LOOPBACK")
    monkeypatch.setitem(sys.modules, "boto3", None)  # as if it were not installed
    with pytest.raises(PurgeError, match=r"foreigndesk\[cloudfront\]"):
        frontend_caches()["cloudfront"].purge(URLS)
