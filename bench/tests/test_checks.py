"""The checks benchmark's article and report (its figures are the benchmark's, not a test's)."""

from __future__ import annotations

import io

from bench import checks


def test_the_article_has_its_paragraphs_and_findings_to_write() -> None:
    units = checks.article(60)
    assert len(units) == 60
    assert all(unit.source and unit.target for unit in units)
    figures = checks.measure(6, repeat=1)
    # About one sentence in eight has a changed figure: six paragraphs have some findings.
    assert figures["findings"] > 0
    assert figures["median"] > 0


def test_the_section_writes_one_line_of_figures() -> None:
    out = io.StringIO()
    checks.run(out, paragraphs=4, repeat=2)
    line = out.getvalue()
    assert line.startswith("checks: all 9 checks on a 4-paragraph article")
    assert "target p95 < 200 ms" in line
