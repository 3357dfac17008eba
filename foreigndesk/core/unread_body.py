"""A request's body that the application did not read is read before the answer goes out.

A view may answer without reading what was sent: a form refused for its CSRF token, a desk
address asked by a reader, a method not allowed. gunicorn then closes the connection with the
body's rest unread, and the kernel answers the sender's remaining bytes with a reset. A proxy
still sending the body (Varnish, nginx) takes the reset for a failure and answers 502 or 503, so
the 403 or 405 the application gave is lost, at random, for bodies of a few hundred kilobytes
and up. Reading the rest first lets the answer arrive whole.

Only a body that declares its length is read, and only up to :data:`DRAIN_LIMIT` bytes, above
what nginx's ``client_max_body_size`` lets through: a larger one is left to the reset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: The largest unread rest that is read before answering (nginx refuses bodies over 25 MB).
DRAIN_LIMIT = 32 * 1024 * 1024
#: Bytes read at a time when draining.
CHUNK = 64 * 1024

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class CountedInput:
    """The server's input stream, counting the bytes the application reads from it."""

    __slots__ = ("consumed", "stream")

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.consumed = 0

    def read(self, size: int | None = -1, /) -> bytes:
        data: bytes = self.stream.read() if size is None or size < 0 else self.stream.read(size)
        self.consumed += len(data)
        return data

    def readline(self, size: int | None = -1, /) -> bytes:
        data: bytes = (
            self.stream.readline() if size is None or size < 0 else self.stream.readline(size)
        )
        self.consumed += len(data)
        return data

    def readlines(self, hint: int = -1, /) -> list[bytes]:
        lines: list[bytes] = self.stream.readlines(hint)
        self.consumed += sum(len(line) for line in lines)
        return lines

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")


def declared_length(environ: dict[str, Any]) -> int:
    """The body's length as the request declares it; 0 when absent or not a number."""
    try:
        return max(int(environ.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def drain(stream: Any, left: int) -> int:
    """Read and drop up to ``left`` bytes of ``stream``; the number of bytes read."""
    read = 0
    try:
        while read < left:
            data = stream.read(min(CHUNK, left - read))
            if not data:
                break
            read += len(data)
    except (OSError, ValueError):
        pass  # the sender went away: nothing is left to protect
    return read


class DrainUnreadBody:
    """WSGI middleware: after the application answers, the body's unread rest is read."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if not environ.get("CONTENT_LENGTH"):  # a reader's GET: nothing to count
            return self.application(environ, start_response)
        length = declared_length(environ)
        if not length or length > DRAIN_LIMIT:
            return self.application(environ, start_response)
        counted = CountedInput(environ["wsgi.input"])
        environ["wsgi.input"] = counted
        response = self.application(environ, start_response)
        if counted.consumed < length:
            drain(counted.stream, length - counted.consumed)
        return response
