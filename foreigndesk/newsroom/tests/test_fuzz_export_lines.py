"""Hypothesis on the export-line reader of ``load``: a real export line with any of its fields
replaced by any JSON value (or cut short, or nested), loads or is refused with a LoadError
naming its line; a refused load changes nothing, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from foreigndesk.newsroom import export as exporting
from foreigndesk.newsroom import load as loading
from foreigndesk.testing import factories
from foreigndesk.testing.fixtures import snapshot

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Any JSON value, with the awkward ones an export never holds drawn often.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["", "\x00", "\x0b", "x" * 400, "9999-12-31T00:00:00Z", "0000-01-01", "-1"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture
def line() -> dict[str, Any]:
    """One translation's export record, read back from a real export, then the desk emptied of
    it so that the line would load again."""
    translation = factories.translation(
        title="Ferries run again",
        translators=[factories.contributor("Ola Brandt")],
        topics=[factories.topic("Rivers")],
        editor_note="A note.",
    )
    record = json.loads(next(iter(exporting.export_lines())))
    translation.delete()
    return record


def _paths(record: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(record, dict):
        for key, value in record.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(record, list):
        for index, value in enumerate(record):
            found += _paths(value, (*prefix, index))
    return found


def _replace(record: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        record = record[step]
    record[path[-1]] = value


@fuzz
@given(data=st.data())
def test_a_mutated_export_line_loads_or_is_refused_with_nothing_written(line, data):
    record = json.loads(json.dumps(line))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        path = data.draw(st.sampled_from(_paths(record)))
        if data.draw(st.booleans()) and isinstance(path[-1], str):
            parent = record
            for step in path[:-1]:
                parent = parent[step]
            parent.pop(path[-1], None)
        else:
            _replace(record, path, data.draw(values))
        if not _paths(record):
            break
    text = json.dumps(record, ensure_ascii=data.draw(st.booleans()))
    if data.draw(st.booleans()):
        text = text[: data.draw(st.integers(min_value=0, max_value=len(text)))]
    before = snapshot()
    with transaction.atomic():
        refusal = ""
        try:
            loading.load([text])
        except loading.LoadError as error:
            refusal = str(error)
        event("refused" if refusal else "loaded")
        if refusal:
            assert "line 1" in refusal
            assert snapshot() == before
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("alignment_origin", [], "unknown alignment_origin []"),
        ("alignment_origin", {"a": 1}, "unknown alignment_origin"),
        ("standfirst", None, "“standfirst” has the wrong type"),
        ("standfirst", ["a"], "“standfirst” has the wrong type"),
    ],
)
def test_fields_of_the_wrong_type_found_by_fuzzing_are_refused(line, field, value, message):
    line[field] = value
    before = snapshot()
    with pytest.raises(loading.LoadError, match=re.escape(f"line 1: {message}")):
        loading.load([json.dumps(line)])
    assert snapshot() == before
