"""The glossary and the quality checks applied to one translation's segments: the database side
of :mod:`.checks` (which terms, which rules), for the workbench's helper."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from foreigndesk.newsroom.audit import record
from foreigndesk.newsroom.models import Translation

from .checks import Check, Context, Finding, Unit, configured_checks, run_checks
from .checks.terms import TermIndex
from .models import CheckRule, GlossaryTerm, Segment


def glossary_for(translation: Translation) -> TermIndex:
    """The glossary of the translation's language pair, ready to be matched."""
    source = translation.original.language_id if translation.original_id else ""
    terms = list(
        GlossaryTerm.objects.filter(
            source_language_id=source, target_language_id=translation.language_id
        )
    )
    return TermIndex(terms, source or "", translation.language_id or "")


def blocking_ids() -> set[str]:
    """The ids of the checks an editor made blocking."""
    return set(CheckRule.objects.filter(blocking=True).values_list("check_id", flat=True))


@dataclass
class Findings:
    """Every finding of one run, sorted for the page."""

    by_position: dict[int, list[Finding]] = field(default_factory=dict)
    article: list[Finding] = field(default_factory=list)
    blocking: list[Finding] = field(default_factory=list)


def check_segments(
    translation: Translation,
    segments: Sequence[Segment],
    *,
    terms: TermIndex | None = None,
    checks: Sequence[Check] | None = None,
) -> Findings:
    """Run the configured checks on ``segments``; the findings of blocking checks are listed
    again in ``blocking``."""
    units = [
        Unit(
            position=segment.position,
            block_index=segment.block_index,
            source=segment.source,
            target=segment.target,
            spans=segment.spans,
            sentences=segment.sentences,
        )
        for segment in segments
    ]
    terms = glossary_for(translation) if terms is None else terms
    context = Context(terms.source_language, terms.target_language, terms=terms)
    findings = run_checks(units, context, configured_checks() if checks is None else checks)
    blocking = blocking_ids()
    result = Findings()
    for finding in findings:
        if finding.position is None:
            result.article.append(finding)
        else:
            result.by_position.setdefault(finding.position, []).append(finding)
        if finding.check_id in blocking:
            result.blocking.append(finding)
    return result


class UnknownCheck(Exception):
    """No configured check has this id."""


@transaction.atomic
def set_check_rule(*, actor: Any, check_id: str, blocking: bool) -> CheckRule:
    """Make a configured check block submission for review, or only warn."""
    if check_id not in {check.id for check in configured_checks()}:
        raise UnknownCheck(f"The desk has no quality check “{check_id}”.")
    rule, _ = CheckRule.objects.update_or_create(
        check_id=check_id, defaults={"blocking": blocking, "updated_by": actor}
    )
    record(
        action="check_rule",
        actor=actor,
        comment=f"{check_id}: {'blocks submission' if blocking else 'warns only'}",
    )
    return rule
