"""What the workbench offers beside a translation's segments, gathered for one page: memory
matches, glossary terms, quality checks and machine-translation engines. Each part is loaded
once per page (the glossary of the language pair, the configured engines)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from foreigndesk.newsroom.models import Translation

from . import memory
from .checks.terms import TermIndex
from .engines import Engine, EngineError
from .engines import engines as configured_engines
from .machine import prefill_segments
from .models import Segment
from .quality import check_segments, glossary_for
from .segments import current_segments, keep_segments, store_segments_text


class AssistError(Exception):
    """A helper the page relies on failed (an engine down, say); nothing was changed."""


@dataclass
class Report:
    """The quality checks' findings, by segment position and for the whole article."""

    by_position: dict[int, list[Any]] = field(default_factory=dict)
    article: list[Any] = field(default_factory=list)
    #: Findings of checks an editor marked blocking: they keep the text from review.
    blocking: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.article) + sum(len(found) for found in self.by_position.values())

    def for_segment(self, position: int) -> list[Any]:
        return self.by_position.get(position, [])


class Helper:
    """The workbench's help for one translation."""

    def __init__(self, translation: Translation) -> None:
        self.translation = translation
        self._glossary: TermIndex | None = None

    def glossary(self) -> TermIndex:
        """The glossary of the translation's language pair (read once per helper)."""
        if self._glossary is None:
            self._glossary = glossary_for(self.translation)
        return self._glossary

    def report(self, segments: list[Segment]) -> Report:
        """The quality checks' findings on ``segments``."""
        found = check_segments(self.translation, segments, terms=self.glossary())
        return Report(by_position=found.by_position, article=found.article, blocking=found.blocking)

    def terms(self, segment: Segment) -> list[Any]:
        """The glossary terms that occur in the segment's source, in any word form."""
        return self.glossary().found_in(segment.source)

    def matches(self, segment: Segment) -> list[Any]:
        """The memory's exact and fuzzy matches for the segment's source, best first."""
        original = self.translation.original
        if original is None or not segment.sentences:
            return []
        return memory.lookup(
            segment.source,
            source_language=original.language_id,
            target_language=self.translation.language_id,
        )

    def match_text(self, entry_id: int) -> str:
        """The target of a memory match offered for this translation's language pair."""
        original = self.translation.original
        target = (
            memory.match_target(
                entry_id,
                source_language=original.language_id,
                target_language=self.translation.language_id,
            )
            if original is not None
            else None
        )
        if target is None:
            raise AssistError("This memory match no longer exists.")
        return target

    def engines(self) -> list[Engine]:
        """The configured machine-translation engines (none unless an admin set one up)."""
        return list(configured_engines().values())

    def prefill(self, *, actor: Any, alias: str, expected_revision: int) -> int:
        """Fill the empty segments with ``alias``'s translation, then the text from them."""
        keep_segments(
            actor=actor, translation=self.translation, expected_revision=expected_revision
        )
        try:
            filled = prefill_segments(translation=self.translation, alias=alias, actor=actor)
        except EngineError as failure:
            raise AssistError(f"Nothing was filled. {failure}") from failure
        if filled:
            store_segments_text(actor=actor, translation=self.translation)
        return len(filled)


def helper_for(translation: Translation) -> Helper:
    return Helper(translation)


def submission_blockers(translation: Translation) -> list[Any]:
    """The findings of blocking checks that keep the translation from review (none when it has
    no original to check against)."""
    if translation.original_id is None:
        return []
    segments, _ = current_segments(translation)
    return helper_for(translation).report(segments).blocking
