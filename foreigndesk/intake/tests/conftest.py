"""Fixtures for intake tests: the article files the importers read."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
