"""Language identification of imported texts, behind pluggable backends.

``LANGUAGE_IDENTIFIERS`` is shaped like ``CACHES``: ``{"default": {"BACKEND": "dotted.path",
"OPTIONS": {...}}}``. A backend subclasses :class:`LanguageIdentifier` and implements
:meth:`~LanguageIdentifier.identify`. The default, lingua, is restricted to the languages the desk
translates from: its all-language, high-accuracy model needs over 1 GB of memory.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured

from foreigndesk.core.backends import backend_class, configured, options_of

#: Below this many letters a guess is not worth making.
MIN_LETTERS = 12


class LanguageIdentificationError(Exception):
    """The identifier could not run (misconfigured, unknown language code)."""


class LanguageIdentifier:
    """Base class of language identifiers: say which language a text is in, or None."""

    name: ClassVar[str] = "base"
    #: Whether the text leaves this machine (a web service would); none of ours does.
    sends_text_to_third_party: ClassVar[bool] = False

    def __init__(self, **options: Any) -> None:
        self.options = options

    def identify(self, text: str) -> str | None:
        """The BCP 47 code of the text's language, or None when it cannot be told."""
        raise NotImplementedError

    @staticmethod
    def letters(text: str) -> int:
        """How many letters a text has: digits and punctuation say nothing of its language."""
        return sum(1 for character in text if character.isalpha())


@functools.cache
def _lingua_detector(codes: tuple[str, ...], minimum_distance: float) -> Any:
    # Loaded on first need: only processes that identify languages pay for lingua's models.
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except AttributeError as error:
            raise LanguageIdentificationError(
                f"lingua does not know the language {code!r} (LANGUAGE_IDENTIFIERS)."
            ) from error
    if len(languages) < 2:
        raise LanguageIdentificationError("lingua needs at least two languages to choose from.")
    return (
        LanguageDetectorBuilder.from_languages(*languages)
        .with_minimum_relative_distance(minimum_distance)
        .build()
    )


class LinguaIdentifier(LanguageIdentifier):
    """lingua, restricted to ``OPTIONS["languages"]`` (ISO 639-1 codes); runs on this machine."""

    name = "lingua"

    def __init__(
        self, *, languages: list[str] | None = None, minimum_relative_distance: float = 0.05
    ) -> None:
        super().__init__(languages=languages, minimum_relative_distance=minimum_relative_distance)
        self.languages = tuple(sorted({code.split("-")[0].lower() for code in languages or []}))
        self.minimum_relative_distance = minimum_relative_distance

    def identify(self, text: str) -> str | None:
        if self.letters(text) < MIN_LETTERS:
            return None
        detector = _lingua_detector(self.languages, self.minimum_relative_distance)
        # Long texts gain nothing past a few thousand characters and cost time.
        found = detector.detect_language_of(text[:4000])
        return found.iso_code_639_1.name.lower() if found is not None else None


class FixedIdentifier(LanguageIdentifier):
    """Always the one configured language: for a desk that translates from one language only."""

    name = "fixed"

    def __init__(self, *, language: str) -> None:
        super().__init__(language=language)
        self.language = language

    def identify(self, text: str) -> str | None:
        return self.language if self.letters(text) >= 1 else None


def identifier_from_config(config: dict[str, Any]) -> LanguageIdentifier:
    """Build an identifier from one entry of ``LANGUAGE_IDENTIFIERS``."""
    backend = backend_class("LANGUAGE_IDENTIFIERS", config, LanguageIdentifier)
    try:
        return backend(**options_of("LANGUAGE_IDENTIFIERS", config))
    except TypeError as error:
        raise ImproperlyConfigured(f"LANGUAGE_IDENTIFIERS: bad OPTIONS ({error}).") from error


def get_identifier(alias: str = "default") -> LanguageIdentifier:
    """The configured identifier under ``alias``."""
    return identifier_from_config(configured("LANGUAGE_IDENTIFIERS", alias))


def identify_language(text: str, *, hint: str | None = None) -> str | None:
    """The language of a text by the default identifier, else the page's own ``lang`` hint."""
    found = get_identifier().identify(text)
    if found:
        return found
    return hint.split("-")[0].lower() if hint else None
