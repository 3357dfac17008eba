"""Keeping each benchmark run's figures, and an HTML report of the latest run beside the others.

Every ``python -m bench`` writes one JSON record into ``bench-results/runs/`` (gitignored) and
rewrites ``bench-results/report.html`` from all the records there: the latest run's requests per
second, CPU per request, ratios to the trivial view and memory per worker, page by page and
archive size by archive size, then how each page's ratio and CPU per request moved from run to
run. Charts are SVG drawn by pygal (a development dependency, as the benchmark is) and written
into the page, so the report is one file that opens without a network.

``python -m bench.results [--folder bench-results]`` rewrites the report from the records alone.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import os
import platform
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import ROOT

DEFAULT_FOLDER = ROOT / "bench-results"
#: Version of a record's layout, so that a later report can tell older records apart.
FORMAT = 1


class ResultsError(ValueError):
    """A record cannot be read (not JSON, or not a benchmark record)."""


def new_record(
    *, sections: list[str], options: dict[str, Any], started: datetime.datetime
) -> dict[str, Any]:
    """The frame of one run's record; sections add their figures under ``results``."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "format": FORMAT,
        "started": started.isoformat(timespec="seconds"),
        "sections": sections,
        "options": options,
        "machine": {
            "cores": len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count(),
            "python": platform.python_version(),
            "load_at_start": [round(value, 2) for value in load],
        },
        "results": {},
    }


def save(record: dict[str, Any], folder: Path = DEFAULT_FOLDER) -> Path:
    """Write the record as ``runs/<started>.json`` (never over an earlier run's); its path."""
    runs = folder / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    stem = record["started"].replace(":", "").replace("-", "").replace("+0000", "Z")
    path = runs / f"{stem}.json"
    number = 2
    while path.exists():
        path = runs / f"{stem}-{number}.json"
        number += 1
    path.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    return path


def load_runs(folder: Path = DEFAULT_FOLDER) -> list[dict[str, Any]]:
    """Every record in ``runs/``, oldest first; a file that is not a record is an error."""
    records = []
    for path in sorted((folder / "runs").glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ResultsError(f"{path} cannot be read as JSON: {error}") from error
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise ResultsError(f"{path} is not a benchmark record (format {FORMAT})")
        record["_file"] = path.name
        records.append(record)
    records.sort(key=lambda record: (record["started"], record["_file"]))
    return records


# ----------------------------------------------------------------------------- the report


def _pages(run: dict[str, Any]) -> list[str]:
    """The pages of a run's web results, in the order they were measured."""
    names: list[str] = []
    for web in run["results"].get("web", []):
        for page in web["pages"]:
            if page["page"] not in names:
                names.append(page["page"])
    return names


def _database(web: dict[str, Any]) -> str:
    """The database a web run served (records from before the option say nothing: SQLite)."""
    return str(web.get("database") or "sqlite")


#: How the report names each database.
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _label(web: dict[str, Any]) -> str:
    """A web run's name in charts and headings: "10,000 articles, PostgreSQL"."""
    database = _database(web)
    return f"{web['count']:,} articles, {DATABASE_NAMES.get(database, database)}"


def _value(web: dict[str, Any], page: str, key: str) -> float | None:
    for entry in web["pages"]:
        if entry["page"] == page:
            if key == "requests_per_second":
                return entry["result"][key] if entry["result"] and not entry["failure"] else None
            value = entry.get(key)
            return float(value) if value is not None else None
    return None


def _style() -> Any:
    from pygal.style import Style

    return Style(background="white", plot_background="white", font_family="sans-serif")


#: The inline script pygal writes into each chart: the settings of its tooltips' JavaScript,
#: which the report does not load (js=[]), so nothing reads them.
_CONFIG_SCRIPT = re.compile(r"<script type=\"text/javascript\">window\.pygal.*?</script>", re.S)


def _render(chart: Any) -> str:
    svg: str = chart.render(is_unicode=True)
    return _CONFIG_SCRIPT.sub("", svg)


def _bars(title: str, webs: list[dict[str, Any]], pages: list[str], key: str, unit: str) -> str:
    """Grouped bars: one group per page, one bar per archive size and database."""
    import pygal

    chart = pygal.Bar(
        title=title,
        y_title=unit,
        x_label_rotation=20,
        style=_style(),
        js=[],  # no script from a CDN: the report must open offline and pass a strict CSP
        disable_xml_declaration=True,
        width=900,
        height=420,
        print_values=False,
    )
    chart.x_labels = pages
    for web in webs:
        chart.add(_label(web), [_value(web, page, key) for page in pages])
    return _render(chart)


def _memory(webs: list[dict[str, Any]]) -> str:
    import pygal

    chart = pygal.Bar(
        title="Resident memory per gunicorn worker after serving every page",
        y_title="MB",
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        width=900,
        height=320,
    )
    chart.x_labels = [_label(web) for web in webs]
    workers = max((len(web.get("rss_mb_per_worker", [])) for web in webs), default=0)
    for number in range(workers):
        chart.add(
            f"worker {number + 1}",
            [
                (
                    web["rss_mb_per_worker"][number]
                    if number < len(web["rss_mb_per_worker"])
                    else None
                )
                for web in webs
            ],
        )
    return _render(chart)


def _history(
    runs: list[dict[str, Any]], count: int, database: str, key: str, title: str, unit: str
) -> str:
    """One line per page across runs, at one archive size on one database (runs without it
    leave a gap)."""
    import pygal

    chart = pygal.Line(
        title=title,
        y_title=unit,
        x_label_rotation=20,
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        width=900,
        height=380,
    )
    chart.x_labels = [run["started"].replace("T", " ") for run in runs]
    pages: list[str] = []
    for run in runs:
        pages += [page for page in _pages(run) if page not in pages]
    for page in pages:
        values = []
        for run in runs:
            web = next(
                (
                    w
                    for w in run["results"].get("web", [])
                    if w["count"] == count and _database(w) == database
                ),
                None,
            )
            values.append(_value(web, page, key) if web else None)
        chart.add(page, values)
    return _render(chart)


def _cell(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _table(web: dict[str, Any]) -> str:
    rows = []
    for entry in web["pages"]:
        result = entry["result"] or {}
        target = entry["target"]
        verdict = ""
        if target is not None and entry["ratio"] is not None:
            verdict = f"≥ {target:.2f} " + ("ok" if entry["ratio"] >= target else "BELOW")
        if entry["failure"]:
            verdict = f"FAILED: {entry['failure']}"
        rows.append(
            "<tr>"
            f"<th scope=row>{html.escape(entry['page'])} "
            f"<small>{html.escape(entry['address'])}</small></th>"
            f"<td>{_cell(result.get('requests_per_second'), 0)}</td>"
            f"<td>{_cell(result.get('p50_ms'), 1)}</td>"
            f"<td>{_cell(result.get('p99_ms'), 1)}</td>"
            f"<td>{_cell(entry['cpu_ms_per_request'], 2)}</td>"
            f"<td>{_cell(entry['ratio'], 3)}</td>"
            f"<td>{html.escape(verdict)}</td>"
            "</tr>"
        )
    memory = ", ".join(f"{value:.1f} MB" for value in web.get("rss_mb_per_worker", []))
    notes = []
    if web.get("failure"):
        notes.append(f"<p>No figures: {html.escape(web['failure'])}.</p>")
    through = web.get("varnish_hit_ratio")
    if through is not None:
        target = web.get("varnish_hit_target")
        verdict = (
            f" (target ≥ {target:g}: {'ok' if through >= target else 'BELOW'})" if target else ""
        )
        notes.append(
            f"<p>Cached article through Varnish / gunicorn's own cache hit: {through:.1f}"
            f"{html.escape(verdict)}.</p>"
        )
    name = (
        f" <small>(database {html.escape(web['database_name'])})</small>"
        if web.get("database_name")
        else ""
    )
    return (
        f"<h3>{html.escape(_label(web))}{name}</h3>"
        "<table><thead><tr><th>page</th><th>req/s</th><th>p50 ms</th><th>p99 ms</th>"
        "<th>CPU ms per request</th><th>ratio to trivial</th><th>target</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        + (f"<p>Resident memory per worker: {memory}.</p>" if memory else "")
        + "".join(notes)
    )


def _other(runs: list[dict[str, Any]]) -> str:
    """The other sections' figures (the console script's start-up...), each from the latest run
    that measured it, as a definition list."""
    latest: dict[str, tuple[str, Any]] = {}
    for run in runs:
        for name, value in run["results"].items():
            if name != "web":
                latest[name] = (run["started"], value)
    items = []
    for name, (started, value) in sorted(latest.items()):
        text = json.dumps(value, sort_keys=True) if not isinstance(value, str) else value
        items.append(
            f"<dt>{html.escape(name)} <small>({html.escape(started)})</small></dt>"
            f"<dd><code>{html.escape(text)}</code></dd>"
        )
    return f"<h2>Other figures</h2><dl>{''.join(items)}</dl>" if items else ""


def _runs_list(runs: Iterable[dict[str, Any]]) -> str:
    items = []
    for run in reversed(list(runs)):
        counts = "; ".join(_label(web) for web in run["results"].get("web", []))
        load = ", ".join(str(value) for value in run["machine"].get("load_at_start", []))
        items.append(
            f"<li><a href='runs/{html.escape(run['_file'])}'>{html.escape(run['started'])}</a>: "
            f"{html.escape(', '.join(run['sections']))}"
            + (f"; web at {html.escape(counts)}" if counts else "")
            + f"; load average at start {html.escape(load)}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>foreigndesk benchmark, {started}</title>
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }}
table {{ border-collapse: collapse; margin: 0.5rem 0; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: right; }}
th[scope=row], thead th:first-child {{ text-align: left; }}
figure {{ margin: 1rem 0; }}
figure svg {{ max-width: 100%; height: auto; }}
</style>
</head>
<body>
<h1>foreigndesk benchmark</h1>
<p>Latest run {started}: {cores} usable cores, load average at start {load}.
Ratios divide a page's requests per second by the trivial view's in the same run; CPU per request
is what the server's processes (gunicorn's workers, and PostgreSQL's backends on PostgreSQL) used
during the measured run, divided by the requests served.</p>
{latest}
{history}
<h2>Runs</h2>
{runs}
</body>
</html>
"""


def render(runs: list[dict[str, Any]]) -> str:
    """The report's HTML for these runs (oldest first): the latest in detail, then history."""
    if not runs:
        raise ResultsError("no benchmark run recorded yet")
    latest = runs[-1]
    with_web = [run for run in runs if run["results"].get("web")]
    latest_web = with_web[-1] if with_web else latest
    webs = sorted(
        latest_web["results"].get("web", []),
        key=lambda web: (
            list(DATABASE_NAMES).index(_database(web)) if _database(web) in DATABASE_NAMES else 9,
            web["count"],
        ),
    )
    parts = []
    if webs:
        pages = _pages(latest_web)
        parts.append(
            f"<h2>Pages under load, latest run ({html.escape(latest_web['started'])})</h2>"
        )
        for title, key, unit in (
            ("Requests per second", "requests_per_second", "req/s"),
            ("Server CPU per request", "cpu_ms_per_request", "ms"),
            ("Ratio to the trivial view", "ratio", "ratio"),
        ):
            parts.append(f"<figure>{_bars(title, webs, pages, key, unit)}</figure>")
        if any(web.get("rss_mb_per_worker") for web in webs):
            parts.append(f"<figure>{_memory(webs)}</figure>")
        parts += [_table(web) for web in webs]
    parts.append(_other(runs))
    history = ""
    if len(with_web) > 1 and webs:
        count, database = webs[0]["count"], _database(webs[0])
        history = (
            f"<h2>From run to run, at {html.escape(_label(webs[0]))}</h2>"
            + "<figure>"
            + _history(with_web, count, database, "ratio", "Ratio to the trivial view", "ratio")
            + "</figure><figure>"
            + _history(
                with_web, count, database, "cpu_ms_per_request", "Server CPU per request", "ms"
            )
            + "</figure>"
        )
    load = ", ".join(str(value) for value in latest["machine"].get("load_at_start", []))
    return PAGE.format(
        started=html.escape(latest["started"]),
        cores=latest["machine"].get("cores"),
        load=html.escape(load),
        latest="\n".join(parts),
        history=history,
        runs=_runs_list(runs),
    )


def write_report(folder: Path = DEFAULT_FOLDER) -> Path:
    """Rewrite ``report.html`` from every record in the folder; its path."""
    path = folder / "report.html"
    path.write_text(render(load_runs(folder)), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.results", description=__doc__)
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    args = parser.parse_args(argv)
    try:
        path = write_report(args.folder)
    except (ResultsError, ImportError) as error:
        print(f"bench.results: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
