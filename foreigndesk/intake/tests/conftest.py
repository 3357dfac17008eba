"""Fixtures for intake tests: the loopback server standing in for the web, database snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

from foreigndesk.testing.testserver import LoopbackServer

DATA = Path(__file__).parent / "data"


def snapshot() -> dict[str, int]:
    """The number of rows of every model: equal snapshots mean an input changed nothing."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def web(settings):
    """A loopback HTTP server, reachable because the allow-list setting lets it through."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def unchanged(db):
    """Asserts at the end of the test that no table gained or lost a row."""
    before = snapshot()
    yield
    assert snapshot() == before
