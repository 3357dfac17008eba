"""``python -m bench``: the benchmark behind the budgets in DESIGN.md.

Builds a fresh SQLite database of generated articles in a temporary folder, serves it with
gunicorn on loopback, loads each page from a second process (wrk), and prints one table; then runs
the other sections. Everything it starts is stopped, and the folder removed, even on Ctrl-C.
The figures are also kept as one JSON record per run in bench-results/runs/, and
bench-results/report.html shows the latest run in charts beside the earlier ones.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import TextIO

from . import results
from .load import wrk_version
from .search import DATABASES, DEFAULT_POSTGRES
from .sections import BenchError, Context, registry
from .server import ServerError


def _counts(text: str) -> list[int]:
    """``1000,10000,100000`` as numbers, each a positive whole number of articles."""
    try:
        counts = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        counts = []
    if not counts or any(count < 1 for count in counts):
        raise argparse.ArgumentTypeError(
            f"expected article counts separated by commas (1000,10000,100000), not {text!r}"
        )
    return counts


def _databases(text: str) -> list[str]:
    """``sqlite,postgres`` as a list in the order the web section runs them."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in DATABASES]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"expected {' or '.join(DATABASES)} separated by commas, not {text!r}"
        )
    return [name for name in DATABASES if name in names]


def _parser(names: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--count", type=int, default=10_000, help="translations to generate")
    parser.add_argument(
        "--counts",
        type=_counts,
        help="run the web section once per archive size, e.g. 1000,10000,100000 (instead of --count)",
    )
    parser.add_argument(
        "--databases",
        type=_databases,
        default=["sqlite"],
        help="run the web section on each, in a fresh database: sqlite, postgres or both "
        "(default: sqlite)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("WEB_BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="PostgreSQL maintenance database URL; the web section creates and drops its own "
        f"database on that server (default: $WEB_BENCH_POSTGRES or {DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=results.DEFAULT_FOLDER,
        help="folder of the kept records and the HTML report (default: bench-results/)",
    )
    parser.add_argument(
        "--web-keep",
        metavar="NAME",
        help="web section: keep each archive it builds (the SQLite file NAME_COUNT.sqlite3 in the "
        "temporary folder, the PostgreSQL database NAME_COUNT) with its manifest, and reuse it "
        "when it is there (migrated, not generated again)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator")
    parser.add_argument("--duration", type=float, default=10, help="seconds measured per page")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per page")
    parser.add_argument("--connections", type=int, default=32, help="open connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--loader",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: wrk when installed (auto), or the bounded Python fallback",
    )
    parser.add_argument("--skip-web", action="store_true", help="leave out the web section")
    parser.add_argument("--only", choices=names, help="run this section only")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (database, logs)"
    )
    parser.add_argument("--verbose", action="store_true")
    return parser


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _machine(stdout: TextIO) -> None:
    import django
    import gunicorn

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    stdout.write(
        f"machine: {usable} usable cores (nproc) of {os.cpu_count()}, {_cpu_model()}; "
        f"load average {load}\n"
        f"software: Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, SQLite {sqlite3.sqlite_version}, {wrk_version()}\n"
    )


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into KeyboardInterrupt so that the same clean-up runs as on Ctrl-C."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _contexts(context: Context, section: str) -> list[Context]:
    """The web section once per archive size of ``--counts``, each on its own database (in a
    folder of its own, removed after it unless --keep); any other section once."""
    counts = context.args.counts
    if section != "web" or not counts:
        return [context]
    found = []
    for count in counts:
        folder = context.folder / f"web-{count}"
        folder.mkdir()
        args = argparse.Namespace(**{**vars(context.args), "count": count})
        found.append(
            Context(args=args, folder=folder, stdout=context.stdout, results=context.results)
        )
    return found


def _keep(record: dict[str, object], folder: Path, context: Context) -> None:
    """Save the run's record and rewrite the HTML report (which needs pygal, a dev dependency)."""
    saved = results.save(record, folder)
    context.write()
    context.write(f"figures kept in {saved}")
    try:
        context.write(f"report: {results.write_report(folder)}")
    except ImportError as error:
        context.write(
            f"no HTML report: {error} (pygal comes with the dev extra: pip install -e '.[dev]')"
        )
    except results.ResultsError as error:
        context.write(f"no HTML report: {error}")


def main(argv: list[str] | None = None, stdout: TextIO = sys.stdout) -> int:
    """Run the chosen sections; 0 when nothing failed (a ratio below its target is no failure)."""
    sections = registry()
    args = _parser(list(sections)).parse_args(argv)
    chosen = [args.only] if args.only else list(sections)
    if args.skip_web and "web" in chosen:
        chosen.remove("web")
    _stop_on_sigterm()

    folder = Path(tempfile.mkdtemp(prefix="foreigndesk-bench-"))
    context = Context(args=args, folder=folder, stdout=stdout)
    record = results.new_record(
        sections=chosen,
        options={
            key: value
            for key, value in vars(args).items()
            if key in ("count", "counts", "databases", "seed", "duration", "warmup", "connections")
            or key in ("threads", "workers", "loader")
        },
        started=datetime.datetime.now(datetime.UTC),
    )
    started = time.perf_counter()
    passed = True
    try:
        context.write(f"foreigndesk benchmark: {', '.join(chosen) or 'no sections'}")
        _machine(stdout)
        if "web" in chosen:
            counts = ", ".join(str(count) for count in args.counts or [args.count])
            context.write(
                f"articles: {counts}, seed {args.seed}; databases: {', '.join(args.databases)}"
            )
        for name in chosen:
            context.write()
            context.write(f"== {name}: {sections[name].description}")
            for each in _contexts(context, name):
                try:
                    passed = sections[name].run(each) and passed
                except (BenchError, ServerError) as error:
                    each.write(f"{name}: FAILED, {error}")
                    passed = False
                finally:
                    if each is not context and not args.keep:
                        shutil.rmtree(each.folder, ignore_errors=True)
        record["results"] = context.results
        _keep(record, args.results, context)
    except KeyboardInterrupt:
        context.write("\ninterrupted; cleaning up")
        return 130
    finally:
        if args.keep:
            context.write(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    context.write()
    context.write(
        f"done in {time.perf_counter() - started:.0f} s; load average now {load}; "
        + ("no failures" if passed else "SOMETHING FAILED (see above)")
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
