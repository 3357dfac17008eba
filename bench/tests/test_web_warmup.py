"""A page of many addresses is warmed until every worker has served each address, so that its
row measures the page with each worker's caches filled, however slow the page."""

from __future__ import annotations

import argparse
import io
from types import SimpleNamespace

from bench import web
from bench.sections import Context


class _Server:
    def wait_until_idle(self) -> float:
        return 0.0


def _runs(monkeypatch, tmp_path, paths: list[str], per_run: int) -> list[float]:
    """The durations of the load runs made to measure one row, each serving ``per_run``."""
    runs: list[float] = []

    def load(context, server, asked, seconds):
        assert asked == paths
        runs.append(seconds)
        return SimpleNamespace(
            requests=per_run, requests_per_second=per_run / seconds, non_2xx=0, socket_errors=0
        )

    monkeypatch.setattr(web, "_load", load)
    monkeypatch.setattr(web, "_check", lambda server, paths: None)
    monkeypatch.setattr(web, "_server_pids", lambda server: [])
    args = argparse.Namespace(warmup=1.0, duration=5.0, workers=2, loader="python")
    context = Context(args=args, folder=tmp_path, stdout=io.StringIO())
    row = web._measure(context, _Server(), web.Row("article, uncached", "(10)"), paths)  # type: ignore[arg-type]
    assert row.result is not None
    assert row.result.requests == per_run
    return runs


def test_many_addresses_are_warmed_until_each_worker_served_each(monkeypatch, tmp_path):
    paths = [f"/a/{number}/" for number in range(10)]
    # 10 addresses, 2 workers, 3 visits each: 60 requests of warm-up, 25 per second here.
    assert _runs(monkeypatch, tmp_path, paths, per_run=25) == [1.0, 1.0, 1.0, 5.0]
    assert _runs(monkeypatch, tmp_path, paths, per_run=100) == [1.0, 5.0]


def test_one_address_is_warmed_once_and_a_slow_page_within_the_limit(monkeypatch, tmp_path):
    assert _runs(monkeypatch, tmp_path, ["/"], per_run=1) == [1.0, 5.0]
    paths = [f"/a/{number}/" for number in range(10_000)]
    runs = _runs(monkeypatch, tmp_path, paths, per_run=1)
    assert runs[:-1] == [1.0] * int(web.MAX_WARMUP)
    assert runs[-1] == 5.0
