"""Highlighted snippets: where a result matched, in the translation or in the original.

Highlighting happens here, in Python, for the one page of results, the same way on every
backend: the words of the text and of the query are stemmed in the text's language and compared.
The stored index (stemmed words on SQLite) could not give back the text as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import base_language, has_cjk, stem_words, tokens
from .query import ParsedQuery

TRANSLATION = "translation"
ORIGINAL = "original"
WIDTH = 240
BEFORE = 60
#: Snippets come from the beginning of long texts: highlighting costs time for every result.
LOOK_AT = 1500
# Highlighting splits words with Python's \w (less "_"), twice as fast as the index's pattern
# (which also keeps combining marks in words); a word cut at a mark is only left unmarked.
_FAST_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Snippet:
    """An excerpt of one text with the character ranges to mark."""

    text: str
    highlights: tuple[tuple[int, int], ...]
    source: str
    language: str

    @property
    def html(self) -> SafeString:
        return marked(self.text, self.highlights)


def marked(text: str, highlights: Iterable[tuple[int, int]]) -> SafeString:
    """``text`` escaped, with ``<mark>`` around each highlighted range."""
    pieces, position = [], 0
    for start, end in highlights:
        if start < position:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


@functools.lru_cache(maxsize=256)
def _targets(query: ParsedQuery, language: str | None) -> frozenset[str]:
    found = sorted(query.highlight_words)
    return frozenset(found) | frozenset(stem_words(found, language))


def matches(text: str, query: ParsedQuery, language: str | None) -> list[tuple[int, int]]:
    """Character ranges of the words of ``text`` that are forms of the query's words.

    Marked are the words the index matched: any form of a query word in a text of a language
    the query was stemmed in, only the word as written in a text of another language (an
    English "port" does not mark the Italian "portando", whose stem is also "port").
    """
    if not text:
        return []
    if query.languages and base_language(language) not in query.languages:
        language = None
    targets = _targets(query, language)
    if has_cjk(text):
        return _matches_by_token(text, targets, language)
    # Fast path: each distinct word stemmed once; the text walked only when one of them matched.
    folded = text.casefold()
    distinct = list(set(_FAST_WORD.findall(folded)))
    hit = frozenset(
        word
        for word, stem in zip(distinct, stem_words(distinct, language), strict=True)
        if stem in targets or word in targets
    )
    if not hit:
        return []
    if len(folded) == len(text):
        # Folding changed no length (no "ß" became "ss"): the folded text's offsets are the
        # text's, and the regular expression finds the few marked words without a loop.
        return [m.span() for m in _words_pattern(hit).finditer(folded)]
    return [m.span() for m in _FAST_WORD.finditer(text) if m.group().casefold() in hit]


@functools.lru_cache(maxsize=1024)
def _words_pattern(found: frozenset[str]) -> re.Pattern[str]:
    """Any of ``found`` as a whole word (as ``_FAST_WORD`` cuts words)."""
    alternatives = "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def _matches_by_token(
    text: str, targets: frozenset[str], language: str | None
) -> list[tuple[int, int]]:
    found = list(tokens(text))
    stemmed = stem_words([token.text for token in found], language)
    spans: list[tuple[int, int]] = []
    for token, stem in zip(found, stemmed, strict=True):
        if stem in targets or token.text in targets:
            if spans and spans[-1][1] >= token.start:  # overlapping CJK bigrams
                spans[-1] = (spans[-1][0], token.end)
            else:
                spans.append((token.start, token.end))
    return spans


def _excerpt(text: str, spans: list[tuple[int, int]], source: str, language: str) -> Snippet:
    """A window of about WIDTH characters around the densest run of matches."""
    if len(text) <= WIDTH:
        return Snippet(text, tuple(spans), source, language)
    best_start, best_count = 0, -1
    for start, _ in spans or [(0, 0)]:
        window_start = max(0, start - BEFORE)
        count = sum(1 for s, e in spans if s >= window_start and e <= window_start + WIDTH)
        if count > best_count:
            best_start, best_count = window_start, count
    # Start and end on word boundaries.
    start = best_start
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + WIDTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + WIDTH // 2 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(prefix + text[start:end] + suffix, inside, source, language)


#: Where a block ends without a sentence's last mark (a subheading, a caption), the next one must
#: not read as its continuation in a one-line excerpt: "…the bill · Importers say…".
_BLOCK_BREAK = re.compile(r"(?<![.!?…:;»\"”’)\]。！？」』])\s*\n\s*")


def one_line(text: str) -> str:
    """Blocks joined by newlines as one line: a separator after a block left without a final
    mark, a space after one that ends a sentence."""
    return re.sub(r"\s*\n\s*", " ", _BLOCK_BREAK.sub(" · ", text))


def _opening(text: str) -> str:
    """The first LOOK_AT characters of ``one_line(text)``, reading only as much of ``text`` as
    they need: a search's page shows twenty results, most matched in their opening lines."""
    cut = 2 * LOOK_AT
    # Cut inside a word, so that no run of spaces and newlines is split (one_line rewrites
    # whole runs): then the line made of the part is the start of the line made of the whole.
    while cut < len(text) and (text[cut - 1].isspace() or text[cut].isspace()):
        cut += 1
    if cut >= len(text):
        return one_line(text)[:LOOK_AT]
    line = one_line(text[:cut])
    return line[:LOOK_AT] if len(line) >= LOOK_AT else one_line(text)[:LOOK_AT]


def snippet(
    query: ParsedQuery,
    *,
    translation_text: str,
    translation_title: str,
    translation_language: str,
    original_text: str,
    original_title: str,
    original_language: str,
) -> Snippet:
    """The excerpt to show: from the translation when it matched, else from the original.

    The openings (LOOK_AT characters) are read first; a long article that matched further down
    is read whole before an excerpt without a marked word is shown.
    """
    head = _opening(translation_text)
    spans = matches(head, query, translation_language)
    if spans:
        return _excerpt(head, spans, TRANSLATION, translation_language)
    title_matched = bool(head) and bool(matches(translation_title, query, translation_language))
    rest = [(translation_text, TRANSLATION, translation_language)]
    opening = _opening(original_text) if not (title_matched and head) else ""
    if not title_matched:
        for text in (opening, original_title):
            spans = matches(text, query, original_language)
            if spans:
                return _excerpt(text, spans, ORIGINAL, original_language)
        rest.append((original_text, ORIGINAL, original_language))
    for text, source, language in rest:
        if len(text) > LOOK_AT:
            # A long article matched further down: read it whole.
            text = one_line(text)
            spans = matches(text, query, language)
            if spans:
                return _excerpt(text, spans, source, language)
    if head:
        return _excerpt(head, [], TRANSLATION, translation_language)
    return _excerpt(opening or original_title, [], ORIGINAL, original_language)
