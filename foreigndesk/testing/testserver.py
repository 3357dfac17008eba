"""A small HTTP server on loopback that stands in for the outside world in tests.

Routes map a path to a :class:`Route` (status, headers, body, an optional delay or a body that
trickles out). The server runs in a thread for the duration of a ``with`` block; tests reach it
only because they list ``127.0.0.1/32`` in ``FETCH_ALLOWED_NETWORKS``.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: Send the body in pieces of this size, pausing ``trickle_pause`` between them.
    trickle: int = 0
    trickle_pause: float = 0.0
    #: Leave out Content-Length (the client must count while streaming).
    hide_length: bool = False
    #: Send this many extra header lines, one every ``trickle_pause`` seconds, before the body.
    slow_headers: int = 0
    #: An ETag sent with the page; a request carrying it in If-None-Match gets 304.
    etag: str = ""


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with a mutable route table."""

    def __init__(self, *, certificate: str | None = None, key: str | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        #: The headers of each request, in the order of ``requests``.
        self.request_headers: list[dict[str, str]] = []
        routes, requests, request_headers = self.routes, self.requests, self.request_headers

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                requests.append(self.path)
                request_headers.append(dict(self.headers.items()))
                route = routes.get(self.path) or Route(b"not here", status=404)
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                if route.etag:
                    route = Route(
                        **{**route.__dict__, "headers": {**route.headers, "ETag": route.etag}}
                    )
                try:
                    self.send_response(route.status)
                    if route.content_type:
                        self.send_header("Content-Type", route.content_type)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.slow_headers:
                        self.flush_headers()
                    for number in range(route.slow_headers):
                        time.sleep(route.trickle_pause)
                        self.wfile.write(f"X-Slow-{number}: yes\r\n".encode())
                        self.wfile.flush()
                    if not route.hide_length:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    for piece in self._pieces(route):
                        self.wfile.write(piece)
                        self.wfile.flush()
                        if route.trickle_pause:
                            time.sleep(route.trickle_pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on a refused response

            def _pieces(self, route: Route) -> Iterator[bytes]:
                size = route.trickle or len(route.body) or 1
                for start in range(0, len(route.body), size):
                    yield route.body[start : start + size]

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.scheme = "http"
        if certificate:
            # HTTPS with the given certificate, to test that the client checks it by host name.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate, key)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/") -> str:
        """The address of a path on this server, by IP so that no name lookup is involved."""
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        """Serve a route at a path; returns its URL."""
        self.routes[path] = route
        return self.url(path)

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
