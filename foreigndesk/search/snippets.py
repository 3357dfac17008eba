"""Highlighted snippets: where a result matched, in the translation or in the original.

Highlighting happens here, in Python, for the one page of results, the same way on every
backend: the words of the text and of the query are stemmed in the text's language and compared.
The stored index (stemmed words on SQLite) could not give back the text as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .analysis import STEMMERS, base_language, has_cjk, stem_words, tokens
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
    """``text`` escaped, with ``<mark>`` around each highlighted range.

    Escaped by ``html.escape``, as Django's ``escape`` does, without its wrapper for lazy
    strings (a snippet is a string): a page of results escapes some five hundred pieces.
    """
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
    if not text.isascii() and has_cjk(text):
        return _matches_by_token(text, targets, language)
    # Fast path: each distinct word stemmed once; the text walked only when one of them matched.
    folded = text.casefold()
    distinct = _distinct_words(folded)
    algorithm = STEMMERS.get(base_language(language))
    if algorithm is None:
        hit = distinct & targets
    else:
        known = _KNOWN_STEMS.setdefault(algorithm, {})
        if not distinct <= known.keys():
            _learn_stems(known, distinct, language)
        hit = {word for word in distinct if word in targets or known[word] in targets}
    if not hit:
        return []
    if len(folded) == len(text):
        # Folding changed no length (no "ß" became "ss"): the folded text's offsets are the
        # text's, and the few marked words are looked up where they stand.
        return _whole_words(folded, hit)
    return [m.span() for m in _FAST_WORD.finditer(text) if m.group().casefold() in hit]


#: The stems of the words snippets have read, by stemmer: a page of twenty snippets reads some
#: thousands of words, mostly the same ones from search to search, and a dictionary answers
#: faster than the stemmer's own cache (which is reached through a call per list of words).
_KNOWN_STEMS: dict[str, dict[str, str]] = {}
#: Past this many words, all stemmers' together, the dictionaries start again. A word and its
#: stem take some 200 bytes of a web worker's memory: 4 MB at most (a limit of 50,000 words per
#: stemmer let an archive in eight languages hold 80 MB), still several pages' worth of words.
KNOWN_STEMS_LIMIT = 20_000


def _learn_stems(known: dict[str, str], found: set[str], language: str | None) -> None:
    """Add the stems of the words of ``found`` not yet in ``known``: it then holds every word
    of ``found`` (all of them again when the dictionaries start again)."""
    missing = [word for word in found if word not in known]
    if sum(map(len, _KNOWN_STEMS.values())) + len(missing) > KNOWN_STEMS_LIMIT:
        for stems in _KNOWN_STEMS.values():
            stems.clear()
        missing = list(found)
    known.update(zip(missing, stem_words(missing, language), strict=True))


def _distinct_words(text: str) -> set[str]:
    """The words of ``text`` as ``_FAST_WORD`` finds them, each once.

    Split at white space first: a piece made only of letters and digits is one word as it
    stands (``str.isalnum`` and ``[^\\W_]`` accept the same characters), and only the others
    (a word and its comma, "U.S.") are cut by the expression: two thirds of the time of running it
    over the whole text.
    """
    pieces = set(text.split())
    found = {piece for piece in pieces if piece.isalnum()}
    for piece in pieces - found:
        found.update(_FAST_WORD.findall(piece))
    return found


def _whole_words(text: str, found: AbstractSet[str]) -> list[tuple[int, int]]:
    """Where each of ``found`` stands in ``text`` as a whole word (as ``_FAST_WORD`` cuts
    words: a letter or digit on either side makes it part of a longer word), in text order.

    ``str.find`` per marked word: a regular expression of the marked words would be compiled
    anew for most texts (each text has its own forms of the query's words).
    """
    spans: list[tuple[int, int]] = []
    length = len(text)
    for word in found:
        size = len(word)
        start = text.find(word)
        while start >= 0:
            end = start + size
            if (start == 0 or not text[start - 1].isalnum()) and (
                end == length or not text[end].isalnum()
            ):
                spans.append((start, end))
            start = text.find(word, start + 1)
    spans.sort()
    return spans


def _matches_by_token(
    text: str, targets: frozenset[str], language: str | None
) -> list[tuple[int, int]]:
    if STEMMERS.get(base_language(language)) is None:
        # Unstemmed, a word marks only where the text holds it (folded as tokens fold it): an
        # English word is looked for in a Chinese text without cutting the text into bigrams.
        folded = text.casefold()
        if not any(target in folded for target in targets):
            return []
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
_SENTENCE_ENDS = frozenset('.!?…:;»"”’)]。！？」』')


def one_line(text: str) -> str:
    """Blocks joined by newlines as one line: a separator after a block left without a final
    mark, a space after one that ends a sentence.

    Each run of white space holding a newline is rewritten: " · " after a block with no final
    mark, " " after one with a mark. (A run after a final mark that starts with another space
    and holds a second newline keeps that space before " · ", as the two regular expressions
    this replaces did.) Walked from newline to newline: most of the text is never looked at.
    """
    newline = text.find("\n")
    if newline < 0:
        return text
    pieces: list[str] = []
    position, length = 0, len(text)
    while newline >= 0:
        start = newline
        while start > position and text[start - 1].isspace():
            start -= 1
        end = newline + 1
        while end < length and text[end].isspace():
            end += 1
        pieces.append(text[position:start])
        if start == 0 or text[start - 1] not in _SENTENCE_ENDS:
            pieces.append(" · ")
        elif text.find("\n", start + 1, end) < 0:
            pieces.append(" ")
        else:
            pieces.append(" · " if text[start] == "\n" else text[start] + " · ")
        position = end
        newline = text.find("\n", end)
    pieces.append(text[position:])
    return "".join(pieces)


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
