"""``--web-keep``: the web section's archive is kept with its manifest and reused, migrated but
not generated again."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from bench.__main__ import _parser
from bench.sections import Context

MANIFEST = {
    "vendor": "sqlite",
    "article_paths": ["/2026/11/an-article-1/"],
    "seconds": {"articles": 1.0, "related": 0.5},
    "related": "exact",
    "rows": {"Translation": 50},
}


@pytest.fixture
def commands(monkeypatch) -> list[str]:
    """What the contexts run, by module; the generator's run writes its manifest."""
    ran: list[str] = []

    def run(self: Context, command: list[str], what: str) -> subprocess.CompletedProcess[str]:
        ran.append(command[2])
        for part in command:
            if part.startswith("--manifest="):
                Path(part.removeprefix("--manifest=")).write_text(json.dumps(MANIFEST))
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(Context, "_run", run)
    return ran


def _context(folder: Path, url: str, keep: str | None) -> Context:
    folder.mkdir()
    args = argparse.Namespace(web_keep=keep, count=50, seed=1, verbose=False)
    return Context(args=args, folder=folder, stdout=io.StringIO(), database_url=url)


def test_a_kept_archive_is_reused_on_the_next_run(tmp_path, commands):
    url = f"sqlite:///{tmp_path / 'mine_50.sqlite3'}"
    first = _context(tmp_path / "first", url, "mine")
    assert first.database() == MANIFEST
    assert commands == ["foreigndesk", "bench.generate"]
    assert json.loads((tmp_path / "mine_50.manifest.json").read_text()) == MANIFEST

    commands.clear()
    second = _context(tmp_path / "second", url, "mine")
    assert second.database() == MANIFEST
    assert commands == ["foreigndesk"]  # migrated, not generated again
    assert "kept by an earlier run" in second.stdout.getvalue()  # type: ignore[attr-defined]


def test_without_the_option_nothing_is_kept(tmp_path, commands):
    url = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    assert _context(tmp_path / "run", url, None).database() == MANIFEST
    assert commands == ["foreigndesk", "bench.generate"]
    assert not list(tmp_path.glob("*.manifest.json"))


def test_a_kept_postgresql_database_has_its_manifest_in_the_temporary_folder(tmp_path):
    url = "postgres://postgres@127.0.0.1:5432/mine_100000"
    context = _context(tmp_path / "run", url, "mine")
    expected = Path(tempfile.gettempdir()) / "mine_100000.postgres.manifest.json"
    assert context._kept_manifest_path() == expected


def test_the_option_is_read():
    assert _parser(["web"]).parse_args(["--web-keep", "mine"]).web_keep == "mine"
    assert _parser(["web"]).parse_args([]).web_keep is None
