"""The benchmark's building blocks (the full benchmark is too slow for the test suite)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from bench import alignment as bench
from foreigndesk.testing.synthetic_pairs import make_pair


def test_measure_small_pair() -> None:
    data = bench.measure(30, traced=True)
    assert data["original"] >= 30
    assert data["f1_strict"] > 0.5
    assert data["traced_peak_mb"] > 0
    assert data["cpu"] >= 0


def test_textberg_section_scores_with_and_without_the_archive_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _gold_folder(tmp_path)
    monkeypatch.setattr(bench, "TEXTBERG", tmp_path)
    out = io.StringIO()
    bench._textberg(out)
    text = out.getvalue()
    assert "without dictionary:" in text
    assert re.search(
        r"archive word table learned .*:\n.*\nprecision .*\nrecall .*\nF1 +0\.\d{4}", text
    )


def test_missing_textberg_folder_is_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bench, "TEXTBERG", tmp_path / "absent")
    out = io.StringIO()
    bench._textberg(out)
    assert "skipped" in out.getvalue()


def _gold_folder(folder: Path) -> None:
    """Generated stand-ins for dev and test0..test6, with their true alignments."""
    for number, name in enumerate(["dev", *bench.TEST_DOCUMENTS]):
        pair = make_pair(80, seed=number)
        (folder / f"{name}.de").write_text("\n".join(pair.original) + "\n", encoding="utf-8")
        (folder / f"{name}.fr").write_text("\n".join(pair.translation) + "\n", encoding="utf-8")
        (folder / f"{name}.defr").write_text(
            "".join(f"{list(s)}:{list(t)}\n" for s, t in pair.beads), encoding="utf-8"
        )


def test_moves_and_long_pair_sections(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _gold_folder(tmp_path)
    monkeypatch.setattr(bench, "TEXTBERG", tmp_path)
    out = io.StringIO()
    bench._moves(out)
    bench._long_pair(out)
    text = out.getvalue()
    assert re.search(r"each\): \d+ of 63 moves reported \(0\.\d{3}\), \d+ false moves", text)
    assert re.search(r"archive word table: \d+ of 63 moves reported", text)
    match = re.search(r"strict F1 (0\.\d{3}) .*one by one (0\.\d{3})", text)
    assert match
    assert float(match.group(1)) > float(match.group(2)) - 0.05


def test_help_prints_usage_without_running_the_benchmark(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(stdout: object) -> None:
        raise AssertionError("--help ran the benchmark")

    monkeypatch.setattr(bench, "run", fail)
    with pytest.raises(SystemExit) as stop:
        bench.main(["--help"])
    assert stop.value.code == 0
    assert "python -m bench.alignment" in capsys.readouterr().out


def test_child_prints_one_measurement_as_json() -> None:
    out = io.StringIO()
    bench.main(["--child", "30"], stdout=out)
    assert json.loads(out.getvalue())["original"] >= 30
