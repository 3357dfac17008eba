"""``python -m bench``: the benchmark behind the budgets in DESIGN.md.

Builds a fresh SQLite database of generated articles in a temporary folder, serves it with
gunicorn on loopback, loads each page from a second process (wrk), and prints one table; then runs
the other sections. Everything it starts is stopped, and the folder removed, even on Ctrl-C.
"""

from __future__ import annotations

import argparse
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

from .load import wrk_version
from .sections import BenchError, Context, registry
from .server import ServerError


def _parser(names: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--count", type=int, default=10_000, help="translations to generate")
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
    started = time.perf_counter()
    passed = True
    try:
        context.write(f"foreigndesk benchmark: {', '.join(chosen) or 'no sections'}")
        _machine(stdout)
        if "web" in chosen:
            context.write(f"articles: {args.count}, seed {args.seed}")
        for name in chosen:
            context.write()
            context.write(f"== {name}: {sections[name].description}")
            try:
                passed = sections[name].run(context) and passed
            except (BenchError, ServerError) as error:
                context.write(f"{name}: FAILED, {error}")
                passed = False
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
