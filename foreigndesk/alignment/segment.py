"""The project's segmenter: paragraphs on blank lines, sentences with syntok plus repairs."""

from __future__ import annotations

import re

from syntok.segmenter import analyze

_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_CLOSERS = '»”’")]}›」』'
_MONTHS = {
    # German/French/English/Russian months (lower case, genitive forms for Russian): after an
    # ordinal date "am 3. Mai" the period is not a sentence end.
    *"januar februar märz april mai juni juli august september oktober november dezember".split(),
    *"jänner janvier février mars avril juin juillet août septembre octobre novembre décembre".split(),
    *"january february march may june july october december".split(),
    *"января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
}
# Words that start a new Russian sentence after "в 2025 г." (syntok keeps "г. Его" together).
_RU_SENTENCE_STARTERS = {
    *"его её ее их он она оно они это этот эта эти тот та те там тогда тут здесь но и а".split(),
    *"однако поэтому потом затем теперь сейчас кроме при после до в на по с к у из за как так".split(),
    *"что кто где когда мы вы я ты все всё уже еще ещё также тем".split(),
}
_RU_YEAR_ABBREV_RE = re.compile(r"\b\d{3,4}\s+гг?\.\s+(?=(\w+))")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, whitespace-trimmed, empty ones dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip() for p in _BLANK_LINE_RE.split(text) if p.strip()]


def _syntok_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in analyze(text):
        for sentence in paragraph:
            if not sentence:
                continue
            start = sentence[0].offset
            end = sentence[-1].offset + len(sentence[-1].value)
            piece = text[start:end].strip()
            if piece:
                sentences.append(piece)
    return sentences


def _should_join(previous: str, following: str) -> bool:
    """True when a break between two pieces is a splitter error."""
    first = following[:1]
    if first in _CLOSERS or first in ",;:":
        return True  # « oui ! » et il ... : the closing quote belongs to the sentence before
    if first.isalpha() and first.islower() and not previous.rstrip().endswith(("?", "!", "…")):
        return True  # a lower-case start follows an abbreviation, not a sentence end
    words = following.split(maxsplit=1)
    head = words[0].lower().strip(".,;:") if words else ""
    return bool(re.search(r"\d\.$", previous)) and head in _MONTHS


def _split_russian_years(sentence: str) -> list[str]:
    """Split "... в 2025 г. Его ..." where syntok took "г." for an inner abbreviation."""
    pieces: list[str] = []
    start = 0
    for match in _RU_YEAR_ABBREV_RE.finditer(sentence):
        following = match.group(1)
        if following[:1].isupper() and following.lower() in _RU_SENTENCE_STARTERS:
            pieces.append(sentence[start : match.end()].strip())
            start = match.end()
    pieces.append(sentence[start:].strip())
    return [p for p in pieces if p]


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """Sentences of `text` (any number of paragraphs) in order, with known splitter errors fixed."""
    result: list[str] = []
    for paragraph in split_paragraphs(text):
        pieces = _syntok_sentences(paragraph)
        merged: list[str] = []
        for piece in pieces:
            if merged and _should_join(merged[-1], piece):
                merged[-1] = merged[-1] + " " + piece
            else:
                merged.append(piece)
        if lang is not None and lang.lower().split("-")[0] in ("ru", "uk", "be"):
            merged = [part for sentence in merged for part in _split_russian_years(sentence)]
        result.extend(merged)
    return result
