"""The ceiling for a cached page: a WSGI application that answers every request with one stored
answer (status line, headers, bytes), served by the same gunicorn as the site.

``python -m bench`` records the cached article's answer into the files named by
``BENCH_MINIMAL_BODY`` and ``BENCH_MINIMAL_HEADERS`` and serves this; the page cache's hit is then
compared with the least any Python application in that server could do for the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

#: Headers the server writes itself.
SERVER_HEADERS = frozenset({"date", "server", "connection", "transfer-encoding", "keep-alive"})


def recorded_answer() -> tuple[str, list[tuple[str, str]], bytes]:
    body = Path(os.environ["BENCH_MINIMAL_BODY"]).read_bytes()
    status, headers = json.loads(Path(os.environ["BENCH_MINIMAL_HEADERS"]).read_text())
    kept = [(name, value) for name, value in headers if name.lower() not in SERVER_HEADERS]
    return status, kept, body


STATUS, HEADERS, BODY = recorded_answer() if "BENCH_MINIMAL_BODY" in os.environ else ("", [], b"")


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The recorded answer, whatever was asked."""
    start_response(STATUS, HEADERS)
    return [BODY]
