"""The stylesheets hold together: one unclosed block silently drops every rule after it."""

from __future__ import annotations

from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static" / "foreigndesk"


@pytest.mark.parametrize("sheet", sorted(STATIC.glob("*.css")), ids=lambda path: path.name)
def test_every_block_is_closed(sheet):
    depth = 0
    for number, line in enumerate(sheet.read_text().splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{sheet.name}: a block closed twice at line {number}"
    assert depth == 0, f"{sheet.name}: {depth} block(s) left open"
