"""The benchmark keeps each run's figures and draws them, with the earlier runs, in one page."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time

import pytest

from bench import procstat
from bench.__main__ import _counts
from bench.load import LoadResult
from bench.results import ResultsError, load_runs, new_record, render, save, write_report
from bench.web import ARTICLE_UNCACHED, FEED, TRIVIAL, Row, record


def _result(rate: float) -> LoadResult:
    return LoadResult(
        requests=int(rate * 10),
        seconds=10.0,
        requests_per_second=rate,
        p50_ms=5.0,
        p90_ms=8.0,
        p99_ms=20.0,
    )


def _web(count: int, article_rate: float, article_cpu: float) -> dict[str, object]:
    rows = {
        TRIVIAL: Row(TRIVIAL, "/healthz", _result(2000), cpu_ms=0.5),
        ARTICLE_UNCACHED: Row(
            ARTICLE_UNCACHED, "(200 articles)", _result(article_rate), cpu_ms=article_cpu
        ),
        FEED: Row(FEED, "/rss/", failure="404"),
    }
    return record(rows, count=count, rss_mb=[91.5, 92.25])


def _run(started: str, *webs: dict[str, object]) -> dict[str, object]:
    run = new_record(
        sections=["web"],
        options={"duration": 10},
        started=datetime.datetime.fromisoformat(started),
    )
    run["results"] = {"web": list(webs), "startup": {"--help": {"least_s": 0.125}}}
    return run


def test_the_web_record_holds_ratios_cpu_and_memory():
    web = _web(1000, 300, 7.5)
    pages = {page["page"]: page for page in web["pages"]}

    assert web["count"] == 1000
    assert web["rss_mb_per_worker"] == [91.5, 92.25]
    assert pages[ARTICLE_UNCACHED]["ratio"] == pytest.approx(0.15)
    assert pages[ARTICLE_UNCACHED]["cpu_ms_per_request"] == 7.5
    assert pages[ARTICLE_UNCACHED]["target"] == 0.25
    assert pages[FEED]["failure"] == "404"
    assert pages[FEED]["ratio"] is None


def test_runs_are_kept_side_by_side_and_read_back_oldest_first(tmp_path):
    later = save(_run("2026-03-02T10:00:00+00:00", _web(1000, 300, 7.5)), tmp_path)
    earlier = save(_run("2026-03-01T10:00:00+00:00", _web(1000, 250, 9.0)), tmp_path)
    again = save(_run("2026-03-02T10:00:00+00:00", _web(1000, 310, 7.0)), tmp_path)

    assert len({later, earlier, again}) == 3  # a run never overwrites another
    runs = load_runs(tmp_path)
    assert [run["started"][:10] for run in runs] == ["2026-03-01", "2026-03-02", "2026-03-02"]
    assert runs[0]["results"]["web"][0]["pages"][1]["cpu_ms_per_request"] == 9.0


def test_a_file_that_is_not_a_record_is_refused_by_name(tmp_path):
    save(_run("2026-03-01T10:00:00+00:00", _web(1000, 250, 9.0)), tmp_path)
    (tmp_path / "runs" / "stray.json").write_text(json.dumps({"hello": 1}))

    with pytest.raises(ResultsError, match=r"stray\.json"):
        load_runs(tmp_path)


def test_the_report_draws_the_latest_run_by_archive_size_and_the_history(tmp_path):
    save(_run("2026-03-01T10:00:00+00:00", _web(1000, 250, 9.0)), tmp_path)
    save(
        _run("2026-03-02T10:00:00+00:00", _web(1000, 300, 7.5), _web(100_000, 120, 21.25)),
        tmp_path,
    )

    page = write_report(tmp_path).read_text(encoding="utf-8")

    # Four charts of the latest run (rate, CPU, ratio, memory) and two across runs.
    assert page.count("<svg") == 6
    assert "<script" not in page  # one offline file, no JavaScript
    assert "1,000 articles" in page
    assert "100,000 articles" in page
    assert "21.25" in page  # the CPU per request at 100,000 articles, in the table
    assert "0.060" in page  # 120 / 2000 req/s
    assert "From run to run, at 1,000 articles" in page
    assert page.count("<li><a href='runs/") == 2
    assert "FAILED: 404" in page
    assert "&quot;least_s&quot;: 0.125" in page  # the start-up figure


def test_a_run_without_pages_leaves_the_last_pages_in_view(tmp_path):
    save(_run("2026-03-01T10:00:00+00:00", _web(1000, 250, 9.0)), tmp_path)
    startup_only = _run("2026-03-02T10:00:00+00:00")
    startup_only["results"] = {"startup": {"--help": {"least_s": 0.25}}}
    save(startup_only, tmp_path)

    page = render(load_runs(tmp_path))
    assert "Pages under load, latest run (2026-03-01T10:00:00+00:00)" in page
    assert "&quot;least_s&quot;: 0.25" in page
    assert "&quot;least_s&quot;: 0.125" not in page


def test_a_report_of_one_run_has_no_history_and_of_none_is_an_error(tmp_path):
    save(_run("2026-03-01T10:00:00+00:00", _web(1000, 250, 9.0)), tmp_path)
    assert "From run to run" not in render(load_runs(tmp_path))
    with pytest.raises(ResultsError, match="no benchmark run"):
        render([])


def test_counts_are_read_and_bad_ones_refused():
    assert _counts("1000,10000,100_000") == [1000, 10000, 100000]
    for bad in ("", "1000,x", "0,1000", "-5"):
        with pytest.raises(argparse.ArgumentTypeError, match="separated by commas"):
            _counts(bad)


@pytest.mark.skipif(not procstat.available(), reason="needs Linux's /proc")
def test_procstat_reads_a_child_process_cpu_and_memory():
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nblock = bytearray(64 * 2**20)\nend = time.process_time() + 0.3\n"
            "while time.process_time() < end: pass\nprint('done', flush=True)\ntime.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "done\n"
        assert child.pid in procstat.children(os.getpid())
        assert procstat.cpu_seconds(child.pid) >= 0.25
        assert procstat.rss_bytes(child.pid) > 64 * 2**20
        before = procstat.total_cpu([child.pid])
        time.sleep(0.2)  # asleep: next to no CPU
        assert procstat.cpu_used(before, procstat.total_cpu([child.pid])) < 0.1
    finally:
        child.kill()
        child.wait()
    assert procstat.cpu_seconds(child.pid) == 0.0  # gone
    assert procstat.rss_bytes(child.pid) == 0


def test_procstat_reads_a_name_with_spaces_and_parentheses(tmp_path):
    (tmp_path / "42").mkdir()
    fields = ["S", *["0"] * 10, "250", "150", *["0"] * 30]  # state is field 3, utime field 14
    (tmp_path / "42" / "stat").write_text("42 (odd (name) here) " + " ".join(fields) + "\n")
    (tmp_path / "42" / "cmdline").write_bytes(b"postgres: bench bench 127.0.0.1(5)\0")

    assert procstat.cpu_seconds(42, tmp_path) == pytest.approx(400 / procstat.TICKS)
    assert procstat.processes_named("postgres: ", containing=" bench ", proc=tmp_path) == [42]
    assert procstat.processes_named("postgres: ", containing=" other ", proc=tmp_path) == []
    assert procstat.cpu_used({42: 1.0, 7: 5.0}, {42: 3.5, 9: 0.5}) == pytest.approx(3.0)
