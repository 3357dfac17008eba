"""The translation-memory benchmark: lookup time for one segment against 100,000 entries, on
SQLite and PostgreSQL.

``run(stdout)`` is the ``memory`` section of ``python -m bench``; alone:
``python -m bench.memory [--count 100000] [--postgres postgres://...]``.
For each database a child process migrates a fresh database, stores ``--count`` Russian-English
entries through the memory's own ``add_entries`` (index words included), and times 200 lookups
through ``lookup()``, the function the workbench calls (candidates, scoring and origins included),
after a warm-up pass: a quarter exact repeats, half near repeats (a word or two changed), a
quarter new sentences.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from . import ROOT
from .search import DEFAULT_POSTGRES, _percentile, on_both_databases

DEFAULT_COUNT = 100_000
LOOKUPS = 200
TARGET_P95_MS = 50.0


def _sentences(count: int, seed: int) -> list[tuple[str, str]]:
    from .searchtext import vocabularies

    rng = random.Random(seed)
    words = vocabularies()
    russian, english = words["ru"], words["en"]
    return [(russian.sentence(rng, 8, 22), english.sentence(rng, 8, 22)) for _ in range(count)]


def _lookups(sources: list[str], seed: int) -> list[tuple[str, str]]:
    from .searchtext import vocabularies

    rng = random.Random(seed + 1)
    russian = vocabularies()["ru"]
    found: list[tuple[str, str]] = []
    for number in range(LOOKUPS):
        if number % 4 == 0:
            found.append(("exact", rng.choice(sources)))
        elif number % 4 == 3:
            found.append(("new", russian.sentence(rng, 8, 22)))
        else:
            words = rng.choice(sources).rstrip(".").split()
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(len(words))] = russian.pick(rng, 1)[0]
            found.append(("near", " ".join(words) + "."))
    return found


def child(count: int, seed: int, out: Path) -> None:
    """Runs in a fresh process with DATABASE_URL set: build, measure, write JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from foreigndesk.core.models import Language
    from foreigndesk.workbench.memory import NewEntry, add_entries, lookup
    from foreigndesk.workbench.models import MemoryWord

    report: dict[str, Any] = {"vendor": connection.vendor}
    call_command("migrate", verbosity=0, interactive=False)
    Language.objects.get_or_create(code="ru", defaults={"name": "Russian"})
    Language.objects.get_or_create(code="en", defaults={"name": "English"})
    pairs = _sentences(count, seed)
    started = time.perf_counter()
    report["entries"] = add_entries(
        NewEntry("ru", "en", s, t, "tmx", note="bench") for s, t in pairs
    )
    report["build_s"] = time.perf_counter() - started
    report["words"] = MemoryWord.objects.count()
    if connection.vendor == "postgresql":
        # As autovacuum leaves a table at rest: statistics, and the visibility map that lets
        # the word index answer without reading the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE workbench_memoryword")
            cursor.execute("VACUUM ANALYZE workbench_memoryentry")
    queries = _lookups([s for s, _ in pairs], seed)
    for _, text in queries[:20]:  # warm-up: caches, statements, the stemmer
        lookup(text, source_language="ru", target_language="en")
    timings: list[tuple[str, float, int]] = []
    for kind, text in queries:
        started = time.perf_counter()
        matches = lookup(text, source_language="ru", target_language="en")
        timings.append((kind, (time.perf_counter() - started) * 1000, len(matches)))
    report["timings"] = timings
    out.write_text(json.dumps(report))


def _run_child(database_url: str, count: int, seed: int, folder: Path, stdout: TextIO) -> Any:
    out = folder / f"memory-{abs(hash(database_url))}.json"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="foreigndesk.settings.base",
        FOREIGNDESK_DATA_DIR=str(folder),
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "-m", "bench.memory", "--child", f"--count={count}"]
    completed = subprocess.run(
        [*command, f"--seed={seed}", f"--out={out}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        stdout.write(
            f"memory: FAILED on {database_url.split(':')[0]}:\n{completed.stderr[-3000:]}\n"
        )
        return None
    return json.loads(out.read_text())


def _table(reports: list[dict[str, Any]], count: int, stdout: TextIO) -> bool:
    passed = True
    lines = [
        "database   | entries | index rows | build s | p50 ms | p95 ms | p99 ms | max ms | target"
    ]
    for report in reports:
        values = [elapsed for _, elapsed, _ in report["timings"]]
        p50, p95, p99 = (_percentile(values, share) for share in (0.50, 0.95, 0.99))
        ok = p95 < TARGET_P95_MS
        passed = passed and ok
        lines.append(
            f"{report['vendor']:<10} | {report['entries']:>7} | {report['words']:>10} | "
            f"{report['build_s']:>7.0f} | {p50:>6.1f} | {p95:>6.1f} | {p99:>6.1f} | "
            f"{max(values):>6.1f} | {'ok' if ok else 'MISSED'}"
        )
    stdout.write("\n".join(lines) + "\n")
    stdout.write(
        f"target: p95 < {TARGET_P95_MS:.0f} ms for one segment's matches, at {count} entries\n"
    )
    for report in reports:
        kinds: dict[str, list[tuple[float, int]]] = {}
        for kind, elapsed, found in report["timings"]:
            kinds.setdefault(kind, []).append((elapsed, found))
        for kind, rows in sorted(kinds.items()):
            found_some = sum(1 for _, found in rows if found)
            stdout.write(
                f"  {report['vendor']} {kind:<6} {len(rows):>3} lookups, "
                f"p95 {_percentile([e for e, _ in rows], 0.95):6.1f} ms, "
                f"{found_some} with a match\n"
            )
    return passed


def run(
    stdout: TextIO = sys.stdout,
    *,
    count: int = DEFAULT_COUNT,
    seed: int = 1,
    postgres: str | None = None,
) -> bool:
    """The memory section: both databases, one table; whether the target was met."""
    postgres = postgres or os.environ.get("SEARCH_BENCH_POSTGRES", DEFAULT_POSTGRES)
    reports = on_both_databases(
        "memory",
        f"{count} entries",
        postgres,
        stdout,
        lambda url, folder: _run_child(url, count, seed, folder, stdout),
    )
    if not reports:
        return False
    return _table(reports, count, stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=None, help="PostgreSQL maintenance database URL")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.count, args.seed, args.out)
        return
    sys.exit(0 if run(count=args.count, seed=args.seed, postgres=args.postgres) else 1)


if __name__ == "__main__":
    main()
