"""The web section runs on each database asked for, each built fresh (a PostgreSQL one created
and dropped by the run), and measures the cached pages through Varnish too."""

from __future__ import annotations

import argparse
import io
import json
import os
from pathlib import Path

import pytest

from bench import web
from bench.__main__ import _databases, main
from bench.search import DEFAULT_POSTGRES, _postgres
from bench.sections import BenchError, Context
from foreigndesk.testing.varnish import varnishd_path

POSTGRES = os.environ.get("WEB_BENCH_POSTGRES", DEFAULT_POSTGRES)


def _require(condition: bool, why: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


def test_databases_are_read_in_the_order_they_run_and_unknown_ones_refused():
    assert _databases("postgres,sqlite") == ["sqlite", "postgres"]
    assert _databases("postgres") == ["postgres"]
    for text in ("", "mysql", "sqlite,oracle"):
        with pytest.raises(argparse.ArgumentTypeError, match="sqlite or postgres"):
            _databases(text)


def test_a_run_on_another_database_than_asked_for_is_refused(tmp_path):
    context = Context(args=argparse.Namespace(), folder=tmp_path, stdout=io.StringIO())
    context._manifest = {"vendor": "sqlite", "article_paths": ["/a/"]}
    with pytest.raises(BenchError, match="asked for postgres, but the articles were written"):
        web._web_on(context, asked="postgres")


def test_without_varnishd_the_rows_say_why_they_are_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(web, "varnishd_path", lambda: None)
    out = io.StringIO()
    context = Context(args=argparse.Namespace(), folder=tmp_path, stdout=out)
    rows: dict[str, web.Row] = {}
    why = web._through_varnish(context, None, rows, "/a/")  # type: ignore[arg-type]
    assert "varnishd is not installed" in why
    for name in (web.VARNISH_ARTICLE, web.VARNISH_FRONT):
        assert rows[name].result is None
        assert "varnishd is not installed" in rows[name].failure
    assert "through Varnish: not measured, varnishd is not installed" in out.getvalue()
    table = "\n".join(web.table(rows))
    assert "article, through Varnish (1 article) | FAILED: not measured" in table


def test_every_row_on_sqlite_and_postgresql_in_databases_of_their_own(tmp_path):
    server = _postgres(POSTGRES)
    _require(server is not None, f"PostgreSQL unreachable at {POSTGRES}")
    assert server is not None
    server[0].close()
    _require(varnishd_path() is not None, "varnishd is not installed (apt-get install varnish)")
    out = io.StringIO()
    code = main(
        [
            "--only=web",
            "--count=50",
            "--duration=0.3",
            "--warmup=0.1",
            "--connections=4",
            "--databases=sqlite,postgres",
            f"--postgres={POSTGRES}",
            f"--results={tmp_path}",
        ],
        stdout=out,
    )
    text = out.getvalue()
    assert code == 0, text
    (saved,) = (tmp_path / "runs").glob("*.json")
    record = json.loads(saved.read_text())
    assert record["options"]["databases"] == ["sqlite", "postgres"]
    runs = record["results"]["web"]
    assert [run["database"] for run in runs] == ["sqlite", "postgresql"]
    sqlite, postgres = runs
    assert sqlite["database_name"].endswith(".sqlite3")
    name = postgres["database_name"]
    assert name.startswith("foreigndesk_web_bench_")
    assert f"database: PostgreSQL database {name}" in text
    for run in runs:
        assert run["count"] == 50
        assert not run["failure"]
        pages = {page["page"]: page for page in run["pages"]}
        assert set(pages) == set(web.ORDER), run["database"]
        for page in pages.values():
            assert not page["failure"], (run["database"], page)
            assert page["result"]["requests"] > 0, (run["database"], page)
        assert run["varnish_hit_ratio"] == pytest.approx(
            pages[web.VARNISH_ARTICLE]["result"]["requests_per_second"]
            / pages[web.ARTICLE_CACHED]["result"]["requests_per_second"]
        )
        assert run["varnish_hit_target"] == web.VARNISH_HIT_TARGET
    # The PostgreSQL database was dropped, and the report names both databases.
    connection, _ = _postgres(POSTGRES) or (None, "")
    assert connection is not None
    with connection:
        assert not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    report = Path(tmp_path / "report.html").read_text()
    assert "50 articles, SQLite" in report
    assert "50 articles, PostgreSQL" in report
    assert "through Varnish / gunicorn&#x27;s own cache hit" in report or (
        "through Varnish / gunicorn's own cache hit" in report
    )


def test_rounds_taken_in_turn_are_read_by_their_median():
    from bench.load import LoadResult

    def round_at(rate: float, failure: str = "") -> web.Row:
        result = LoadResult(int(rate * 3), 3.0, rate, 1.0, 2.0, 3.0)
        return web.Row("article, cached", "(1 article)", result, failure)

    rows = [round_at(7000.0), round_at(5000.0), round_at(6100.0)]
    assert web.median_row(rows) is rows[2]
    broken = round_at(9000.0, failure="12 of 9000 responses were not 2xx or 3xx")
    assert web.median_row([*rows[:2], broken]) is broken
