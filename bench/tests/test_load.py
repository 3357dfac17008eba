import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from bench.load import (
    LoadError,
    LoadResult,
    parse_wrk,
    run_python,
    write_paths_script,
)
from bench.web import ARTICLE_UNCACHED, FEED, TRIVIAL, Row, _check, table

# The shape of wrk 4.1's output with --latency, numbers made up for this test.
WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:41234/healthz
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.52ms    2.10ms  48.31ms   88.12%
    Req/Sec     3.61k   310.55     4.20k    71.00%
  Latency Distribution
     50%    4.10ms
     75%    5.02ms
     90%  812.00us
     99%    1.25s
  71893 requests in 10.01s, 31.42MB read
  Socket errors: connect 0, read 3, write 1, timeout 2
  Non-2xx or 3xx responses: 17
Requests/sec:   7182.12
Transfer/sec:      3.14MB
"""


def test_parses_rate_latency_and_errors():
    result = parse_wrk(WRK_OUTPUT)

    assert result.requests == 71893
    assert result.seconds == pytest.approx(10.01)
    assert result.requests_per_second == pytest.approx(7182.12)
    assert result.p50_ms == pytest.approx(4.10)
    assert result.p90_ms == pytest.approx(0.812)
    assert result.p99_ms == pytest.approx(1250.0)
    assert result.non_2xx == 17
    assert result.socket_errors == 6


def test_no_error_lines_means_no_errors():
    clean = "\n".join(
        line
        for line in WRK_OUTPUT.splitlines()
        if "Non-2xx" not in line and "Socket errors" not in line
    )
    result = parse_wrk(clean)

    assert (result.non_2xx, result.socket_errors) == (0, 0)


def test_output_without_the_distribution_is_an_error():
    without = WRK_OUTPUT.replace("     99%    1.25s\n", "")

    with pytest.raises(LoadError, match="latency distribution"):
        parse_wrk(without)


def test_lua_script_lists_every_path(tmp_path):
    script = write_paths_script(["/2026/01/a-1/", "/2026/02/b-2/"], tmp_path)

    text = script.read_text()
    assert '"/2026/01/a-1/"' in text
    assert '"/2026/02/b-2/"' in text
    assert "function request()" in text


def _result(rate: float) -> LoadResult:
    return LoadResult(
        requests=int(rate * 10),
        seconds=10,
        requests_per_second=rate,
        p50_ms=1,
        p90_ms=2,
        p99_ms=3,
    )


def test_table_gives_ratios_and_marks_failed_rows():
    lines = table(
        {
            TRIVIAL: Row(TRIVIAL, "/healthz", _result(1000)),
            ARTICLE_UNCACHED: Row(ARTICLE_UNCACHED, "(200 articles)", _result(150)),
            FEED: Row(FEED, "/rss/", failure="404"),
        }
    )

    assert lines[0].split(" | ")[0].strip() == "page"
    assert "0.150" in lines[3]
    assert ">= 0.25 BELOW" in lines[3]
    assert "FAILED: 404" in lines[4]


def test_table_without_a_trivial_view_has_no_ratios():
    lines = table(
        {
            TRIVIAL: Row(TRIVIAL, "/healthz", failure="404"),
            ARTICLE_UNCACHED: Row(ARTICLE_UNCACHED, "(200 articles)", _result(150)),
        }
    )

    assert "FAILED: 404" in lines[2]
    assert "n/a" in lines[3]


class _Pages(BaseHTTPRequestHandler):
    """Stands in for gunicorn: /ok answers, /old redirects, anything else is missing."""

    def do_GET(self) -> None:
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pages() -> Iterator[SimpleNamespace]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(host="127.0.0.1", port=server.server_address[1])
    server.shutdown()
    server.server_close()


def test_check_names_the_status_of_a_page_that_is_not_there(pages):
    assert _check(pages, ["/ok"]) == ""
    assert _check(pages, ["/healthz"]) == "404"
    assert _check(pages, ["/old"]) == "301 → /ok"
    assert _check(pages, ["/ok", "/gone"]) == "404 at /gone"


def test_python_fallback_counts_requests_and_bad_answers(pages):
    good = run_python(pages.host, pages.port, ["/ok"], duration=0.5, connections=2)
    bad = run_python(pages.host, pages.port, ["/missing"], duration=0.5, connections=2)

    assert good.requests > 0
    assert good.non_2xx == 0
    assert good.p50_ms <= good.p90_ms <= good.p99_ms
    assert bad.non_2xx == bad.requests > 0
