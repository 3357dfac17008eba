"""A WSGI application that refuses every request without reading its body, as a view refusing a
form does; served by gunicorn in the tests, bare (``bare``) and as foreigndesk serves it
(``application``)."""

from __future__ import annotations

from typing import Any

from foreigndesk.core.unread_body import DrainUnreadBody


def bare(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    body = b"Refused before reading the form.\n"
    start_response(
        "403 Forbidden", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
    )
    return [body]


application = DrainUnreadBody(bare)
