"""The archive word table: stem co-occurrence counts over the beads of many aligned pairs.

A pair's own confident beads teach the aligner a word table, but a short article teaches it
little. A desk has an archive of aligned translations in the same language pair: counting, over
all their beads, how often a source stem and a target stem meet in the same bead gives a table
that a short pair can lean on. Counts (not scores) are kept so that tables learned from separate
parts of the archive merge by addition, and the association score is computed when the table is
used.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence

from .text import fold, number_value, tokenize

FORMAT_VERSION = 1


class ArchiveTableError(ValueError):
    """Serialised table data that cannot be read (corrupt, another format, wrong shape)."""


def unit_stems(unit: str, stem_len: int) -> list[str]:
    """Folded word stems of a unit (numbers left out), as the aligner compares words."""
    return [fold(t)[:stem_len] for t in tokenize(unit) if number_value(t) is None]


class WordTable:
    """Stem co-occurrence counts over aligned beads, learned from one or many document pairs.

    `source[s]` and `target[t]` count the beads holding each stem, `joint[s][t]` the beads
    holding both; `beads` and `pairs` say how much text the counts come from.
    """

    def __init__(self, stem_len: int = 6) -> None:
        self.stem_len = stem_len
        self.pairs = 0
        self.beads = 0
        self.source: Counter[str] = Counter()
        self.target: Counter[str] = Counter()
        self.joint: dict[str, Counter[str]] = {}
        self._scores: dict[tuple[int, float, int], dict[str, list[tuple[str, float]]]] = {}

    def __len__(self) -> int:
        """Number of (source stem, target stem) pairs counted."""
        return sum(len(targets) for targets in self.joint.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordTable):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def add_pair(
        self,
        original: Sequence[str],
        translation: Sequence[str],
        beads: Iterable[tuple[Sequence[int], Sequence[int]]],
    ) -> None:
        """Count the stems of every bead pairing units of both sides (one document pair)."""
        source_stems: dict[int, list[str]] = {}
        target_stems: dict[int, list[str]] = {}
        counted = 0
        for original_ids, translation_ids in beads:
            if not original_ids or not translation_ids:
                continue
            s_set: set[str] = set()
            t_set: set[str] = set()
            for i in original_ids:
                if i not in source_stems:
                    source_stems[i] = unit_stems(original[i], self.stem_len)
                s_set.update(source_stems[i])
            for j in translation_ids:
                if j not in target_stems:
                    target_stems[j] = unit_stems(translation[j], self.stem_len)
                t_set.update(target_stems[j])
            if not s_set or not t_set:
                continue
            counted += 1
            self.source.update(s_set)
            self.target.update(t_set)
            for s in s_set:
                row = self.joint.get(s)
                if row is None:
                    row = self.joint[s] = Counter()
                row.update(t_set)
        if counted:
            self.pairs += 1
            self.beads += counted
            self._scores.clear()

    def merge(self, other: WordTable) -> None:
        """Add another table's counts to this one (tables learned from parts of an archive)."""
        if other.stem_len != self.stem_len:
            raise ValueError(
                f"cannot merge word tables of stem length {other.stem_len} and {self.stem_len}"
            )
        self.pairs += other.pairs
        self.beads += other.beads
        self.source.update(other.source)
        self.target.update(other.target)
        for s, targets in other.joint.items():
            row = self.joint.get(s)
            if row is None:
                row = self.joint[s] = Counter()
            row.update(targets)
        self._scores.clear()

    def pruned(self, min_count: int = 2) -> WordTable:
        """A copy keeping only stem pairs met in at least `min_count` beads (smaller to store).

        The single counts of the stems are kept, so the scores of the pairs kept are unchanged.
        """
        table = WordTable(self.stem_len)
        table.pairs, table.beads = self.pairs, self.beads
        table.source = Counter(self.source)
        table.target = Counter(self.target)
        for s, targets in self.joint.items():
            kept = Counter({t: c for t, c in targets.items() if c >= min_count})
            if kept:
                table.joint[s] = kept
        used_s = set(table.joint)
        used_t = {t for targets in table.joint.values() for t in targets}
        table.source = Counter({s: c for s, c in table.source.items() if s in used_s})
        table.target = Counter({t: c for t, c in table.target.items() if t in used_t})
        return table

    def translations(
        self, *, min_count: int = 2, min_score: float = 0.3, top: int = 4
    ) -> dict[str, list[tuple[str, float]]]:
        """Source stem -> its best target stems with their Dice score (cached per arguments)."""
        key = (min_count, min_score, top)
        cached = self._scores.get(key)
        if cached is not None:
            return cached
        table: dict[str, list[tuple[str, float]]] = {}
        for s, targets in self.joint.items():
            s_count = self.source[s]
            found = [
                (t, 2.0 * both / (s_count + self.target[t]))
                for t, both in targets.items()
                if both >= min_count
            ]
            found = [(t, score) for t, score in found if score >= min_score]
            if found:
                found.sort(key=lambda x: (-x[1], x[0]))
                table[s] = found[:top]
        self._scores[key] = table
        return table

    def to_dict(self) -> dict[str, object]:
        """The counts as plain JSON-ready data, in a stable order."""
        return {
            "version": FORMAT_VERSION,
            "stem_len": self.stem_len,
            "pairs": self.pairs,
            "beads": self.beads,
            "source": dict(sorted(self.source.items())),
            "target": dict(sorted(self.target.items())),
            "joint": {s: dict(sorted(self.joint[s].items())) for s in sorted(self.joint)},
        }

    def to_bytes(self) -> bytes:
        """Compressed JSON; the same counts always give the same bytes."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return zlib.compress(text.encode("utf-8"), 9)

    @classmethod
    def from_bytes(cls, data: bytes) -> WordTable:
        """Read what `to_bytes` wrote; ArchiveTableError names what is wrong otherwise."""
        try:
            raw = json.loads(zlib.decompress(bytes(data)).decode("utf-8"))
        except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArchiveTableError(f"not a stored word table: {exc}") from exc
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: object) -> WordTable:
        """Read what `to_dict` gave; ArchiveTableError names what is wrong otherwise."""
        if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
            raise ArchiveTableError(f"not a word table of format version {FORMAT_VERSION}")
        try:
            table = cls(int(raw["stem_len"]))
            table.pairs = int(raw["pairs"])
            table.beads = int(raw["beads"])
            table.source = Counter({str(k): int(v) for k, v in raw["source"].items()})
            table.target = Counter({str(k): int(v) for k, v in raw["target"].items()})
            table.joint = {
                str(s): Counter({str(t): int(c) for t, c in targets.items()})
                for s, targets in raw["joint"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ArchiveTableError(
                f"a word table with a missing or malformed part: {exc}"
            ) from exc
        return table


def learn_word_table(
    documents: Iterable[
        tuple[Sequence[str], Sequence[str], Iterable[tuple[Sequence[int], Sequence[int]]]]
    ],
    *,
    stem_len: int = 6,
) -> WordTable:
    """A word table from (original units, translation units, beads) of many aligned pairs."""
    table = WordTable(stem_len)
    for original, translation, beads in documents:
        table.add_pair(original, translation, beads)
    return table
