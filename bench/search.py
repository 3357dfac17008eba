"""The search benchmark: index build time and size, and query latency, on SQLite and PostgreSQL.

``run(stdout)`` is the ``search`` section of ``python -m bench``; alone:
``python -m bench.search [--count 100000] [--postgres postgres://...]``.
For each database it starts a child process against a fresh database (a temporary SQLite file; a
PostgreSQL database created for the run and dropped after), which migrates, writes ``--count``
published translations with their originals in several languages, times ``rebuild_index()``,
measures the index's size, and times 200 representative searches through the same selector as
the search page (results, snippets and facet counts included), after a warm-up pass: the fixed
list of :func:`_queries`, then as many searches sampled from the archive's own text
(:func:`_archive_queries`). ``--keep NAME`` keeps both databases (a SQLite file ``NAME_COUNT.sqlite3`` in
the temporary folder, a PostgreSQL database ``NAME_COUNT``) and reuses them on the next run, so
that the searches can be timed again without building the archive again; ``--reindex`` rebuilds
the index of a kept archive.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import ROOT

DEFAULT_COUNT = 100_000
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
#: The databases a benchmark can run on, in the order it runs them.
DATABASES = ("sqlite", "postgres")
QUERIES = 200
TARGET_P95_MS = 30.0
TARGET_BUILD_S = 600.0
LANGUAGES = [  # code, name, share of originals
    ("ru", "Russian", 0.25),
    ("de", "German", 0.15),
    ("fr", "French", 0.15),
    ("es", "Spanish", 0.15),
    ("uk", "Ukrainian", 0.10),
    ("pl", "Polish", 0.07),
    ("ar", "Arabic", 0.07),
    ("zh", "Chinese", 0.06),
]
COUNTRIES = {
    "ru": ["RU", "KZ"],
    "de": ["DE", "AT", "CH"],
    "fr": ["FR", "BE", "SN"],
    "es": ["ES", "AR", "MX"],
    "uk": ["UA"],
    "pl": ["PL"],
    "ar": ["EG", "JO"],
    "zh": ["CN", "TW"],
}
TOPICS = 30
OUTLETS_PER_COUNTRY = 4


# --- The child: one database ---------------------------------------------------------------


def _generate(count: int, seed: int) -> dict[str, Any]:
    """Write ``count`` published translations with originals, fast (bulk inserts)."""
    from django.db import transaction
    from django.utils import timezone

    from foreigndesk.core.models import Country, Language
    from foreigndesk.intake.actions import build_original
    from foreigndesk.intake.models import Original, Outlet
    from foreigndesk.newsroom.actions import build_translation
    from foreigndesk.newsroom.models import Topic, Translation
    from foreigndesk.newsroom.states import State

    from .searchtext import vocabularies

    rng = random.Random(seed)
    words = vocabularies()
    english = words["en"]
    started = time.perf_counter()
    with transaction.atomic():
        Language.objects.bulk_create(
            [Language(code="en", name="English")]
            + [
                Language(code=code, name=name, direction="rtl" if code == "ar" else "ltr")
                for code, name, _ in LANGUAGES
            ],
            ignore_conflicts=True,
        )
        codes = sorted({code for group in COUNTRIES.values() for code in group})
        Country.objects.bulk_create(
            [Country(code=code, name=f"Country {code}", slug=code.lower()) for code in codes],
            ignore_conflicts=True,
        )
        outlets: dict[str, list[int]] = {}
        for language, countries in COUNTRIES.items():
            for country in countries:
                for number in range(OUTLETS_PER_COUNTRY):
                    outlet = Outlet.objects.create(
                        name=f"{country} Courier {number}",
                        slug=f"{country.lower()}-courier-{number}",
                        country_id=country,
                    )
                    outlets.setdefault(language, []).append(outlet.pk)
        topics = Topic.objects.bulk_create(
            [Topic(name=f"Topic {n}", slug=f"topic-{n}") for n in range(TOPICS)]
        )
        now = timezone.now()
        through = Translation.topics.through
        batch = 2000
        cumulative = []
        total = 0.0
        for _, _, share in LANGUAGES:
            total += share
            cumulative.append(total)
        for first in range(0, count, batch):
            size = min(batch, count - first)
            originals, translations = [], []
            for number in range(first, first + size):
                language = rng.choices([c for c, _, _ in LANGUAGES], cum_weights=cumulative)[0]
                vocabulary = words[language]
                original_blocks = [
                    {
                        "kind": "paragraph",
                        "text": " ".join(
                            vocabulary.sentence(rng, 8, 16) for _ in range(rng.randint(2, 3))
                        ),
                    }
                    for _ in range(rng.randint(4, 7))
                ]
                originals.append(
                    build_original(
                        title=vocabulary.sentence(rng, 5, 9)[:-1],
                        language_code=language,
                        outlet=Outlet(pk=rng.choice(outlets[language])),
                        blocks=original_blocks,
                        published_on=(
                            now - datetime.timedelta(days=(count - number) * 1400 // count)
                        ).date(),
                    )
                )
                translations.append(
                    build_translation(
                        original=None,
                        language_code="en",
                        title=english.sentence(rng, 5, 10)[:-1],
                        slug=f"article-{number}",
                        standfirst=english.sentence(rng, 12, 20),
                        blocks=[
                            {
                                "kind": "paragraph",
                                "text": " ".join(
                                    english.sentence(rng, 8, 16) for _ in range(rng.randint(2, 3))
                                ),
                            }
                            for _ in range(len(original_blocks))
                        ],
                        editor_note=english.sentence(rng, 10, 20) if rng.random() < 0.15 else "",
                        state=State.PUBLISHED,
                        alignment=[],  # block by block, as assumed
                        # Oldest first, as a desk publishes: entry ids follow the dates.
                        published_at=now
                        - datetime.timedelta(days=(count - number) * 1400 // count, minutes=1),
                    )
                )
            Original.objects.bulk_create(originals)
            for original, translation in zip(originals, translations, strict=True):
                translation.original_id = original.pk
            Translation.objects.bulk_create(translations)
            through.objects.bulk_create(
                through(translation_id=translation.pk, topic_id=topic.pk)
                for translation in translations
                for topic in rng.sample(topics, rng.randint(1, 3))
            )
    return {"seconds": time.perf_counter() - started}


def _queries(seed: int) -> list[tuple[str, dict[str, Any]]]:
    """200 searches: single words (common and rare), two words, phrases, Russian forms,
    exclusions, and a quarter with a facet filter."""
    from .searchtext import ENGLISH_NOUNS, RUSSIAN, vocabularies

    rng = random.Random(seed + 1)
    words = vocabularies()
    english = words["en"].words
    content = english[
        len("the of and to in a on for with that by from as at is was it its has have".split()) :
    ]
    common, middle, rare = content[:60], content[60:400], content[700:]
    russian = [form for group in RUSSIAN for form in group.split()]
    queries: list[tuple[str, str]] = []
    queries += [("common word", rng.choice(common)) for _ in range(35)]
    queries += [("word", rng.choice(middle)) for _ in range(25)]
    queries += [("rare word", rng.choice(rare)) for _ in range(25)]
    queries += [("two words", f"{rng.choice(common)} {rng.choice(middle)}") for _ in range(25)]
    queries += [
        ("two common words", f"{rng.choice(common)} {rng.choice(common)}") for _ in range(10)
    ]
    queries += [
        ("phrase", f'"{rng.choice(common)} {rng.choice(content[:200])}"') for _ in range(20)
    ]
    queries += [("Russian form", rng.choice(russian)) for _ in range(20)]
    queries += [("word forms", rng.choice(ENGLISH_NOUNS)) for _ in range(10)]
    queries += [("exclusion", f"{rng.choice(common)} -{rng.choice(middle)}") for _ in range(10)]
    queries += [("rare, two words", f"{rng.choice(rare)} {rng.choice(common)}") for _ in range(10)]
    queries += [
        ("phrase, exclusion", f'"{rng.choice(common)} {rng.choice(common)}" -{rng.choice(rare)}')
        for _ in range(10)
    ]
    rng.shuffle(queries)
    countries = [c for group in COUNTRIES.values() for c in group]
    result = []
    for number, (kind, text) in enumerate(queries[:QUERIES]):
        filters: dict[str, Any] = {}
        if number % 4 == 0:
            choice = rng.choice(["country", "topic", "year", "language", "sort"])
            if choice == "country":
                filters["country"] = rng.choice(countries)
            elif choice == "topic":
                filters["topic"] = f"topic-{rng.randrange(TOPICS)}"
            elif choice == "year":
                filters["year"] = 2026 - rng.randrange(3)
            elif choice == "language":
                filters["language"] = rng.choice(LANGUAGES)[0]
            else:
                filters["sort"] = "date"
            kind += f", {choice}"
        result.append((kind, {"q": text, **filters}))
    return result


#: A word of the archive's text; a run of Chinese characters is cut into words of 2 or 3.
_TEXT_WORD = re.compile(r"\w+")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _archive_words(text: str, rng: random.Random) -> list[str]:
    found = []
    for word in _TEXT_WORD.findall(text):
        if _HAN.match(word):
            start = rng.randrange(max(1, len(word) - 2))
            word = word[start : start + rng.choice((2, 3))]
        found.append(word.lower())
    return found


def _archive_queries(seed: int, count: int = QUERIES) -> list[tuple[str, dict[str, Any]]]:
    """Searches sampled from the archive itself, in turn: a single word, two neighbouring words,
    and two neighbouring words quoted, from a random paragraph of a random article's translation
    or original (in its own language), never a common word. No filters."""
    from foreigndesk.newsroom.models import Translation
    from foreigndesk.search.analysis import is_stop_word

    rng = random.Random(seed + 2)
    ids = list(Translation.objects.order_by("pk").values_list("pk", flat=True))
    queries: list[tuple[str, dict[str, Any]]] = []
    kinds = ("word", "two words", "quoted pair")
    while len(queries) < count and ids:
        translation = (
            Translation.objects.select_related("original")
            .only("blocks", "original__blocks", "original__language_id")
            .get(pk=rng.choice(ids))
        )
        side = rng.choice(("translation", "original"))
        blocks = translation.blocks if side == "translation" else translation.original.blocks
        text = rng.choice(blocks)["text"]
        found = _archive_words(text, rng)
        kind = kinds[len(queries) % len(kinds)]
        # Neighbouring words as written, neither of them a common word.
        starts = [
            number
            for number in range(len(found) - 1)
            if not is_stop_word(found[number]) and not is_stop_word(found[number + 1])
        ]
        if not starts:
            continue
        start = rng.choice(starts)
        if kind == "word":
            q = found[start]
        elif kind == "two words":
            q = f"{found[start]} {found[start + 1]}"
        else:
            q = f'"{found[start]} {found[start + 1]}"'
        language = "en" if side == "translation" else translation.original.language_id
        queries.append((f"{kind}, {language}", {"q": q}))
    return queries


def _prepare(count: int, seed: int, report: dict[str, Any], *, reindex: bool) -> None:
    """Migrate, write the archive and build its index, unless a kept database holds them."""
    from django.core.management import call_command

    from foreigndesk.newsroom.models import Translation
    from foreigndesk.search.actions import rebuild_index
    from foreigndesk.search.backends import get_backend
    from foreigndesk.search.models import SearchEntry

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    report["migrate_s"] = time.perf_counter() - started
    existing = Translation.objects.count()
    if existing and existing != count:
        raise SystemExit(f"the kept database holds {existing} articles, not {count}: drop it")
    report["generate_s"] = _generate(count, seed)["seconds"] if not existing else None
    backend = get_backend()
    if (
        reindex
        or not existing
        or SearchEntry.objects.count() != count
        or backend.stale_format()
        or backend.problems()
    ):
        started = time.perf_counter()
        report["entries"] = rebuild_index()
        report["index_s"] = time.perf_counter() - started
    else:
        report["entries"] = SearchEntry.objects.count()
        report["index_s"] = None


def _time(queries: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, float, int]]:
    from foreigndesk.search.selectors import SearchParams, search_articles

    timings = []
    for kind, params in queries:
        started = time.perf_counter()
        page = search_articles(SearchParams(**params))
        elapsed = (time.perf_counter() - started) * 1000
        timings.append((kind, elapsed, page.total))
    return timings


def child(count: int, seed: int, out: Path, *, reindex: bool = False) -> None:
    """Runs in a fresh process with DATABASE_URL set: build, index, measure, write JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foreigndesk.settings.base")
    import django

    django.setup()
    from django.db import connection

    from foreigndesk.search.backends import get_backend

    report: dict[str, Any] = {"vendor": connection.vendor}
    _prepare(count, seed, report, reindex=reindex)
    backend = get_backend()
    report["backend"] = backend.name
    report["size"] = backend.size()
    queries = _queries(seed)
    sampled = _archive_queries(seed)
    _time(queries[:20] + sampled[:20])  # warm-up: caches, statements, the stemmers
    report["timings"] = _time(queries)
    report["archive_timings"] = _time(sampled)
    out.write_text(json.dumps(report))


# --- The parent: both databases, one table --------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def _run_child(
    database_url: str,
    count: int,
    seed: int,
    folder: Path,
    stdout: TextIO,
    *,
    reindex: bool = False,
) -> dict[str, Any] | None:
    out = folder / f"report-{abs(hash(database_url))}.json"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="foreigndesk.settings.base",
        FOREIGNDESK_DATA_DIR=str(folder),
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.search",
            "--child",
            f"--count={count}",
            f"--seed={seed}",
            f"--out={out}",
            *(["--reindex"] if reindex else []),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        stdout.write(
            f"search: FAILED on {database_url.split(':')[0]}:\n{completed.stderr[-3000:]}\n"
        )
        return None
    return json.loads(out.read_text())


def _postgres(url: str) -> tuple[Any, str] | None:
    """A connection to the server's maintenance database, or None when it cannot be reached."""
    try:
        import psycopg

        return psycopg.connect(url, autocommit=True, connect_timeout=5), url
    except Exception:
        return None


def _seconds(value: float | None) -> str:
    return "kept" if value is None else f"{value:.0f}"


def _table(reports: list[dict[str, Any]], count: int, stdout: TextIO) -> bool:
    passed = True
    lines = [
        "database   | queries      | entries | build s | size MB | p50 ms | p95 ms | p99 ms | max ms | target",
    ]
    for report in reports:
        size = sum(report["size"].values()) / 1e6 if report["size"] else float("nan")
        for name, key in (("fixed list", "timings"), ("from archive", "archive_timings")):
            values = [t for _, t, _ in report[key]]
            p50, p95, p99 = (_percentile(values, s) for s in (0.50, 0.95, 0.99))
            built = report["index_s"] is None or report["index_s"] < TARGET_BUILD_S
            ok = p95 < TARGET_P95_MS and built
            passed = passed and ok
            lines.append(
                f"{report['vendor']:<10} | {name:<12} | {report['entries']:>7} | "
                f"{_seconds(report['index_s']):>7} | {size:>7.0f} | {p50:>6.1f} | {p95:>6.1f} | "
                f"{p99:>6.1f} | {max(values):>6.1f} | {'ok' if ok else 'MISSED'}"
            )
    stdout.write("\n".join(lines) + "\n")
    stdout.write(
        f"targets: p95 < {TARGET_P95_MS:.0f} ms over {QUERIES} searches of each set (facets, "
        f"snippets and the page's articles included), index build < "
        f"{TARGET_BUILD_S / 60:.0f} min, at {count} articles\n"
    )
    for report in reports:
        stdout.write(
            f"{report['vendor']}: generated in {_seconds(report['generate_s'])} s; size "
            + ", ".join(f"{part} {size / 1e6:.0f} MB" for part, size in report["size"].items())
            + "\n"
        )
        for key in ("timings", "archive_timings"):
            kinds: dict[str, list[float]] = {}
            totals: dict[str, list[int]] = {}
            for kind, elapsed, total in report[key]:
                base = kind.split(",")[0]
                kinds.setdefault(base, []).append(elapsed)
                totals.setdefault(base, []).append(total)
            for kind, values in sorted(kinds.items()):
                stdout.write(
                    f"  {kind:<18} {len(values):>3} searches, median "
                    f"{statistics.median(values):6.1f} ms, max {max(values):6.1f} ms, "
                    f"median hits {int(statistics.median(totals[kind]))}\n"
                )
    return passed


def on_both_databases(
    section: str,
    what: str,
    postgres: str,
    stdout: TextIO,
    run_child: Callable[[str, Path], dict[str, Any] | None],
    *,
    keep: str | None = None,
    databases: Sequence[str] = DATABASES,
    folder: Path | None = None,
) -> list[dict[str, Any]]:
    """Run a benchmark's child on a fresh SQLite file, then in a fresh PostgreSQL database
    (dropped afterwards) when the server answers; the children's reports. ``databases`` picks
    either or both (in that order); each child gets a folder of its own, inside ``folder``
    when given (the caller removes it), else in a temporary one. With ``keep``, the SQLite file
    ``KEEP.sqlite3`` in the system's temporary folder and the PostgreSQL database ``KEEP`` are
    used as they are (created when missing) and kept."""
    reports = []
    with (
        contextlib.nullcontext(str(folder))
        if folder is not None
        else tempfile.TemporaryDirectory(prefix=f"foreigndesk-{section}-bench-")
    ) as name:
        folder = Path(name)
        if "sqlite" in databases:
            stdout.write(f"{section}: {what} on SQLite ...\n")
            stdout.flush()
            (folder / "sqlite").mkdir()
            sqlite = Path(tempfile.gettempdir()) / f"{keep}.sqlite3" if keep else None
            report = run_child(
                f"sqlite:///{sqlite or folder / 'sqlite' / (section + '.sqlite3')}",
                folder / "sqlite",
            )
            if report:
                reports.append(report)
        if "postgres" not in databases:
            return reports
        server = _postgres(postgres)
        if server is None:
            stdout.write(f"{section}: PostgreSQL unreachable at {postgres}; skipped\n")
            return reports
        connection, url = server
        database = keep or f"foreigndesk_{section}_bench_{os.getpid()}"
        stdout.write(f"{section}: {what} on PostgreSQL (database {database}) ...\n")
        stdout.flush()
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not (keep and exists):
            connection.execute(f'CREATE DATABASE "{database}"')
        try:
            (folder / "postgres").mkdir()
            report = run_child(url.rsplit("/", 1)[0] + f"/{database}", folder / "postgres")
            if report:
                reports.append(report)
        finally:
            if not keep:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.close()
    return reports


def run(
    stdout: TextIO = sys.stdout,
    *,
    count: int = DEFAULT_COUNT,
    seed: int = 1,
    postgres: str | None = None,
    keep: str | None = None,
    reindex: bool = False,
) -> bool:
    """The search section: both databases, one table; whether the targets were met."""
    postgres = postgres or os.environ.get("SEARCH_BENCH_POSTGRES", DEFAULT_POSTGRES)
    reports = on_both_databases(
        "search",
        f"{count} articles",
        postgres,
        stdout,
        lambda url, folder: _run_child(url, count, seed, folder, stdout, reindex=reindex),
        keep=f"{keep}_{count}" if keep else None,
    )
    if not reports:
        return False
    return _table(reports, count, stdout) and len(reports) == 2


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default=None, help="PostgreSQL maintenance database URL")
    parser.add_argument(
        "--keep",
        metavar="NAME",
        help="keep the archive in the SQLite file and PostgreSQL database NAME_COUNT, and "
        "reuse them when they are there",
    )
    parser.add_argument(
        "--reindex", action="store_true", help="rebuild the index of a kept archive"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        # The parent starts each database's measurement as ``python -m bench.search --child``.
        child(args.count, args.seed, args.out, reindex=args.reindex)
        return
    passed = run(
        count=args.count,
        seed=args.seed,
        postgres=args.postgres,
        keep=args.keep,
        reindex=args.reindex,
    )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
