"""The contract every quality check follows, and what it is given and gives back.

A check reads the segments of one translation (source and target text, no database) and returns
findings: a message for a person, tied to a segment or to the whole article. The registry
(:mod:`foreigndesk.workbench.checks`) builds the configured checks; an editor's ``CheckRule``
decides whether a check's findings block submission for review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

#: The setting that lists the checks; named in configuration errors.
SETTING = "FOREIGNDESK_QUALITY_CHECKS"


@dataclass(frozen=True)
class Unit:
    """One segment as the checks see it."""

    position: int
    block_index: int
    source: str
    target: str
    #: Paragraphs of the original the segment covers (more than one when they were joined).
    spans: int = 1
    #: Sentences of the original it covers; none for text the translation adds.
    sentences: int = 1

    @property
    def number(self) -> int:
        """The segment's number as the page shows it."""
        return self.position + 1


@dataclass(frozen=True)
class Finding:
    """What a check found: a message, the check's id and severity, and the segment it is about
    (None for the whole article)."""

    check_id: str
    severity: str
    message: str
    position: int | None = None


@dataclass
class Context:
    """What every check of one run shares: the language pair and the glossary's terms."""

    source_language: str
    target_language: str
    #: A ``TermIndex`` of the pair's glossary (see :mod:`.terms`), or None without a glossary.
    terms: Any = None
    #: Scratch space for checks that reuse work across segments of one run.
    cache: dict[str, Any] = field(default_factory=dict)


class Check:
    """Base class of quality checks, configured in ``FOREIGNDESK_QUALITY_CHECKS``.

    A subclass sets ``name``, ``description`` and ``severity`` and overrides
    :meth:`check_unit` (one segment at a time) or :meth:`check_article` (the whole translation).
    ``option_defaults`` lists the options it takes; any other option is refused at start-up.
    """

    #: What the desk calls the check.
    name: ClassVar[str] = "Check"
    #: What it looks for, in one sentence, for the desk's list of checks.
    description: ClassVar[str] = ""
    #: "error" for what is almost surely wrong, "warning" for what a person should look at.
    severity: ClassVar[str] = "warning"
    option_defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, check_id: str, options: dict[str, Any] | None = None) -> None:
        self.id = check_id
        options = options or {}
        unknown = sorted(set(options) - set(self.option_defaults))
        if unknown:
            raise ImproperlyConfigured(
                f"{SETTING}[{check_id!r}]: {self.name} takes no option "
                f"{', '.join(repr(name) for name in unknown)}"
                + (
                    f"; it takes {', '.join(sorted(self.option_defaults))}."
                    if self.option_defaults
                    else "; it takes none."
                )
            )
        self.options = {**self.option_defaults, **options}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id!r}>"

    def finding(self, message: str, unit: Unit | None = None) -> Finding:
        return Finding(self.id, self.severity, message, None if unit is None else unit.position)

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        """The findings on one segment (none by default)."""
        return []

    def check_article(self, units: Sequence[Unit], context: Context) -> list[Finding]:
        """The findings on the whole translation; by default each segment's."""
        found: list[Finding] = []
        for unit in units:
            if unit.sentences and unit.target.strip():
                found.extend(self.check_unit(unit, context))
        return found
