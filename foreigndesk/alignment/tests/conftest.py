"""Shared fixtures of the aligner tests (no Django, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    """The folder of the bilingual samples written for these tests."""
    return DATA
