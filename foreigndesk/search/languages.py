"""The languages a search query is written in: its words are stemmed in those languages only.

The index tags every stem with the language of its text (see ``analysis.index_terms``), so a
query must say which languages to stem its words in. The script decides first: a Cyrillic word is
stemmed in the archive's Cyrillic languages, an Arabic one in its Arabic-script languages. Latin
script is shared by most languages, so lingua chooses among the archive's Latin-script languages;
readers mostly type in the desk's language, and a word or two tell lingua little, so that language
gets a head start on short queries. Every language scoring at least half the best one is kept.
No Django here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .analysis import LATIN, base_language, has_stemmer, script_of, scripts_of_language, words

#: Added to the desk language's confidence (lingua's values sum to 1) for a query of one or two
#: words: "port" is as much French or Italian as English to lingua, and readers mostly type in
#: the desk's language.
SHORT_QUERY_PRIOR = {1: 0.5, 2: 0.3}
#: A language is kept when it scores at least this share of the best one.
KEEP_SHARE = 0.5
#: lingua reads no further than this (a query is at most 300 characters anyway).
MAX_CHARACTERS = 300


@dataclass(frozen=True)
class QueryLanguages:
    """The languages to stem a query in: the likely ones, and all those of its scripts, which
    a search that found nothing tries next."""

    likely: tuple[str, ...]
    fallback: tuple[str, ...]


@functools.cache
def _detector(codes: tuple[str, ...]) -> tuple[Any, dict[str, str]] | None:
    """lingua restricted to ``codes``, and the codes it knows (lingua's name → our code).

    Low-accuracy mode (trigrams only): measured here, 18 MB and 0.1 to 0.3 s to load for eight
    languages, where the high-accuracy models take about 27 MB a language, too much for a web
    worker. Loaded on the first Latin-script query of a process, not at start: a worker that
    never searches never pays for it.
    """
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    known: dict[str, str] = {}
    languages = []
    for code in codes:
        try:
            language = Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
        except (AttributeError, ValueError):
            continue
        known[language.name] = code
        languages.append(language)
    if len(languages) < 2:
        return None
    builder = LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode()
    return builder.build(), known


def _latin_languages(
    text: str, codes: tuple[str, ...], among: tuple[str, ...], preferred: str
) -> tuple[str, ...]:
    """The likely languages of Latin-script ``text`` among ``among`` (a part of ``codes``).

    The detector covers all of ``codes`` (the archive's Latin-script languages), so that a
    filter on a language does not build one detector more: lingua's values are compared among
    ``among`` only.
    """
    found = _detector(codes)
    if found is None:
        return among
    detector, known = found
    scores = dict.fromkeys(among, 0.0)
    for value in detector.compute_language_confidence_values(text[:MAX_CHARACTERS]):
        code = known[value.language.name]
        if code in scores:
            scores[code] = value.value
    if preferred in scores:
        scores[preferred] += SHORT_QUERY_PRIOR.get(len(text.split()), 0.0)
    best = max(scores.values())
    if best <= 0:
        return among  # lingua could not tell at all
    # Languages lingua does not know keep their place: nothing says they are unlikely.
    kept = [
        code for code in among if code not in known.values() or scores[code] >= best * KEEP_SHARE
    ]
    return tuple(sorted(kept, key=lambda code: -scores[code]))


@functools.lru_cache(maxsize=1024)
def _query_languages(
    text: str, available: tuple[str, ...], within: frozenset[str] | None, preferred: str
) -> QueryLanguages:
    by_script: dict[str, list[str]] = {}
    for word in words(text):
        script = script_of(word)
        if script is not None:
            by_script.setdefault(script, []).append(word)
    likely: list[str] = []
    fallback: list[str] = []
    for script, found in by_script.items():
        codes = tuple(code for code in available if script in scripts_of_language(code))
        among = tuple(code for code in codes if within is None or code in within)
        fallback.extend(among)
        if script == LATIN and len(among) > 1:
            likely.extend(_latin_languages(" ".join(found), codes, among, preferred))
        else:
            likely.extend(among)
    return QueryLanguages(tuple(dict.fromkeys(likely)), tuple(dict.fromkeys(fallback)))


def query_languages(
    text: str,
    available: Iterable[str],
    *,
    preferred: str,
    within: Iterable[str] | None = None,
) -> QueryLanguages:
    """The languages to stem ``text`` (a query's words) in, among ``available`` (the archive's
    languages; those without a stemmer are left out: their words are indexed as written), and
    among ``within`` too when given (a filter on a language).

    ``preferred`` is the desk's language, favoured for short queries.
    """
    codes = tuple(sorted({base_language(code) for code in available if has_stemmer(code)} - {""}))
    among = None if within is None else frozenset(base_language(code) for code in within)
    return _query_languages(text, codes, among, base_language(preferred))
