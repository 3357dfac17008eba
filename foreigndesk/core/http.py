"""The one HTTP client for outbound requests: refuses non-public addresses, bounds time and size.

Every request the product makes to the outside world goes through :func:`fetch`. The host is
resolved once, every address it resolves to is checked against the refusal rules, and the
connection is made to the checked address (no second DNS lookup that a hostile resolver could
answer differently). Redirects are followed by hand so that each hop is checked the same way.
Networks listed in ``FETCH_ALLOWED_NETWORKS`` pass despite the rules (the tests' loopback server).
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

#: Media types an import can read.
ALLOWED_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PRIVATE = tuple(
    ipaddress.ip_network(network)
    for network in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
# Numeric host spellings that inet_aton accepts: 1 to 4 parts, each decimal, octal or hex.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.IGNORECASE)


class FetchError(Exception):
    """A request that was refused or failed; the message names the problem for a person."""


class InvalidURL(FetchError):
    """The URL cannot be fetched at all: a scheme other than http(s), no host, a bad port."""


class RefusedAddress(FetchError):
    """The host is, or resolves to, an address the fetcher must not reach; ``rule`` says why."""

    def __init__(self, message: str, *, rule: str, address: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.address = address


class FetchTimeout(FetchError):
    """Connecting or reading took longer than allowed."""


class ResponseTooLarge(FetchError):
    """The response is larger than the size cap."""


class UnsupportedContentType(FetchError):
    """The response is not HTML, XHTML or plain text."""


class TooManyRedirects(FetchError):
    """The chain of redirects is longer than allowed."""


class BadStatus(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class FetchPolicy:
    """The limits a fetch runs under; :func:`policy_from_settings` builds the configured one."""

    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_redirects: int = 5
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    user_agent: str = "foreigndesk (+https://github.com/foreigndesk)"
    #: Certificates to trust instead of the system's (tests use their own authority).
    ca_file: str | None = None


@dataclass(frozen=True)
class Response:
    """A successful response, read whole within the size cap."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    redirects: tuple[str, ...] = ()


def policy_from_settings() -> FetchPolicy:
    """The fetch policy from the ``FETCH_*`` settings."""
    return FetchPolicy(
        max_bytes=int(getattr(settings, "FETCH_MAX_BYTES", FetchPolicy.max_bytes)),
        connect_timeout=float(
            getattr(settings, "FETCH_CONNECT_TIMEOUT", FetchPolicy.connect_timeout)
        ),
        read_timeout=float(getattr(settings, "FETCH_READ_TIMEOUT", FetchPolicy.read_timeout)),
        max_redirects=int(getattr(settings, "FETCH_MAX_REDIRECTS", FetchPolicy.max_redirects)),
        allowed_networks=parse_networks(getattr(settings, "FETCH_ALLOWED_NETWORKS", ())),
        user_agent=str(getattr(settings, "FETCH_USER_AGENT", FetchPolicy.user_agent)),
    )


def parse_networks(
    values: Iterable[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Networks from strings such as ``127.0.0.1/32``; a bad entry is a configuration error."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"FETCH_ALLOWED_NETWORKS: {value!r} is not a network") from error
    return tuple(networks)


def parse_numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host spelling stands for (``127.1``, ``0x7f.1``, ``2130706433``).

    Browsers and C libraries read such spellings as IPv4 addresses; reading them the same way
    here means the rules see the address a connection would really reach.
    """
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    if not _NUMERIC_HOST.match(host):
        return None
    parts = []
    for part in host.rstrip(".").split("."):
        lowered = part.lower()
        if lowered.startswith("0x"):
            parts.append(int(lowered[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not set(part) <= set("01234567"):
                raise InvalidURL(f"The host {host!r} is not a valid numeric address.")
            parts.append(int(part, 8))
        else:
            parts.append(int(part))
    # inet_aton: the last part fills all the bytes the earlier parts leave.
    *leading, last = parts
    if any(value > 255 for value in leading) or last >= 256 ** (4 - len(leading)):
        raise InvalidURL(f"The host {host!r} is not a valid numeric address.")
    number = 0
    for value in leading:
        number = number * 256 + value
    number = number * 256 ** (4 - len(leading)) + last
    return ipaddress.IPv4Address(number)


def refusal_rule(address: IPAddress) -> str | None:
    """The name of the rule that forbids an address, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return "IPv4-mapped IPv6 address"
        if address in _IPV4_COMPATIBLE and address not in (
            ipaddress.IPv6Address("::"),
            ipaddress.IPv6Address("::1"),
        ):
            return "IPv4-compatible IPv6 address"
        embedded = address.sixtofour or (address.teredo[1] if address.teredo else None)
        if address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            inner = refusal_rule(embedded)
            if inner:
                return f"IPv6 address embedding a refused IPv4 address ({inner})"
    if address.is_unspecified:
        return "unspecified address"
    if address.is_loopback:
        return "loopback address"
    if address.is_link_local:
        return "link-local address (cloud metadata lives here)"
    if address.is_multicast:
        return "multicast address"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "carrier-grade NAT address"
    if isinstance(address, ipaddress.IPv4Address) and address in _THIS_NETWORK:
        return "'this network' address"
    if any(address in network for network in _PRIVATE):
        return "private address"
    if address.is_reserved:
        return "reserved address"
    if not address.is_global:
        return "address that is not publicly routable"
    return None


def check_address(address: IPAddress, policy: FetchPolicy) -> None:
    """Refuse an address forbidden by the rules and not in an allowed network."""
    if any(address in network for network in policy.allowed_networks):
        return
    rule = refusal_rule(address)
    if rule:
        raise RefusedAddress(
            f"Refused to fetch from {address}: it is a {rule}.", rule=rule, address=str(address)
        )


def _system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"The host {host!r} could not be found.") from error
    return [str(info[4][0]) for info in infos]


def resolve(host: str, port: int, policy: FetchPolicy, resolver: Resolver | None = None) -> str:
    """The checked address to connect to; every address the host resolves to must pass."""
    numeric = parse_numeric_host(host)
    if numeric is not None:
        check_address(numeric, policy)
        return str(numeric)
    answers = list((resolver or _system_resolver)(host, port))
    if not answers:
        raise FetchError(f"The host {host!r} could not be found.")
    addresses = []
    for answer in answers:
        address = ipaddress.ip_address(answer.split("%", 1)[0])
        # A host with one bad address among good ones is refused: the next lookup may pick it.
        try:
            check_address(address, policy)
        except RefusedAddress as error:
            raise RefusedAddress(
                f"Refused to fetch {host}: it resolves to {address}, a {error.rule}.",
                rule=error.rule,
                address=error.address,
            ) from error
        addresses.append(address)
    return str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand, whatever the Host header says."""

    def __init__(self, host: str, port: int, *, address: str, policy: FetchPolicy) -> None:
        super().__init__(host, port, timeout=policy.connect_timeout)
        self._address = address
        self._policy = policy

    def connect(self) -> None:
        self.sock = socket.create_connection(
            (self._address, self.port), timeout=self._policy.connect_timeout
        )
        self.sock.settimeout(self._policy.read_timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    """The same over TLS; the certificate is checked against the host name, not the address."""

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context(cafile=self._policy.ca_file)
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise InvalidURL(f"{url!r} is not a valid URL.") from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidURL(f"Only http and https addresses can be fetched, not {scheme or 'none'!r}.")
    if not parts.hostname:
        raise InvalidURL(f"{url!r} has no host.")
    if parts.username or parts.password:
        raise InvalidURL("Addresses with a user name or password are not fetched.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def _content_type(value: str | None) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = value or ""
    media = message.get_content_type() if value else ""
    charset = message.get_param("charset")
    return media.lower(), (str(charset) if isinstance(charset, str) else None)


def _read_body(
    response: http.client.HTTPResponse, policy: FetchPolicy, deadline: float, url: str
) -> bytes:
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise UnsupportedContentType(f"{url} is sent with an unsupported encoding {encoding!r}.")
    decoder = None
    if encoding != "identity":
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS)
    too_large = ResponseTooLarge(
        f"{url} is larger than the limit of {policy.max_bytes:,} bytes; it was not imported."
    )
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise FetchTimeout(f"Reading {url} took longer than {policy.read_timeout:g} seconds.")
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        if decoder is not None:
            # Decompress no more than the cap allows, so a small bomb cannot fill memory.
            chunk = decoder.decompress(chunk, policy.max_bytes + 1 - len(body))
            if decoder.unconsumed_tail:
                raise too_large
        body += chunk
        if len(body) > policy.max_bytes:
            raise too_large
    return bytes(body)


def _abort(connection: http.client.HTTPConnection, fired: threading.Event) -> None:
    """The watchdog's end: mark the exchange as timed out and unblock whatever read is waiting."""
    fired.set()
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    resolver: Resolver | None = None,
    etag: str = "",
    last_modified: str = "",
) -> Response:
    """GET a public HTML or text page, following at most ``max_redirects`` checked redirects.

    With the ``etag`` or ``last_modified`` of an earlier answer the request is conditional, and a
    304 Not Modified comes back as a Response of status 304 with no body."""
    policy = policy or policy_from_settings()
    redirects: list[str] = []
    current = url
    while True:
        scheme, host, port, path = _split(current)
        address = resolve(host, port, policy, resolver)
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address=address, policy=policy)
        deadline = time.monotonic() + policy.read_timeout
        # A server can drip its headers a byte at a time, each within the socket timeout; the
        # watchdog bounds the whole exchange by shutting the socket down when the time is up.
        budget = policy.connect_timeout + policy.read_timeout
        fired = threading.Event()
        watchdog = threading.Timer(budget, _abort, args=(connection, fired))
        watchdog.daemon = True
        watchdog.start()
        try:
            try:
                headers = {
                    "User-Agent": policy.user_agent,
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                    "Accept-Encoding": "gzip, identity",
                }
                if etag:
                    headers["If-None-Match"] = etag
                if last_modified:
                    headers["If-Modified-Since"] = last_modified
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
            except TimeoutError as error:
                raise FetchTimeout(
                    f"{host} did not answer within the time limit "
                    f"({policy.connect_timeout:g} s to connect, {policy.read_timeout:g} s to read)."
                ) from error
            except ssl.SSLError as error:
                raise FetchError(f"The secure connection to {host} failed: {error}.") from error
            except (OSError, http.client.HTTPException) as error:
                raise FetchError(f"Could not fetch {current}: {error}.") from error

            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"{current} redirects without saying where to.")
                if len(redirects) >= policy.max_redirects:
                    raise TooManyRedirects(
                        f"{url} redirects more than {policy.max_redirects} times; gave up."
                    )
                redirects.append(current)
                current = urljoin(current, location)
                continue
            if response.status == 304 and (etag or last_modified):
                return Response(
                    url=current,
                    status=304,
                    content_type="",
                    charset=None,
                    body=b"",
                    headers={key.lower(): value for key, value in response.getheaders()},
                    redirects=tuple(redirects),
                )
            if not 200 <= response.status < 300:
                raise BadStatus(
                    f"{current} answered {response.status} {response.reason}.",
                    status=response.status,
                )
            media, charset = _content_type(response.getheader("Content-Type"))
            if media not in ALLOWED_CONTENT_TYPES:
                raise UnsupportedContentType(
                    f"{current} is {media or 'of no declared type'}, not an HTML or text page."
                )
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > policy.max_bytes:
                raise ResponseTooLarge(
                    f"{current} is {int(length):,} bytes, over the limit of "
                    f"{policy.max_bytes:,} bytes; it was not imported."
                )
            try:
                body = _read_body(response, policy, deadline, current)
                if fired.is_set():
                    raise TimeoutError
            except TimeoutError as error:
                raise FetchTimeout(
                    f"Reading {current} took longer than {policy.read_timeout:g} seconds."
                ) from error
            except (OSError, http.client.HTTPException, zlib.error) as error:
                raise FetchError(f"Reading {current} failed: {error}.") from error
            return Response(
                url=current,
                status=response.status,
                content_type=media,
                charset=charset,
                body=body,
                headers={key.lower(): value for key, value in response.getheaders()},
                redirects=tuple(redirects),
            )
        except FetchError as error:
            if fired.is_set() and not isinstance(error, FetchTimeout):
                raise FetchTimeout(
                    f"{current} took longer than {budget:g} seconds to answer; gave up."
                ) from error
            raise
        finally:
            watchdog.cancel()
            connection.close()
