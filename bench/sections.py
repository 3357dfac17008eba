"""The benchmark's sections, and what they share: options, a temporary folder, the database."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import ROOT


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


@dataclass
class Context:
    """What every section gets: the options, a private temporary folder and the output."""

    args: argparse.Namespace
    folder: Path
    stdout: TextIO
    #: Figures the sections measured, by section, kept by bench/results.py after the run.
    results: dict[str, Any] = field(default_factory=dict)
    #: The database to build and serve; None for a SQLite file in the folder.
    database_url: str | None = None
    _manifest: dict[str, Any] | None = field(default=None, repr=False)

    def write(self, line: str = "") -> None:
        self.stdout.write(line + "\n")
        self.stdout.flush()

    @property
    def database_path(self) -> Path:
        """The SQLite file (where it would be, on PostgreSQL)."""
        if self.database_url and self.database_url.startswith("sqlite:///"):
            return Path(self.database_url.removeprefix("sqlite:///"))
        return self.folder / "bench.sqlite3"

    @property
    def database_label(self) -> str:
        """Which database this is, in words: "SQLite at PATH", "PostgreSQL database NAME"."""
        url = self.database_url or f"sqlite:///{self.database_path}"
        if url.startswith("postgres"):
            return f"PostgreSQL database {url.rsplit('/', 1)[1]}"
        return f"SQLite at {url.removeprefix('sqlite:///')}"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of every process run against the benchmark database."""
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url or f"sqlite:///{self.database_path}",
            DJANGO_SETTINGS_MODULE="foreigndesk.settings.base",
            FOREIGNDESK_DATA_DIR=str(self.folder),
            DEBUG="false",
            LOG_LEVEL="WARNING",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def database(self) -> dict[str, Any]:
        """Build the benchmark database once (migrate, then generate); its manifest. With
        ``--web-keep``, a database kept by an earlier run is migrated and reused instead."""
        if self._manifest is None:
            kept = self._kept_manifest_path()
            if kept is not None and kept.exists():
                self.write(f"database: {self.database_label}, kept by an earlier run ({kept})")
                self._run(
                    [sys.executable, "-m", "foreigndesk", "migrate", "--no-input", "-v0"],
                    "migrate",
                )
                self._manifest = json.loads(kept.read_text())
            else:
                self._manifest = self._build_database()
                if kept is not None:
                    kept.write_text(json.dumps(self._manifest))
        return self._manifest

    def _kept_manifest_path(self) -> Path | None:
        """Where the manifest of a kept database lives (beside the SQLite file; in the
        temporary folder, by the database's name, on PostgreSQL); None unless ``--web-keep``."""
        if not getattr(self.args, "web_keep", None):
            return None
        if self.database_url and self.database_url.startswith("postgres"):
            name = self.database_url.rsplit("/", 1)[1]
            return Path(tempfile.gettempdir()) / f"{name}.postgres.manifest.json"
        return self.database_path.with_suffix(".manifest.json")

    def _run(self, command: list[str], what: str) -> subprocess.CompletedProcess[str]:
        completed = subprocess.run(
            command, env=self.env(), cwd=ROOT, capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            raise BenchError(f"{what} failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
        return completed

    def _build_database(self) -> dict[str, Any]:
        args = self.args
        self.write(f"database: {self.database_label}")
        started = time.perf_counter()
        self._run([sys.executable, "-m", "foreigndesk", "migrate", "--no-input", "-v0"], "migrate")
        self.write(f"  migrate: {time.perf_counter() - started:.1f} s")
        manifest_path = self.folder / "manifest.json"
        started = time.perf_counter()
        completed = self._run(
            [
                sys.executable,
                "-m",
                "bench.generate",
                f"--count={args.count}",
                f"--seed={args.seed}",
                f"--manifest={manifest_path}",
            ],
            "generating the articles",
        )
        elapsed = time.perf_counter() - started
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        seconds = manifest["seconds"]
        self.write(
            f"  generate: {elapsed:.1f} s in all (articles {seconds['articles']:.1f} s, "
            f"related articles, {manifest['related']}, {seconds['related']:.1f} s, "
            "the rest is start-up and counting)"
        )
        self.write("  rows: " + ", ".join(f"{k} {v}" for k, v in manifest["rows"].items()))
        if self.database_path.exists():
            self.write(f"  size: {self.database_path.stat().st_size / 1e6:.0f} MB")
        if completed.stdout.strip() and args.verbose:
            self.write(completed.stdout.rstrip())
        return manifest


@dataclass(frozen=True)
class Section:
    """One part of ``python -m bench``; ``run`` says whether everything passed."""

    name: str
    description: str
    run: Callable[[Context], bool]


def alignment(context: Context) -> bool:
    """The aligner's own benchmark, when its module is there."""
    try:
        module = importlib.import_module("bench.alignment")
    except ImportError as error:
        context.write(f"alignment: unavailable (bench.alignment: {error})")
        return True
    run = getattr(module, "run", None)
    if not callable(run):
        context.write("alignment: unavailable (bench.alignment has no run(stdout))")
        return True
    run(context.stdout)
    context.stdout.flush()
    return True


def registry() -> dict[str, Section]:
    """Sections in the order they run. A later ``search`` section is one more entry here."""
    from .web import web

    return {
        section.name: section
        for section in [
            Section("web", "pages under load, against a trivial view", web),
            Section(
                "startup",
                "the console script's start-up CPU (foreigndesk --help, --version)",
                lambda context: importlib.import_module("bench.startup").run(context),
            ),
            Section("alignment", "the aligner's scores and speed", alignment),
            Section(
                "search",
                "search over 100,000 articles, SQLite and PostgreSQL",
                lambda context: importlib.import_module("bench.search").run(context.stdout),
            ),
            Section(
                "memory",
                "translation-memory lookup against 100,000 entries, SQLite and PostgreSQL",
                lambda context: importlib.import_module("bench.memory").run(context.stdout),
            ),
            Section(
                "checks",
                "the workbench's quality checks on a 60-paragraph article",
                lambda context: importlib.import_module("bench.checks").run(context.stdout),
            ),
        ]
    }
