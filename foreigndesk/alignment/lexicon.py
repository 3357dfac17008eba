"""Bilingual dictionary sources (optional) and the word translation table learned from a text."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, compress
from pathlib import Path

# ISO 639-1 -> 639-3, for FreeDict file names (freedict-deu-fra). Unknown codes pass through.
_ISO3 = {
    "de": "deu",
    "fr": "fra",
    "en": "eng",
    "ru": "rus",
    "es": "spa",
    "it": "ita",
    "pt": "por",
    "nl": "nld",
    "pl": "pol",
    "sv": "swe",
    "fi": "fin",
    "el": "ell",
    "tr": "tur",
    "bg": "bul",
    "ja": "jpn",
    "uk": "ukr",
    "cs": "ces",
    "da": "dan",
    "hu": "hun",
    "la": "lat",
    "lt": "lit",
    "id": "ind",
    "ar": "ara",
    "zh": "zho",
}
DICTIONARY_DIRS = (Path("/usr/share/dictd"), Path("/usr/share/freedict"))
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_B64_VALUE = {ch: i for i, ch in enumerate(_B64)}
_SENSE_RE = re.compile(r"^\d+\.\s+(?=\S)")
_TRAILING_SENSE_RE = re.compile(r"\s+\d+\.$")
_WORD_RE = re.compile(r"\w+")


def iso3(lang: str) -> str:
    """ISO 639-3 code for a BCP 47 tag or ISO 639-1 code (de-CH -> deu)."""
    base = lang.lower().replace("_", "-").split("-", 1)[0]
    return _ISO3.get(base, base)


class DictionarySource:
    """Base class of bilingual dictionaries: maps a source word to target words."""

    def translations(self, word: str) -> Sequence[str]:
        """Target-language words translating `word` (lower-case), possibly empty."""
        raise NotImplementedError

    def reverse_translations(self, word: str) -> Sequence[str]:
        """Source-language words that translate the target word `word`, when known."""
        return ()

    def lookup_many(self, words: Iterable[str]) -> dict[str, list[str]]:
        """Translations for each of `words` that the dictionary knows."""
        found: dict[str, list[str]] = {}
        for word in words:
            targets = list(self.translations(word))
            if targets:
                found[word] = targets
        return found


class MappingDictionary(DictionarySource):
    """A dictionary held in memory, e.g. from a glossary: {source word: [target words]}."""

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        self._entries = {k.lower(): [t.lower() for t in v] for k, v in entries.items()}

    def translations(self, word: str) -> Sequence[str]:
        """Target words listed for `word`."""
        return self._entries.get(word.lower(), ())


def _split_translation_line(line: str) -> list[str]:
    line = _TRAILING_SENSE_RE.sub("", _SENSE_RE.sub("", line.strip()))
    return [part.strip() for part in line.split(",") if part.strip()]


def _b64_number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64_VALUE[ch]
    return value


class DictdDictionary(DictionarySource):
    """A dictd database (FreeDict as Debian installs it: NAME.index + NAME.dict[.dz]).

    Only the index is read up front; entries are read on demand. The FreeDict/WikDict layout is
    a headword line, then per sense a translation line ("1. sommet, comble") followed by a
    gloss in the source language, which is skipped.
    """

    def __init__(self, index_path: Path, dict_path: Path) -> None:
        self._index: dict[str, list[tuple[int, int]]] = defaultdict(list)
        with index_path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3 or parts[0].startswith("00database"):
                    continue
                try:
                    offset, length = _b64_number(parts[1]), _b64_number(parts[2])
                except KeyError:
                    continue
                self._index[parts[0].lower()].append((offset, length))
        self._dict_path = dict_path
        self._data: bytes | None = None
        self._cache: dict[str, list[str]] = {}

    def _body(self) -> bytes:
        if self._data is None:
            if self._dict_path.suffix == ".dz":
                # dictzip is gzip-compatible; the whole file is a few MB, read once.
                with gzip.open(self._dict_path) as handle:
                    self._data = handle.read()
            else:
                self._data = self._dict_path.read_bytes()
        return self._data

    def translations(self, word: str) -> Sequence[str]:
        """Translations from the entries whose headword is `word`."""
        word = word.lower()
        if word in self._cache:
            return self._cache[word]
        result: list[str] = []
        for offset, length in self._index.get(word, ()):
            entry = self._body()[offset : offset + length].decode("utf-8", "replace")
            lines = entry.split("\n")
            for number, line in enumerate(lines[1:], start=1):
                if not line.strip() or line.startswith(" "):
                    continue
                if number == 1 or _SENSE_RE.match(line):
                    result.extend(_split_translation_line(line))
        self._cache[word] = result
        return result


class TeiDictionary(DictionarySource):
    """A FreeDict TEI file (entry/form/orth and sense/cit[@type=trans]/quote)."""

    def __init__(self, path: Path) -> None:
        self._entries: dict[str, list[str]] = defaultdict(list)
        for _event, element in ET.iterparse(path):
            if element.tag.rsplit("}", 1)[-1] != "entry":
                continue
            heads = [e.text for e in element.iter() if e.tag.endswith("orth") and e.text]
            quotes = [
                q.text
                for cit in element.iter()
                if cit.tag.endswith("cit") and cit.get("type") in ("trans", "translation")
                for q in cit.iter()
                if q.tag.endswith("quote") and q.text
            ]
            for head in heads:
                self._entries[head.lower()].extend(quotes)
            element.clear()

    def translations(self, word: str) -> Sequence[str]:
        """Translations listed for `word`."""
        return self._entries.get(word.lower(), ())


class BidirectionalDictionary(DictionarySource):
    """A forward dictionary plus, when installed, the reverse one (fra-deu for deu-fra)."""

    def __init__(self, forward: DictionarySource | None, reverse: DictionarySource | None) -> None:
        self.forward = forward
        self.reverse = reverse

    def translations(self, word: str) -> Sequence[str]:
        """Translations from the forward dictionary."""
        return self.forward.translations(word) if self.forward is not None else ()

    def reverse_translations(self, word: str) -> Sequence[str]:
        """Source words listed for a target word by the reverse dictionary."""
        return self.reverse.translations(word) if self.reverse is not None else ()


def _find_one(pair: str, dirs: Sequence[Path]) -> DictionarySource | None:
    for folder in dirs:
        index = folder / f"freedict-{pair}.index"
        for body in (folder / f"freedict-{pair}.dict.dz", folder / f"freedict-{pair}.dict"):
            if index.is_file() and body.is_file():
                return DictdDictionary(index, body)
        for tei in (folder / pair / f"{pair}.tei", folder / f"{pair}.tei"):
            if tei.is_file():
                return TeiDictionary(tei)
    return None


_INSTALLED: dict[tuple[str, str], DictionarySource | None] = {}


def find_installed_dictionary(
    source_lang: str, target_lang: str, dirs: Sequence[Path] = DICTIONARY_DIRS
) -> DictionarySource | None:
    """FreeDict dictionaries for the pair (either direction, dictd or TEI) if installed, else None."""
    pair = f"{iso3(source_lang)}-{iso3(target_lang)}"
    key = (pair, "|".join(str(d) for d in dirs))
    if key in _INSTALLED:
        return _INSTALLED[key]
    forward = _find_one(pair, dirs)
    reverse = _find_one(f"{iso3(target_lang)}-{iso3(source_lang)}", dirs)
    found = BidirectionalDictionary(forward, reverse) if forward or reverse else None
    _INSTALLED[key] = found
    return found


def dice_table(
    pairs: Iterable[tuple[Sequence[str], Sequence[str]]],
    *,
    min_count: int = 2,
    min_dice: float = 0.3,
    top: int = 3,
    symmetric: bool = False,
) -> dict[str, list[tuple[str, float]]]:
    """Word translation table from aligned unit pairs: Dice co-occurrence, best `top` per word."""
    source_count: Counter[str] = Counter()
    target_count: Counter[str] = Counter()
    # Walked twice; each bead's sets are made again the second time rather than kept (a set
    # made from the same words iterates in the same order).
    pairs = list(pairs)
    for source_words, target_words in pairs:
        source_count.update(set(source_words))
        target_count.update(set(target_words))
    # A pair is met at most as often as either word, so words met fewer than min_count times
    # are left out of the joint counts (most words of a text are rare). Then one counter of
    # target words per source word, filled at once from the beads holding that word: far
    # fewer calls than a count per bead and source word, and one counter in use at a time.
    # Beads and their sets are walked in the order a count bead by bead would take, so every
    # dict (and so the table) keeps that order.
    targets: list[list[str]] = []
    beads_of: dict[str, list[int]] = {}
    for bead, (source_words, target_words) in enumerate(pairs):
        targets.append([t for t in set(target_words) if target_count[t] >= min_count])
        for s in set(source_words):
            if source_count[s] >= min_count:
                beads_of.setdefault(s, []).append(bead)
    joint = {
        s: Counter(chain.from_iterable(targets[bead] for bead in beads))
        for s, beads in beads_of.items()
    }
    candidates: dict[str, list[tuple[str, float]]] = defaultdict(list)
    reverse: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for s, row in joint.items():
        s_total = source_count[s]
        # Most pairs are met once: they are skipped by compress (in C, in the row's order).
        for t, both in compress(row.items(), map(min_count.__le__, row.values())):
            dice = 2.0 * both / (s_total + target_count[t])
            if dice >= min_dice:
                candidates[s].append((t, dice))
                reverse[t].append((s, dice))
    table = {s: sorted(ts, key=lambda x: (-x[1], x[0]))[:top] for s, ts in candidates.items()}
    if symmetric:
        # Also keep each target word's best source words, so that a frequent source word
        # with many partners does not crowd out a target word's only good match.
        grown = set()
        for t, ss in reverse.items():
            for s, dice in sorted(ss, key=lambda x: (-x[1], x[0]))[:top]:
                if all(t != known for known, _ in table[s]):
                    table[s].append((t, dice))
                    grown.add(s)
        # Best first again: the words were added in the order of a set of strings, which
        # changes from one run of Python to the next.
        for s in grown:
            table[s].sort(key=lambda x: (-x[1], x[0]))
    return table


def ibm1_table(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
    *,
    iterations: int = 5,
    min_prob: float = 0.1,
    top: int = 3,
) -> dict[str, list[tuple[str, float]]]:
    """Word translation table p(target | source) by IBM Model 1 EM over aligned unit pairs."""
    null = "\0"
    prob: dict[tuple[str, str], float] = {}
    for source_words, target_words in pairs:
        for s in (*source_words, null):
            for t in target_words:
                prob[(s, t)] = 1.0
    for _ in range(iterations):
        counts: dict[tuple[str, str], float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)
        for source_words, target_words in pairs:
            sources = (*source_words, null)
            for t in target_words:
                norm = sum(prob[(s, t)] for s in sources)
                for s in sources:
                    share = prob[(s, t)] / norm
                    counts[(s, t)] += share
                    totals[s] += share
        prob = {key: value / totals[key[0]] for key, value in counts.items()}
    table: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (s, t), p in prob.items():
        if s != null and p >= min_prob:
            table[s].append((t, p))
    return {s: sorted(ts, key=lambda x: (-x[1], x[0]))[:top] for s, ts in table.items()}
