"""Fixtures for newsroom tests: published bilingual pages written for this project."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
