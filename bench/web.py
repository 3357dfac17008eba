"""The web section: reader pages under load, each against a trivial view served the same way.

Once per database asked for (``--databases sqlite,postgres``), each built fresh (or kept, with
``--web-keep``): three gunicorn starts on it, one with the page cache off, which serves the
trivial view (the ceiling), the article page over ~200 different articles, the front page, the
country, topic and outlet listings with the most articles, the feed and the search page for a
broad word of the archive; one with every cache off (page, fragments, boxes), for the article's
cold render; one with the page cache on, which serves one article over and over, then the same
article and the front page through Varnish (the shipped VCL) in front of it."""

from __future__ import annotations

import http.client
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from foreigndesk.testing.varnish import Varnish, VarnishError, varnishd_path

from . import procstat
from .load import LoadError, LoadResult, run_python, run_wrk, wrk_available
from .search import DEFAULT_POSTGRES, on_both_databases
from .sections import BenchError, Context
from .server import Gunicorn, ServerError, get

TRIVIAL = "trivial view"
ARTICLE_UNCACHED = "article, uncached"
ARTICLE_COLD = "article, cold"
ARTICLE_CACHED = "article, cached"
MINIMAL = "minimal WSGI app, same bytes"
FRONT = "front page"
COUNTRY = "country listing"
TOPIC = "topic listing"
OUTLET = "outlet listing"
FEED = "feed"
SEARCH = "search page"
VARNISH_ARTICLE = "article, through Varnish"
VARNISH_FRONT = "front page, through Varnish"
ORDER = (
    TRIVIAL,
    ARTICLE_UNCACHED,
    ARTICLE_COLD,
    ARTICLE_CACHED,
    MINIMAL,
    VARNISH_ARTICLE,
    FRONT,
    VARNISH_FRONT,
    COUNTRY,
    TOPIC,
    OUTLET,
    FEED,
    SEARCH,
)
# Budgets from DESIGN.md, as fractions of the trivial view's requests per second: the article
# with the page cache off 0.25, its cold render 0.06, the front page and listings 0.20.
TARGETS = {
    ARTICLE_UNCACHED: 0.25,
    ARTICLE_COLD: 0.06,
    ARTICLE_CACHED: 0.90,
    FRONT: 0.20,
    COUNTRY: 0.20,
    TOPIC: 0.20,
    OUTLET: 0.20,
    FEED: 0.20,
    SEARCH: 0.03,
}
#: A page cache hit through Varnish, as a multiple of gunicorn's own cache hit (DESIGN.md).
VARNISH_HIT_TARGET = 10.0
CACHE_SETTING = "FOREIGNDESK_PAGE_CACHE_SECONDS"
#: A page of many addresses is warmed until each address was asked about this many times per
#: worker (or for MAX_WARMUP seconds at most), so that every worker has rendered each once.
WARM_VISITS = 3
#: Rounds of the cached article and the minimal app, taken in turn: their ratio is a median of
#: rounds measured moments apart, not of two runs a minute apart on a machine whose speed drifts.
HIT_ROUNDS = 3
MAX_WARMUP = 60.0
#: Every cache of rendered parts off too, for the cold render of an article.
COLD = {
    CACHE_SETTING: "0",
    "FOREIGNDESK_FRAGMENT_CACHE_SECONDS": "0",
    "FOREIGNDESK_BOX_CACHE_SECONDS": "0",
}
#: The databases' names in the options, and as Django's connection names them.
VENDORS = {"sqlite": "sqlite", "postgres": "postgresql"}


@dataclass
class Row:
    """One line of the table: a page, its address, and a result or why there is none."""

    page: str
    address: str
    result: LoadResult | None = None
    failure: str = ""
    #: CPU milliseconds the server spent per request in the measured run (gunicorn's workers, and
    #: PostgreSQL's backends when the database is PostgreSQL); None where /proc cannot tell.
    cpu_ms: float | None = None


class ThroughVarnish:
    """Varnish in front of a gunicorn, as a target of the load: requests go to Varnish; the CPU
    they cost is varnishd's (its manager and cache process) and the backend's."""

    host = Varnish.host

    def __init__(self, varnish: Varnish, backend: Gunicorn) -> None:
        self.varnish = varnish
        self.backend = backend
        self.env = backend.env

    @property
    def port(self) -> int:
        return self.varnish.port

    @property
    def base_url(self) -> str:
        return self.varnish.url

    def wait_until_idle(self) -> float:
        return self.backend.wait_until_idle()

    def worker_pids(self) -> list[int]:
        process = self.varnish.process
        if process is None or process.poll() is not None:
            return []
        return [process.pid, *procstat.children(process.pid), *self.backend.worker_pids()]


Target = Gunicorn | ThroughVarnish


def _x_cache(server: ThroughVarnish, path: str) -> str:
    """Varnish's verdict on one more request for ``path`` (``hit`` or ``miss``)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader("X-Cache") or "no X-Cache header"
    finally:
        connection.close()


def _check(server: Target, paths: Sequence[str]) -> str:
    """Why these paths cannot be measured ("404", "301 → /x/"), or "" when all answer 200."""
    for path in paths:
        try:
            status, location = get(server.host, server.port, path)
        except OSError as error:
            return f"no answer ({error})"
        if status != 200:
            where = f" at {path}" if len(paths) > 1 else ""
            return f"{status}{' → ' + location if location else ''}{where}"
    return ""


def _measure(context: Context, server: Target, row: Row, paths: Sequence[str]) -> Row:
    args = context.args
    row.failure = _check(server, paths)
    if row.failure:
        context.write(f"  {row.page}: FAILED, {row.failure}")
        return row
    # Each worker keeps its own cache of rendered parts: a page of many addresses is warm only
    # once every worker has served each address (about WARM_VISITS times each, spread by the
    # kernel), which a slow page may not reach in the warm-up's seconds.
    warm = len(paths) * args.workers * WARM_VISITS if len(paths) > 1 else 0
    try:
        served = spent = 0.0
        for measured, seconds in ((False, args.warmup), (True, args.duration)):
            while True:
                pids = _server_pids(server)
                before = procstat.total_cpu(pids)
                waited = server.wait_until_idle()
                if waited > 1:
                    context.write(
                        f"  (waited {waited:.0f} s for the server to finish queued requests)"
                    )
                result = _load(context, server, paths, seconds)
                # Read straight after the run: what a request still queued then costs is left
                # out, as wrk leaves it out of the count.
                used = procstat.cpu_used(before, procstat.total_cpu(_server_pids(server)))
                served, spent = served + result.requests, spent + seconds
                if measured or served >= warm or spent >= MAX_WARMUP:
                    break
    except LoadError as error:
        row.failure = str(error)
        context.write(f"  {row.page}: FAILED, {error}")
        return row
    row.result = result
    if pids and result.requests:
        row.cpu_ms = 1000 * used / result.requests
    if result.non_2xx:
        row.failure = f"{result.non_2xx} of {result.requests} responses were not 2xx or 3xx"
    context.write(
        f"  {row.page}: {result.requests_per_second:.0f} req/s over {result.requests} requests"
        + (f", {row.cpu_ms:.1f} ms CPU per request" if row.cpu_ms is not None else "")
        + (f", {result.socket_errors} socket errors" if result.socket_errors else "")
        + (f", FAILED: {row.failure}" if row.failure else "")
    )
    return row


def _load(context: Context, server: Target, paths: Sequence[str], seconds: float) -> Any:
    """One run of the load generator on ``paths`` for ``seconds``."""
    args = context.args
    if _use_wrk(args.loader):
        return run_wrk(
            server.base_url,
            paths,
            duration=seconds,
            connections=args.connections,
            threads=args.threads,
            folder=context.folder,
        )
    return run_python(
        server.host, server.port, paths, duration=seconds, connections=args.connections
    )


def _server_pids(server: Target) -> list[int]:
    """The processes whose CPU a request costs: the workers, and on PostgreSQL the backends
    of the benchmark's database (other databases' backends left out)."""
    if not procstat.available():
        return []
    pids = server.worker_pids()
    url = urlsplit(server.env.get("DATABASE_URL", ""))
    if url.scheme.startswith("postgres") and url.path.strip("/"):
        pids += procstat.processes_named("postgres: ", containing=f" {url.path.strip('/')} ")
    return pids


def _rss_mb(server: Target) -> list[float]:
    """Each worker's resident memory in MB (2**20 bytes), once it has served every page."""
    if not procstat.available():
        return []
    return [round(procstat.rss_bytes(pid) / 2**20, 1) for pid in server.worker_pids()]


def varnish_hit_ratio(rows: dict[str, Row]) -> float | None:
    """Requests per second of the cached article through Varnish over gunicorn's own hit."""
    through, hit = rows.get(VARNISH_ARTICLE), rows.get(ARTICLE_CACHED)
    if not (through and through.result and hit and hit.result):
        return None
    if through.failure or hit.failure or not hit.result.requests_per_second:
        return None
    return through.result.requests_per_second / hit.result.requests_per_second


def record(
    rows: dict[str, Row],
    *,
    count: int,
    rss_mb: list[float],
    database: str = "sqlite",
    database_name: str = "",
    failure: str = "",
) -> dict[str, Any]:
    """The figures of one web run as plain data, for bench/results.py to keep: ``database``
    is the vendor the server was found to use (``sqlite``, ``postgresql``), ``failure`` why
    the run has no figures at all."""
    trivial = rows.get(TRIVIAL)
    ceiling = (
        trivial.result.requests_per_second
        if trivial and trivial.result and not trivial.failure
        else None
    )
    pages = []
    for name in ORDER:
        row = rows.get(name)
        if row is None:
            continue
        result = asdict(row.result) if row.result else None
        ratio = (
            row.result.requests_per_second / ceiling
            if ceiling and row.result and not row.failure
            else None
        )
        pages.append(
            {
                "page": name,
                "address": row.address,
                "failure": row.failure,
                "result": result,
                "ratio": ratio,
                "target": TARGETS.get(name),
                "cpu_ms_per_request": row.cpu_ms,
            }
        )
    return {
        "count": count,
        "database": database,
        "database_name": database_name,
        "failure": failure,
        "pages": pages,
        "rss_mb_per_worker": rss_mb,
        "varnish_hit_ratio": varnish_hit_ratio(rows),
        "varnish_hit_target": VARNISH_HIT_TARGET,
    }


def median_row(rows: Sequence[Row]) -> Row:
    """The round of median rate; a failed round is the answer when there is one."""
    failed = [row for row in rows if row.failure or not row.result]
    if failed:
        return failed[0]
    ranked = sorted(rows, key=lambda row: row.result.requests_per_second if row.result else 0.0)
    return ranked[len(ranked) // 2]


def _record_answer(server: Gunicorn, path: str, folder: Path) -> dict[str, str]:
    """Keep the server's answer to ``path`` (status line, headers, bytes) in files for the
    minimal application (``bench.minimal``) to serve; the environment that names them."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        status = f"{response.status} {response.reason}"
        headers = response.getheaders()
    finally:
        connection.close()
    (folder / "minimal.body").write_bytes(body)
    (folder / "minimal.headers.json").write_text(json.dumps([status, headers]))
    return {
        "BENCH_MINIMAL_BODY": str(folder / "minimal.body"),
        "BENCH_MINIMAL_HEADERS": str(folder / "minimal.headers.json"),
    }


def _use_wrk(loader: str) -> bool:
    return loader == "wrk" or (loader == "auto" and wrk_available())


def _cell(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def table(rows: dict[str, Row]) -> list[str]:
    """The result table, in the fixed order of pages, with the ratio to the trivial view."""
    trivial = rows.get(TRIVIAL)
    ceiling = (
        trivial.result.requests_per_second
        if trivial and trivial.result and not trivial.failure
        else None
    )
    header = [
        "page",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "CPU ms/req",
        "ratio to trivial",
        "target",
    ]
    lines = [header]
    for name in ORDER:
        row = rows.get(name)
        if row is None:
            continue
        target = TARGETS.get(name)
        label = f"{name} {row.address}"
        if row.failure or row.result is None:
            lines.append([label, f"FAILED: {row.failure}"])
            continue
        result = row.result
        ratio = result.requests_per_second / ceiling if ceiling else None
        verdict = ""
        if target is not None:
            verdict = f">= {target:.2f}"
            if ratio is not None:
                verdict += " ok" if ratio >= target else " BELOW"
        lines.append(
            [
                label,
                _cell(result.requests_per_second, 0),
                _cell(result.p50_ms, 1),
                _cell(result.p90_ms, 1),
                _cell(result.p99_ms, 1),
                _cell(row.cpu_ms, 2),
                _cell(ratio, 3) if ratio is not None else "n/a",
                verdict,
            ]
        )
    # A failed row is the page and the reason, written across the numeric columns.
    widths = [
        max(len(line[i]) for line in lines if len(line) == len(header)) for i in range(len(header))
    ]
    widths[0] = max(len(line[0]) for line in lines)
    text = []
    for number, line in enumerate(lines):
        cells = [
            cell.ljust(width) if i == 0 or len(line) < len(header) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=False))
        ]
        text.append(" | ".join(cells).rstrip())
        if number == 0:
            text.append("-+-".join("-" * width for width in widths))
    return text


def web(context: Context) -> bool:
    """The section: for each database asked for, a fresh one built, served and measured."""
    args = context.args
    if args.loader == "wrk" and not wrk_available():
        raise BenchError("--loader=wrk, but wrk is not installed (apt-get install wrk)")
    databases: list[str] = list(getattr(args, "databases", None) or ["sqlite"])
    postgres: str = getattr(args, "postgres", None) or DEFAULT_POSTGRES
    done: dict[str, bool] = {}

    def run_child(url: str, folder: Path) -> dict[str, Any]:
        asked = "postgres" if url.startswith("postgres") else "sqlite"
        child = Context(
            args=args,
            folder=folder,
            stdout=context.stdout,
            results=context.results,
            database_url=url,
        )
        try:
            done[asked] = _web_on(child, asked=asked)
        except (BenchError, ServerError) as error:
            child.write(f"web: FAILED on {child.database_label}, {error}")
            context.results.setdefault("web", []).append(
                record({}, count=args.count, rss_mb=[], database=VENDORS[asked], failure=str(error))
            )
            done[asked] = False
        return {"database": asked}

    on_both_databases(
        "web",
        f"{args.count} articles",
        postgres,
        context.stdout,
        run_child,
        databases=databases,
        folder=context.folder,
        keep=f"{args.web_keep}_{args.count}" if getattr(args, "web_keep", None) else None,
    )
    for missing in (name for name in databases if name not in done):
        why = f"PostgreSQL unreachable at {postgres}"
        context.results.setdefault("web", []).append(
            record({}, count=args.count, rss_mb=[], database=VENDORS[missing], failure=why)
        )
    return all(done.get(name, False) for name in databases)


def _through_varnish(context: Context, server: Gunicorn, rows: dict[str, Row], article: str) -> str:
    """Measure the cached article and the front page through Varnish in front of ``server``
    (rows filled in either way); "" or why Varnish could not be measured."""
    plan = [(VARNISH_ARTICLE, "(1 article)", article), (VARNISH_FRONT, "/", "/")]
    if varnishd_path() is None:
        why = "varnishd is not installed (apt-get install varnish)"
    else:
        try:
            with Varnish(backend_port=server.port, memory="128m") as varnish:
                pid = varnish.process.pid if varnish.process else "?"
                context.write(f"  Varnish (the shipped VCL) on {varnish.url}, pid {pid}")
                target = ThroughVarnish(varnish, server)
                for name, address, path in plan:
                    row = _measure(context, target, Row(name, address), [path])
                    verdict = _x_cache(target, path) if not row.failure else "hit"
                    if verdict != "hit":
                        row.failure = f"Varnish did not keep the page (X-Cache: {verdict})"
                        context.write(f"  {name}: FAILED, {row.failure}")
                    rows[name] = row
            return ""
        except VarnishError as error:
            why = str(error)
    context.write(f"  through Varnish: not measured, {why}")
    for name, address, _ in plan:
        rows[name] = Row(name, address, failure=f"not measured: {why}")
    return why


def _web_on(context: Context, *, asked: str = "sqlite") -> bool:
    """Build the database, serve it twice, measure every page, print the table."""
    args = context.args
    manifest = context.database()
    vendor = manifest.get("vendor", "")
    if vendor != VENDORS[asked]:
        raise BenchError(f"asked for {asked}, but the articles were written to {vendor!r}")
    articles: list[str] = manifest["article_paths"]
    country = f"/countries/{manifest['busiest_country']}/"
    topic = f"/topics/{manifest['busiest_topic']}/"
    outlet = f"/outlets/{manifest['busiest_outlet']}/"
    search = "/search/?" + urlencode({"q": manifest.get("search_query") or "the"})
    rows: dict[str, Row] = {}
    loader = "wrk" if _use_wrk(args.loader) else "the Python fallback load generator"
    context.write(
        f"load: {loader}, {args.connections} connections, {args.threads} threads, "
        f"{args.warmup:g} s warm-up and {args.duration:g} s measured per page; "
        f"gunicorn with {args.workers} sync workers"
    )
    log = context.folder / "gunicorn.log"

    context.write(f"server 1: {CACHE_SETTING}=0")
    # One load generator on one address would be refused past the search page's rate limit.
    unlimited = {"FOREIGNDESK_RATE_SEARCH": "1000000/m"}
    with Gunicorn(
        env=context.env(**{CACHE_SETTING: "0"}, **unlimited), workers=args.workers, log=log
    ) as server:
        plan = [
            (TRIVIAL, "/healthz", ["/healthz"]),
            (ARTICLE_UNCACHED, f"({len(articles)} articles)", articles),
            (FRONT, "/", ["/"]),
            (COUNTRY, country, [country]),
            (TOPIC, topic, [topic]),
            (OUTLET, outlet, [outlet]),
            (FEED, "/rss/", ["/rss/"]),
            (SEARCH, search, [search]),
        ]
        for name, address, paths in plan:
            rows[name] = _measure(context, server, Row(name, address), paths)
        rss_mb = _rss_mb(server)

    context.write(
        "server 2: every cache off (" + ", ".join(f"{k}={v}" for k, v in COLD.items()) + ")"
    )
    with Gunicorn(env=context.env(**COLD), workers=args.workers, log=log) as server:
        rows[ARTICLE_COLD] = _measure(
            context, server, Row(ARTICLE_COLD, f"({len(articles)} articles)"), articles
        )

    context.write(f"server 3: {CACHE_SETTING}=600")
    with Gunicorn(
        env=context.env(**{CACHE_SETTING: "600"}), workers=args.workers, log=log
    ) as server:
        context.write(f"  the cached article: {articles[0]}")
        rows[ARTICLE_CACHED] = _measure(
            context, server, Row(ARTICLE_CACHED, "(1 article)"), articles[:1]
        )
        again = _measure(context, server, Row(TRIVIAL, "/healthz"), ["/healthz"])
        answer = _record_answer(server, articles[0], context.folder)
        _through_varnish(context, server, rows, articles[0])
        context.write(
            "server 4: bench.minimal, the cached article's answer from a bare WSGI app; "
            f"{HIT_ROUNDS} rounds of each, in turn with server 3"
        )
        with Gunicorn(
            env=context.env(**answer),
            workers=args.workers,
            log=log,
            app="bench.minimal:application",
        ) as minimal:
            hits, bares = [rows[ARTICLE_CACHED]], []
            for turn in range(HIT_ROUNDS):
                if turn:
                    hits.append(
                        _measure(context, server, Row(ARTICLE_CACHED, "(1 article)"), articles[:1])
                    )
                bares.append(_measure(context, minimal, Row(MINIMAL, "(1 article)"), articles[:1]))
        rows[ARTICLE_CACHED], rows[MINIMAL] = median_row(hits), median_row(bares)

    first = rows[TRIVIAL].result
    drift = None
    if again.result and not again.failure and first and not rows[TRIVIAL].failure:
        drift = again.result.requests_per_second / first.requests_per_second - 1
        # The ceiling is the better of the two: on a machine that other work slows down now and
        # then, a page measured in a quiet moment must not look faster than the trivial view.
        if drift > 0:
            again.address = "/healthz (2nd run)"  # its CPU per request comes with it
            rows[TRIVIAL] = again
    context.write()
    for line in table(rows):
        context.write(line)
    if rss_mb:
        context.write(
            "resident memory per worker after serving every page: "
            + ", ".join(f"{value:.1f} MB" for value in rss_mb)
        )
    context.results.setdefault("web", []).append(
        record(
            rows,
            count=args.count,
            rss_mb=rss_mb,
            database=vendor,
            database_name=manifest.get("database_name", ""),
        )
    )
    if drift is not None and first and again.result:
        unsteady = (
            "; the machine was not steady, read the ratios as rough" if abs(drift) > 0.15 else ""
        )
        context.write(
            f"the trivial view was measured twice, {first.requests_per_second:.0f} req/s at the "
            f"start and {again.result.requests_per_second:.0f} at the end ({drift:+.0%}); the "
            f"table divides by the faster{unsteady}"
        )
    hit, bare = rows.get(ARTICLE_CACHED), rows.get(MINIMAL)
    if hit and hit.result and bare and bare.result and not hit.failure and not bare.failure:
        context.write(
            f"cached article / minimal WSGI app: "
            f"{hit.result.requests_per_second / bare.result.requests_per_second:.3f} "
            f"(medians of {HIT_ROUNDS} rounds taken in turn)"
        )
    through = varnish_hit_ratio(rows)
    if through is not None:
        context.write(
            f"cached article through Varnish / gunicorn's own cache hit: {through:.1f} "
            f"(target >= {VARNISH_HIT_TARGET:.0f}: {'ok' if through >= VARNISH_HIT_TARGET else 'BELOW'})"
        )
        hit_cpu, varnish_cpu = rows[ARTICLE_CACHED].cpu_ms, rows[VARNISH_ARTICLE].cpu_ms
        if hit_cpu and varnish_cpu:
            # At tens of thousands of requests a second the load generator, on the same cores,
            # bounds the rate: the server's CPU per request says what each hit costs.
            context.write(
                f"CPU per cached article: gunicorn {hit_cpu:.3f} ms, Varnish {varnish_cpu:.3f} ms "
                f"({hit_cpu / varnish_cpu:.1f} times less)"
            )
    for row in rows.values():
        if row.result and row.result.socket_errors:
            context.write(
                f"{row.page}: {row.result.socket_errors} socket errors (connect, read, write or "
                "a 10 s timeout), left out of the rate and the latencies"
            )
    return not any(row.failure for row in rows.values())
