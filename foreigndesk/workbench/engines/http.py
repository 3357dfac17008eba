"""JSON over HTTP for the engines: bounded in time and size, failures turned into EngineErrors.

Why not ``foreigndesk.core.http.fetch``: it is made for addresses a person typed, and refuses
loopback and private networks, where a self-hosted engine usually lives; an engine's address is
set by the admin in the settings, so it is trusted. What is kept from it: a deadline on the whole
exchange (a server that drips its answer cannot hold a translator's request for ever), a cap on
the size of the answer, and no redirects followed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from .base import BadResponse, EngineTimeout, EngineUnreachable

#: No engine's answer to a batch comes near this; more is a misconfigured URL.
MAX_RESPONSE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    """A response: its status, its body parsed as JSON (None when it is not JSON) and raw."""

    status: int
    reason: str
    data: Any
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def _abort(sockets: list[socket.socket], fired: threading.Event) -> None:
    """The watchdog's end: mark the exchange as timed out and unblock the read that waits."""
    fired.set()
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def request_json(
    engine: str,
    method: str,
    url: str,
    *,
    payload: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
) -> Answer:
    """Send ``payload`` as JSON to ``url`` and read the answer within ``timeout`` seconds.

    Any status comes back as an :class:`Answer`, for the engine to say what it means; failing to
    talk to the server at all raises :class:`EngineTimeout` or :class:`EngineUnreachable`.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EngineUnreachable(engine, f"{url!r} is not an http or https address.")
    path = parts.path or "/"
    if query:
        path += "?" + urlencode(query)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    sent_headers = {"Accept": "application/json", "User-Agent": "foreigndesk", **(headers or {})}
    body = None
    if payload is not None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        sent_headers["Content-Type"] = "application/json; charset=utf-8"
    # The socket timeout bounds each wait; the watchdog bounds the whole exchange. It holds the
    # socket itself: http.client lets go of it once the response begins, and a server that
    # drips its body would otherwise be waited for.
    sockets: list[socket.socket] = []
    fired = threading.Event()
    watchdog = threading.Timer(timeout, _abort, args=(sockets, fired))
    watchdog.daemon = True
    watchdog.start()
    # Named without any user or password the URL may carry.
    where = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    try:
        connection.connect()
        if connection.sock is not None:
            sockets.append(connection.sock)
        if fired.is_set():
            raise TimeoutError
        connection.request(method, path, body=body, headers=sent_headers)
        response = connection.getresponse()
        raw = response.read(MAX_RESPONSE_BYTES + 1)
        if fired.is_set():
            raise TimeoutError
    except TimeoutError as error:
        raise EngineTimeout(
            engine, f"{where} did not answer within {timeout:g} seconds."
        ) from error
    except ssl.SSLError as error:
        raise EngineUnreachable(
            engine, f"the secure connection to {where} failed ({error})."
        ) from error
    except (OSError, http.client.HTTPException) as error:
        if fired.is_set():
            raise EngineTimeout(
                engine, f"{where} did not answer within {timeout:g} seconds."
            ) from error
        raise EngineUnreachable(engine, f"could not reach {where} ({error}).") from error
    finally:
        watchdog.cancel()
        connection.close()
    if len(raw) > MAX_RESPONSE_BYTES:
        raise BadResponse(engine, f"{where} answered with more than {MAX_RESPONSE_BYTES:,} bytes.")
    try:
        data = json.loads(raw.decode())
    except (UnicodeDecodeError, ValueError):
        data = None
    return Answer(status=response.status, reason=response.reason, data=data, body=raw)


def error_text(answer: Answer, *keys: str) -> str:
    """What the server said about an error: the first of ``keys`` in its JSON, else its status
    line; cut short, as servers sometimes send whole pages."""
    if isinstance(answer.data, dict):
        for key in keys:
            value = answer.data.get(key)
            if isinstance(value, str) and value.strip():
                return f"{answer.status}: {value.strip()[:300]}"
    return f"{answer.status} {answer.reason}".strip()


def expect_json(engine: str, answer: Answer) -> Any:
    """The parsed body of a successful answer; one that is not JSON is a :class:`BadResponse`."""
    if answer.data is None:
        start = answer.body[:80].decode(errors="replace")
        raise BadResponse(engine, f"the answer is not valid JSON ({start!r}).")
    return answer.data
