"""The benchmark's building blocks (the full benchmark is too slow for the test suite)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bench import alignment as bench


def test_measure_small_pair() -> None:
    data = bench.measure(30, traced=True)
    assert data["original"] >= 30
    assert data["f1_strict"] > 0.5
    assert data["traced_peak_mb"] > 0
    assert data["cpu"] >= 0


def test_missing_textberg_folder_is_skipped(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bench, "TEXTBERG", tmp_path / "absent")
    out = io.StringIO()
    bench._textberg(out)
    assert "skipped" in out.getvalue()
