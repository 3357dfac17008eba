"""Pytest fixtures shared by every app's tests (registered by the suite's root conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from foreigndesk.core.cache import forget_remembered

from .testserver import LoopbackServer


def snapshot() -> dict[str, int]:
    """The number of rows of every model: equal snapshots mean an input changed nothing."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def web(settings: Any) -> Iterator[LoopbackServer]:
    """A loopback HTTP server, reachable because the allow-list setting lets it through."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def unchanged(db: None) -> Iterator[None]:
    """Asserts at the end of the test that no table gained or lost a row."""
    before = snapshot()
    yield
    assert snapshot() == before


@pytest.fixture(autouse=True)
def page_cache_remembers_nothing() -> Iterator[None]:
    """Each test starts with no page-cache generation or tag versions remembered in memory:
    tests clear the cache, and versions remembered from an earlier test would expire in the
    middle of a later one (after a second) and retire its entries."""
    forget_remembered()
    yield
    forget_remembered()
