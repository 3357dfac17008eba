"""Loopback stand-ins for the machine translation services, speaking their documented APIs.

Each server checks what a real one checks (the key, the fields, the languages) and answers in the
service's own format, errors included. Its "translations" are deterministic: a few words from a
small dictionary, anything else marked with the pair (``"Текст" -> "[ru>en] Текст"``), so a test
can tell which text came back where. ``mode`` makes it misbehave the way real services do.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

#: Words the servers translate as a translator would; anything else is marked.
DICTIONARY = {
    ("ru", "en"): {"Привет, мир.": "Hello, world.", "Москва": "Moscow", "Спасибо.": "Thank you."},
    ("de", "en"): {"Guten Morgen.": "Good morning.", "Danke.": "Thank you."},
}

#: Ways a server can misbehave (``mode``): "ok" answers properly.
MODES = (
    "ok",
    "slow",  # waits ``delay`` seconds before answering
    "trickle",  # sends the answer a byte at a time over ``delay`` seconds
    "redirect",
    "rate_limited",
    "quota",
    "server_error",
    "malformed",
    "short",  # one translation fewer than texts
    "html",
)


def fake_translation(text: str, source: str, target: str) -> str:
    """The stand-in's translation: from the dictionary, else the text marked with the pair."""
    known = DICTIONARY.get((source.lower(), target.lower()[:2]), {})
    return known.get(text, f"[{source.lower()}>{target.lower()}] {text}")


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    query: dict[str, list[str]] = field(default_factory=dict)


class FakeService:
    """A threaded JSON server on 127.0.0.1; subclasses answer as one service does."""

    def __init__(self, *, mode: str = "ok", delay: float = 2.0) -> None:
        self.mode = mode
        #: How long the "slow" mode waits before answering.
        self.delay = delay
        self.requests: list[Received] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw
                received = Received(
                    method=method,
                    path=parts.path,
                    headers={key.lower(): value for key, value in self.headers.items()},
                    body=body,
                    query=parse_qs(parts.query),
                )
                service.requests.append(received)
                status, payload = service.answer(received)
                try:
                    if service.mode == "slow":
                        time.sleep(service.delay)
                    if service.mode == "trickle":
                        # Headers at once, then the body a byte at a time: each wait is short,
                        # the whole answer takes for ever.
                        data = json.dumps(payload, ensure_ascii=False).encode()
                        self.send_response(status)
                        self.send_header("Content-Type", "application/json")
                        self.end_headers()
                        for byte in data:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(service.delay / max(len(data), 1))
                    elif service.mode == "redirect":
                        self.send_response(302)
                        self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                    elif service.mode == "html":
                        self._send(200, b"<html><body>Welcome</body></html>", "text/html")
                    elif service.mode == "malformed" and status == 200:
                        self._send(200, b'{"translatedText": ["unfinished', "application/json")
                    else:
                        data = json.dumps(payload, ensure_ascii=False).encode()
                        self._send(status, data, "application/json")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        # A short poll lets each test's server stop at once rather than within half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, request: Received) -> tuple[int, Any]:
        """The status and JSON body the service gives to a request."""
        raise NotImplementedError

    def translations_for(self, texts: list[str], source: str, target: str) -> list[str]:
        """What it translates ``texts`` into; the "short" mode leaves the last one out."""
        translated = [fake_translation(text, source, target) for text in texts]
        return translated[:-1] if self.mode == "short" else translated

    def __enter__(self) -> FakeService:
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


class FakeLibreTranslate(FakeService):
    """LibreTranslate's API: ``POST /translate``, ``GET /languages``; a key when ``api_key``."""

    #: Language codes and the languages each translates into.
    LANGUAGES = {"ru": ["en", "de"], "de": ["en", "ru"], "en": ["ru", "de", "fr"], "fr": ["en"]}

    def __init__(self, *, api_key: str = "", batch_limit: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_key = api_key
        #: Most texts per request, as the server's ``--batch-limit`` (0: no limit).
        self.batch_limit = batch_limit

    def answer(self, request: Received) -> tuple[int, Any]:
        if request.method == "GET" and request.path == "/languages":
            names = {"ru": "Russian", "de": "German", "en": "English", "fr": "French"}
            return 200, [
                {"code": code, "name": names[code], "targets": targets}
                for code, targets in self.LANGUAGES.items()
            ]
        if request.method != "POST" or request.path != "/translate":
            return 404, {"error": "Not Found"}
        body = request.body if isinstance(request.body, dict) else {}
        if self.api_key and body.get("api_key") != self.api_key:
            message = (
                "Invalid API key"
                if body.get("api_key")
                else "Please contact the server operator to get an API key"
            )
            return 403, {"error": message}
        if self.mode == "rate_limited":
            return 429, {"error": "Slowdown: 30 per 1 minute"}
        if self.mode == "server_error":
            return 500, {"error": "Cannot translate text: model crashed"}
        q, source, target = body.get("q"), body.get("source"), body.get("target")
        if not q:
            return 400, {"error": "Invalid request: missing q parameter"}
        if source not in self.LANGUAGES:
            return 400, {"error": f"{source} is not supported"}
        if target not in self.LANGUAGES[source]:
            return 400, {"error": f"{target} is not supported"}
        if body.get("format", "text") not in ("text", "html"):
            return 400, {"error": f"{body.get('format')} format is not supported"}
        texts = q if isinstance(q, list) else [q]
        if self.batch_limit and len(texts) > self.batch_limit:
            return 400, {
                "error": f"Invalid request: request ({len(texts)}) exceeds text limit "
                f"({self.batch_limit})"
            }
        translated = self.translations_for(texts, source, target)
        return 200, {"translatedText": translated if isinstance(q, list) else translated[0]}


class FakeDeepL(FakeService):
    """DeepL's API: ``POST /v2/translate``, ``GET /v2/languages``, the key in the header."""

    SOURCES = ["DE", "EN", "FR", "PT", "RU", "ZH"]
    TARGETS = ["DE", "EN-GB", "EN-US", "FR", "PT-BR", "PT-PT", "RU", "ZH-HANS", "ZH-HANT"]
    #: Most texts and bytes per request, as documented.
    MAX_TEXTS = 50
    MAX_BYTES = 128 * 1024

    def __init__(self, *, api_key: str = "secret-key:fx", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_key = api_key

    def answer(self, request: Received) -> tuple[int, Any]:
        if request.headers.get("authorization") != f"DeepL-Auth-Key {self.api_key}":
            return 403, {"message": "Wrong endpoint or authorization key"}
        if request.method == "GET" and request.path == "/v2/languages":
            listed = self.TARGETS if request.query.get("type") == ["target"] else self.SOURCES
            return 200, [{"language": code, "name": code} for code in listed]
        if request.method != "POST" or request.path != "/v2/translate":
            return 404, {"message": "Not found"}
        if self.mode == "rate_limited":
            return 429, {"message": "Too many requests, DeepL servers are currently busy"}
        if self.mode == "quota":
            return 456, {"message": "Quota exceeded"}
        if self.mode == "server_error":
            return 503, {"message": "Service unavailable"}
        body = request.body if isinstance(request.body, dict) else {}
        texts, source, target = body.get("text"), body.get("source_lang"), body.get("target_lang")
        if not isinstance(texts, list) or not texts:
            return 400, {"message": "Value for 'text' not supported."}
        if len(texts) > self.MAX_TEXTS:
            return 413, {"message": f"Too many texts: at most {self.MAX_TEXTS}"}
        if sum(len(text.encode()) for text in texts) > self.MAX_BYTES:
            return 413, {"message": "Request Entity Too Large"}
        if target not in self.TARGETS:
            return 400, {"message": "Value for 'target_lang' not supported."}
        if source is not None and source not in self.SOURCES:
            return 400, {"message": "Value for 'source_lang' not supported."}
        translated = self.translations_for(texts, source or "xx", target)
        return 200, {
            "translations": [
                {"detected_source_language": source or "XX", "text": text} for text in translated
            ]
        }
