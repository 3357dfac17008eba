"""The safe fetcher: every refusal rule, redirects, limits of time, size and type.

No test leaves this machine: refused addresses are refused before any connection is made, and
the pages that are fetched come from a loopback server that the allow-list lets through.
"""

from __future__ import annotations

import gzip
import ipaddress

import pytest
from django.test import override_settings

from foreigndesk.core import http
from foreigndesk.testing.testserver import LoopbackServer, Route

LOOPBACK_ONLY = http.FetchPolicy(allowed_networks=http.parse_networks(["127.0.0.1/32"]))
PAGE = b"<html><body><p>Hello</p></body></html>"


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


def never_resolve(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} must not be looked up")


# One case per rule: (URL, words the refusal must name).
ADDRESS_RULES = {
    "loopback-ipv4": ("http://127.0.0.1/", "loopback"),
    "loopback-ipv4-other": ("http://127.45.6.7:8080/", "loopback"),
    "loopback-ipv6": ("http://[::1]/", "loopback"),
    "private-10": ("http://10.1.2.3/", "private"),
    "private-172": ("http://172.16.0.1/", "private"),
    "private-192": ("https://192.168.1.10/", "private"),
    "private-ipv6-unique-local": ("http://[fd12:3456::1]/", "private"),
    "link-local-metadata": ("http://169.254.169.254/latest/meta-data/", "link-local"),
    "link-local-ipv6": ("http://[fe80::1]/", "link-local"),
    "carrier-grade-nat": ("http://100.64.0.1/", "carrier-grade NAT"),
    "multicast-ipv4": ("http://224.0.0.1/", "multicast"),
    "multicast-ipv6": ("http://[ff02::1]/", "multicast"),
    "reserved-240": ("http://240.0.0.1/", "reserved"),
    "broadcast": ("http://255.255.255.255/", "reserved"),
    "unspecified-ipv4": ("http://0.0.0.0/", "unspecified"),
    "unspecified-ipv6": ("http://[::]/", "unspecified"),
    "this-network": ("http://0.1.2.3/", "this network"),
    "documentation-range": ("http://192.0.2.1/", "not publicly routable"),
    "ipv4-mapped-loopback": ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
    "ipv4-mapped-public": ("http://[::ffff:8.8.8.8]/", "IPv4-mapped"),
    "ipv4-compatible": ("http://[::127.0.0.1]/", "IPv4-compatible"),
    "six-to-four-private": ("http://[2002:0a00:0001::1]/", "embedding a refused IPv4"),
    "nat64-loopback": ("http://[64:ff9b::7f00:1]/", "embedding a refused IPv4"),
    "decimal-integer": ("http://2130706433/", "loopback"),
    "hex-parts": ("http://0x7f.1/", "loopback"),
    "hex-integer": ("http://0x7f000001/", "loopback"),
    "short-form": ("http://127.1/", "loopback"),
    "octal-parts": ("http://0177.0.0.1/", "loopback"),
    "octal-private": ("http://012.0.0.1/", "private"),
    "trailing-dot": ("http://127.0.0.1./", "loopback"),
}


@pytest.mark.parametrize(("url", "rule"), ADDRESS_RULES.values(), ids=ADDRESS_RULES.keys())
def test_each_address_rule_refuses_before_connecting(url, rule):
    with pytest.raises(http.RefusedAddress) as caught:
        http.fetch(url, policy=http.FetchPolicy(), resolver=never_resolve)
    assert rule in str(caught.value)
    assert rule in caught.value.rule or rule in str(caught.value)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/a", "file:///etc/passwd", "gopher://example.org/", "javascript:alert(1)"],
    ids=["ftp", "file", "gopher", "javascript"],
)
def test_only_http_and_https(url):
    with pytest.raises(http.InvalidURL, match="Only http and https"):
        http.fetch(url, policy=http.FetchPolicy(), resolver=never_resolve)


@pytest.mark.parametrize(
    "url",
    [
        "http:///path",
        "http://user:secret@example.org/",
        "http://example.org:99999/",
        "http://08.0.0.1/",
    ],
    ids=["no-host", "credentials", "bad-port", "bad-octal"],
)
def test_malformed_urls(url):
    with pytest.raises(http.InvalidURL):
        http.fetch(url, policy=http.FetchPolicy(), resolver=never_resolve)


def test_a_name_resolving_to_a_private_address_is_refused():
    with pytest.raises(http.RefusedAddress, match=r"news\.example.*10\.0\.0\.5.*private"):
        http.fetch("http://news.example/a", resolver=lambda host, port: ["10.0.0.5"])


def test_a_name_with_one_bad_address_among_good_ones_is_refused():
    with pytest.raises(http.RefusedAddress, match="loopback"):
        http.fetch(
            "http://news.example/a", resolver=lambda host, port: ["93.184.216.34", "127.0.0.1"]
        )


def test_a_name_that_does_not_resolve():
    with pytest.raises(http.FetchError, match="could not be found"):
        http.fetch("http://news.example/a", resolver=lambda host, port: [])


def test_the_refusal_rules_classify_public_addresses_as_fine():
    for public in ["93.184.216.34", "8.8.8.8", "2a00:1450:4001:82a::200e"]:
        assert http.refusal_rule(ipaddress.ip_address(public)) is None


def test_numeric_spellings_parse_like_inet_aton():
    assert str(http.parse_numeric_host("2130706433")) == "127.0.0.1"
    assert str(http.parse_numeric_host("0x7f.1")) == "127.0.0.1"
    assert str(http.parse_numeric_host("127.1")) == "127.0.0.1"
    assert str(http.parse_numeric_host("10.1.258")) == "10.1.1.2"
    assert http.parse_numeric_host("news.example") is None
    assert http.parse_numeric_host("1e100.net") is None


def test_loopback_server_is_refused_without_the_allow_list(server):
    url = server.add("/page", Route(PAGE))
    with pytest.raises(http.RefusedAddress, match="loopback"):
        http.fetch(url, policy=http.FetchPolicy())
    assert server.requests == []


def test_loopback_server_is_reached_through_the_allow_list_setting(server):
    url = server.add("/page", Route(PAGE))
    with override_settings(FETCH_ALLOWED_NETWORKS=["127.0.0.1/32"]):
        response = http.fetch(url)
    assert response.body == PAGE
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"


def test_connects_to_the_checked_address_without_a_second_lookup(server):
    server.add("/a", Route(PAGE))
    lookups = []

    def resolver(host, port):
        lookups.append(host)
        return ["127.0.0.1"]

    response = http.fetch(
        f"http://news.example:{server.port}/a", policy=LOOPBACK_ONLY, resolver=resolver
    )
    assert response.body == PAGE
    assert lookups == ["news.example"]


def test_follows_five_redirects_checking_each(server):
    for number in range(5):
        server.add(f"/r{number}", Route(status=302, headers={"Location": f"/r{number + 1}"}))
    server.add("/r5", Route(PAGE))
    response = http.fetch(server.url("/r0"), policy=LOOPBACK_ONLY)
    assert response.body == PAGE
    assert response.url == server.url("/r5")
    assert len(response.redirects) == 5


def test_a_sixth_redirect_is_refused(server):
    for number in range(6):
        server.add(f"/r{number}", Route(status=301, headers={"Location": f"/r{number + 1}"}))
    server.add("/r6", Route(PAGE))
    with pytest.raises(http.TooManyRedirects, match="more than 5"):
        http.fetch(server.url("/r0"), policy=LOOPBACK_ONLY)
    assert "/r6" not in server.requests


def test_a_redirect_to_a_refused_address_is_refused(server):
    url = server.add("/go", Route(status=302, headers={"Location": "http://169.254.169.254/"}))
    with pytest.raises(http.RefusedAddress, match="link-local"):
        http.fetch(url, policy=LOOPBACK_ONLY)


def test_a_redirect_to_another_scheme_is_refused(server):
    url = server.add("/go", Route(status=307, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(http.InvalidURL, match="Only http and https"):
        http.fetch(url, policy=LOOPBACK_ONLY)


def test_read_timeout(server):
    url = server.add("/slow", Route(PAGE, delay=1.5))
    policy = http.FetchPolicy(read_timeout=0.3, allowed_networks=LOOPBACK_ONLY.allowed_networks)
    with pytest.raises(http.FetchTimeout, match="time limit"):
        http.fetch(url, policy=policy)


def test_a_body_trickling_past_the_time_limit_is_cut_off(server):
    body = b"<p>" + b"x" * 200 + b"</p>"
    url = server.add("/drip", Route(body, trickle=10, trickle_pause=0.1))
    policy = http.FetchPolicy(read_timeout=0.5, allowed_networks=LOOPBACK_ONLY.allowed_networks)
    with pytest.raises(http.FetchTimeout, match="longer than"):
        http.fetch(url, policy=policy)


def test_connection_refused_is_a_clear_error(server):
    port = server.port
    server.__exit__(None, None, None)
    with pytest.raises(http.FetchError, match="Could not fetch"):
        http.fetch(f"http://127.0.0.1:{port}/", policy=LOOPBACK_ONLY)


def test_size_cap_from_the_declared_length(server):
    url = server.add("/big", Route(b"<p>" + b"x" * 2000 + b"</p>"))
    policy = http.FetchPolicy(max_bytes=1000, allowed_networks=LOOPBACK_ONLY.allowed_networks)
    with pytest.raises(http.ResponseTooLarge, match="over the limit of 1,000 bytes"):
        http.fetch(url, policy=policy)


def test_size_cap_enforced_while_streaming(server):
    url = server.add("/big", Route(b"x" * 5000, hide_length=True, trickle=512))
    policy = http.FetchPolicy(max_bytes=1000, allowed_networks=LOOPBACK_ONLY.allowed_networks)
    with pytest.raises(http.ResponseTooLarge, match="larger than the limit"):
        http.fetch(url, policy=policy)


def test_size_cap_applies_to_the_decompressed_body(server):
    bomb = gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")
    url = server.add("/bomb", Route(bomb, headers={"Content-Encoding": "gzip"}))
    policy = http.FetchPolicy(max_bytes=10_000, allowed_networks=LOOPBACK_ONLY.allowed_networks)
    assert len(bomb) < 10_000
    with pytest.raises(http.ResponseTooLarge):
        http.fetch(url, policy=policy)


def test_gzip_within_the_cap_is_decompressed(server):
    url = server.add("/gz", Route(gzip.compress(PAGE), headers={"Content-Encoding": "gzip"}))
    assert http.fetch(url, policy=LOOPBACK_ONLY).body == PAGE


def test_default_size_cap_is_five_megabytes():
    assert http.FetchPolicy().max_bytes == 5 * 1024 * 1024


@pytest.mark.parametrize(
    "content_type",
    ["image/png", "application/pdf", "application/json", "application/octet-stream", None],
    ids=["png", "pdf", "json", "octet-stream", "missing"],
)
def test_only_html_xhtml_and_text(server, content_type):
    url = server.add("/thing", Route(b"\x89PNG\r\n", content_type=content_type))
    with pytest.raises(http.UnsupportedContentType, match="not an HTML or text page"):
        http.fetch(url, policy=LOOPBACK_ONLY)


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "application/xhtml+xml; charset=utf-8", "text/plain; charset=koi8-r"],
)
def test_html_xhtml_and_text_are_accepted(server, content_type):
    url = server.add("/ok", Route(PAGE, content_type=content_type))
    assert http.fetch(url, policy=LOOPBACK_ONLY).content_type == content_type.split(";")[0]


def test_an_error_status_is_reported(server):
    url = server.add("/gone", Route(b"gone", status=410))
    with pytest.raises(http.BadStatus, match="410"):
        http.fetch(url, policy=LOOPBACK_ONLY)


def test_a_bad_allowed_network_setting_is_named():
    with pytest.raises(ValueError, match="FETCH_ALLOWED_NETWORKS"):
        http.parse_networks(["not-a-network"])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for news.example, made with the openssl command."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture
def tls_server(certificate):
    with LoopbackServer(certificate=certificate[0], key=certificate[1]) as running:
        running.add("/a", Route(PAGE))
        yield running


def test_https_to_the_checked_address_verifies_the_certificate_by_host_name(
    tls_server, certificate
):
    policy = http.FetchPolicy(
        allowed_networks=LOOPBACK_ONLY.allowed_networks, ca_file=certificate[0]
    )
    response = http.fetch(
        f"https://news.example:{tls_server.port}/a",
        policy=policy,
        resolver=lambda h, p: ["127.0.0.1"],
    )
    assert response.body == PAGE


def test_https_with_a_certificate_for_another_host_is_refused(tls_server, certificate):
    policy = http.FetchPolicy(
        allowed_networks=LOOPBACK_ONLY.allowed_networks, ca_file=certificate[0]
    )
    with pytest.raises(http.FetchError, match=r"secure connection to other\.example failed"):
        http.fetch(
            f"https://other.example:{tls_server.port}/a",
            policy=policy,
            resolver=lambda h, p: ["127.0.0.1"],
        )


def test_https_with_an_untrusted_certificate_is_refused(tls_server):
    with pytest.raises(http.FetchError, match="secure connection"):
        http.fetch(
            f"https://news.example:{tls_server.port}/a",
            policy=LOOPBACK_ONLY,
            resolver=lambda h, p: ["127.0.0.1"],
        )


def test_localhost_by_name_is_refused_after_resolution():
    # Resolved from /etc/hosts by the system resolver: no traffic leaves the machine.
    with pytest.raises(http.RefusedAddress, match="loopback"):
        http.fetch("http://localhost/", policy=http.FetchPolicy())


def test_headers_dripping_past_the_time_limit_are_cut_off(server):
    import time

    url = server.add("/drip-headers", Route(PAGE, slow_headers=30, trickle_pause=0.1))
    policy = http.FetchPolicy(
        connect_timeout=0.4, read_timeout=0.4, allowed_networks=LOOPBACK_ONLY.allowed_networks
    )
    started = time.monotonic()
    with pytest.raises(http.FetchTimeout):
        http.fetch(url, policy=policy)
    assert time.monotonic() - started < 2.0
