"""The minimal WSGI application serves the answer it was given, less the server's own headers."""

from __future__ import annotations

import importlib
import json

import bench.minimal


def test_the_minimal_app_replays_the_recorded_answer(tmp_path, monkeypatch):
    (tmp_path / "body").write_bytes(b"<p>cached bytes</p>")
    headers = [
        ["Date", "Sat, 05 Dec 2026 10:00:00 GMT"],
        ["Content-Type", "text/html; charset=utf-8"],
        ["Content-Length", "19"],
        ["Connection", "close"],
        ["ETag", '"abc"'],
    ]
    (tmp_path / "headers.json").write_text(json.dumps(["200 OK", headers]))
    monkeypatch.setenv("BENCH_MINIMAL_BODY", str(tmp_path / "body"))
    monkeypatch.setenv("BENCH_MINIMAL_HEADERS", str(tmp_path / "headers.json"))
    module = importlib.reload(bench.minimal)
    seen = []
    body = b"".join(module.application({}, lambda status, headers: seen.append((status, headers))))
    assert body == b"<p>cached bytes</p>"
    assert seen == [
        (
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", "19"),
                ("ETag", '"abc"'),
            ],
        )
    ]
