"""A body the application answered without reading is read before the answer goes out, so that
a proxy sending it gets the answer rather than a reset."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from typing import Any

import pytest

from foreigndesk.core import unread_body
from foreigndesk.core.unread_body import DrainUnreadBody


class Input(io.BytesIO):
    """A server's input stream that records how much was read from it."""

    def __init__(self, data: bytes, fail_after: int | None = None) -> None:
        super().__init__(data)
        self.fail_after = fail_after

    def read(self, size: int | None = -1, /) -> bytes:
        if self.fail_after is not None and self.tell() >= self.fail_after:
            raise OSError("the sender went away")
        return super().read(size)


def answer(read: int = 0) -> Any:
    """An application that reads ``read`` bytes of the body (through Django's own limited
    stream, as a view does) and answers 403."""
    from django.core.handlers.wsgi import LimitedStream

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        stream = LimitedStream(environ["wsgi.input"], int(environ["CONTENT_LENGTH"]))
        if read:
            stream.read(read)
        start_response("403 Forbidden", [("Content-Type", "text/plain")])
        return [b"refused"]

    return application


def call(application: Any, body: bytes, length: str | None = None, **kwargs: Any) -> Input:
    stream = Input(body, **kwargs)
    environ = {"REQUEST_METHOD": "POST", "wsgi.input": stream, "CONTENT_LENGTH": length}
    if length is None:
        environ["CONTENT_LENGTH"] = str(len(body))
    statuses: list[str] = []
    result = DrainUnreadBody(application)(environ, lambda status, headers: statuses.append(status))
    assert b"".join(result) == b"refused"
    assert statuses == ["403 Forbidden"]
    return stream


def test_an_unread_body_is_read_to_its_end_before_the_answer():
    assert call(answer(), b"x" * 300_000).tell() == 300_000


def test_the_rest_of_a_body_read_in_part_is_read_and_only_up_to_its_declared_length():
    body = b"y" * 200_000
    # The stream holds more than the request declares (a pipelined request after it).
    stream = call(answer(read=1_000), body + b"NEXT REQUEST", length=str(len(body)))
    assert stream.tell() == len(body)
    assert stream.read() == b"NEXT REQUEST"


def test_a_body_read_whole_is_not_read_again():
    stream = call(answer(read=5_000), b"z" * 5_000 + b"NEXT", length="5000")
    assert stream.read() == b"NEXT"


@pytest.mark.parametrize("length", ["", "0", "-5", "lots", None])
def test_without_a_declared_length_nothing_is_read(length):
    stream = Input(b"abc")
    environ = {"REQUEST_METHOD": "POST", "wsgi.input": stream}
    if length is not None:
        environ["CONTENT_LENGTH"] = length
    DrainUnreadBody(lambda environ, start: [b"refused"])(environ, lambda *_: None)
    assert stream.tell() == 0
    assert environ["wsgi.input"] is stream


def test_a_body_over_the_limit_is_left_unread(monkeypatch):
    monkeypatch.setattr(unread_body, "DRAIN_LIMIT", 1_000)
    assert call(answer(), b"x" * 1_001).tell() == 0
    assert call(answer(), b"x" * 1_000).tell() == 1_000


def test_a_sender_that_goes_away_while_the_rest_is_read_still_gets_the_answer():
    stream = call(answer(), b"x" * 500_000, fail_after=unread_body.CHUNK * 2)
    assert stream.tell() == unread_body.CHUNK * 2


def test_what_the_application_reads_passes_through_unchanged():
    seen: dict[str, Any] = {}

    def application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        stream = environ["wsgi.input"]
        seen["line"] = stream.readline()
        seen["part"] = stream.read(3)
        seen["lines"] = list(stream)
        start_response("403 Forbidden", [])
        return [b"refused"]

    body = b"first line\nabcdef\nlast\n"
    stream = call(application, body)
    assert seen == {"line": b"first line\n", "part": b"abc", "lines": [b"def\n", b"last\n"]}
    assert stream.tell() == len(body)


@pytest.mark.django_db
def test_foreigndesks_application_reads_the_form_of_a_request_it_refuses():
    from foreigndesk.wsgi import application

    body = b"username=a&password=" + b"b" * 400_000
    stream = Input(body)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/admin/login/",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": stream,
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
    }
    statuses: list[str] = []
    result = application(environ, lambda status, headers, *_: statuses.append(status))
    try:
        b"".join(result)
    finally:
        result.close()
    # Refused for its missing CSRF cookie, before the form was parsed; read all the same.
    assert statuses[0].startswith("403")
    assert stream.tell() == len(body)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _post(port: int, size: int) -> bytes:
    """A form of ``size`` bytes sent whole, as a proxy sends it, then the answer read."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(
            b"POST /form/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % size
        )
        connection.sendall(b"a" * size)
        data = b""
        while not _complete(data):
            chunk = connection.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


def _complete(answer: bytes) -> bool:
    head, separator, body = answer.partition(b"\r\n\r\n")
    if not separator:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


@pytest.fixture
def gunicorn():
    """gunicorn with foreigndesk's settings, serving an application that refuses unread."""
    port = _free_port()
    env = dict(os.environ, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    binary = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    process = subprocess.Popen(
        [
            binary,
            "-c",
            "python:foreigndesk.serving",
            "foreigndesk.core.tests.early_answer_app:application",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "gunicorn did not start"
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_large_form_refused_unread_gets_its_answer_through_gunicorn(gunicorn):
    # 20 MB outgrows the sockets' buffers: unread, gunicorn's close resets the connection while
    # the form is still being sent (the bare application loses every answer so).
    for _ in range(3):
        answer_bytes = _post(gunicorn, 20_000_000)
        assert answer_bytes.startswith(b"HTTP/1.1 403 Forbidden")
        assert answer_bytes.endswith(b"Refused before reading the form.\n")
