"""The aligner: unit features, a band from anchors, banded dynamic programming, self-training."""

from __future__ import annotations

import itertools
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .archive import WordTable
from .lexicon import DictionarySource, dice_table, ibm1_table
from .text import (
    END_MARK_CLASSES,
    char_length,
    end_mark,
    fold,
    is_name_like,
    number_value,
    punctuation_signature,
    rough_sentence_count,
    script_of,
    skeleton,
    tokenize,
)


@dataclass(frozen=True)
class Bead:
    """One correspondence: original unit ids and translation unit ids (either side may be empty).

    `score` is what the bead adds to the alignment's score; for a bead flagged `moved` it is
    the confidence of the move, from 0 to 1 (see `find_moves`).
    """

    original: tuple[int, ...]
    translation: tuple[int, ...]
    score: float
    moved: bool = False


class AlignmentError(ValueError):
    """Inputs that cannot be aligned (empty, not text, unknown language...)."""


@dataclass(frozen=True)
class Params:
    """Weights of the scoring model; defaults were tuned on the Text+Berg dev document only."""

    # Score of a bead = lexical * (capped coverages of its units) - length * GC term - prior.
    lexical: float = 1.5
    length: float = 0.15
    length_cap: float = 10.0  # cap on the squared Gale-Church deviation: OCR junk is not fatal
    prior_2: float = 0.5  # 1-2 and 2-1
    prior_22: float = 0.8
    prior_3: float = 0.8  # 1-3 and 3-1
    prior_big: float = 1.1  # 2-3, 3-2, 1-4, 4-1 (with large_beads)
    prior_del: float = 0.35  # 1-0 and 0-1, plus per_del_char per character of the unit
    prior_insert_extra: float = 0.0  # added to prior_del for 0-1 beads only
    per_del_char: float = 0.002
    norm_smoothing: float = 8.0  # added to every unit's weight: short units prove less
    # Question marks, exclamation marks, quotes and brackets; and clause punctuation. Both are
    # implemented but lowered dev F1 (OCR noise, quotes not carried over), so they are off.
    punctuation: float = 0.0
    commas: float = 0.0
    number_boost: float = 3.0  # numbers are the strongest anchors in press text
    name_boost: float = 1.5
    dictionary_weight: float = 0.5
    # The archive word table (`WordTable`, learned from the desk's other aligned pairs): its
    # Dice scores times archive_weight * archive_half / (archive_half + units of the shorter
    # side), so a short pair leans on it and a long one on its own learned table.
    archive_weight: float = 2.0
    archive_half: float = 100.0
    archive_min_count: int = 2
    archive_min_score: float = 0.3
    archive_top: int = 4
    moved_archive_weight: float = 2.0  # the same, for the move pass's candidates ...
    # ... read with lower thresholds: a paragraph far from its place has only its own words
    # to be recognised by, and a wrong pair is refused by the test of the move anyway
    moved_archive_min_score: float = 0.2
    moved_archive_top: int = 8
    dictionary_reverse: bool = False  # also read the target->source dictionary (no dev gain)
    learned_weight: float = 0.3  # the self-trained word table is noisy: trust it less
    prefix_len: int = 6  # cognates: words sharing their first six letters after unidecode
    short_word_len: int = 99  # shorter words matched whole from this length (off: no gain)
    compounds: bool = False  # add known tails of compounds as tokens (no gain on dev)
    large_beads: bool = True  # also 2-3, 3-2, 1-4, 4-1 in the final pass
    stem_len: int = 6  # words are compared by their first letters in the word tables
    anchor_repeats: int = 8  # keys in at most this many units on each side make anchors
    band_first: int = 20  # half-width of the band around the anchor path
    band_second: int = 6  # half-width around the first-pass path
    band_widenings: int = 3  # times the first band doubles where the path meets its edge
    band_large: int = 3  # half-width for beads of four or more units (0: no limit)
    band_first_long: int = 10  # band_first for documents over long_document units
    long_document: int = 5000
    confident_quantile: float = 0.7  # learn the word table from the best 30% of beads
    variance: float = 10.0  # Gale-Church variance until the text gives its own
    # The variance the text gives, from its first pass's 1-1 beads, is drawn towards
    # variance_prior as if variance_prior_count more 1-1 beads had shown it: a short text's
    # few beads give a noisy estimate (0 would take the text's own alone).
    variance_prior: float = 3.3
    variance_prior_count: float = 80.0
    self_train_rounds: int = 1  # a second round lowered dev F1
    lexicon_method: str = "dice"  # or "ibm1" (slower, no better on dev)
    dice_min_count: int = 3
    dice_min: float = 0.3
    dice_top: int = 4
    dice_symmetric: bool = False
    max_df_ratio: float = 0.1  # keys in more than 10% of units (function words) are dropped
    max_df_floor: int = 3  # ... but never fewer than this many units
    # Moves: a unpaired or weakly paired unit (explained below moved_weak by its bead) and one
    # of the other side, each other's best match with at least this confidence ...
    moved_min_similarity: float = 0.05
    moved_weak: float = 0.3
    moved_min_confidence: float = 0.15  # see find_moves
    moved_half_strength: float = 0.1
    moved_length: float = 0.5  # weight of the length fit in the confidence
    moved_learned_weight: float = 1.0  # the learned word table, at full weight here
    moved_min_keys: int = 3  # words or numbers a moved unit shares with its translation
    moved_min_count: int = 3  # >0: the word table for moves, learned from every bead
    moved_rounds: int = 2  # looks for moves again in the rest, aligned without those found
    moved_max_candidates: int = 5_000  # unpaired or weak units examined at most
    # Moves tested by realigning the rest without them (`_tested_moves`), in documents of
    # moved_min_units to moved_max_units units a side (beyond, the matches alone decide).
    moved_test: bool = True
    moved_min_units: int = 8
    moved_max_units: int = 300
    moved_min_sentences: float = 1.5  # ... whose units average this many sentences
    moved_min_crossed: int = 2  # paired beads a tested move must cross
    moved_per_unit: int = 5  # best matches of each weak unit tested
    moved_tested_min_keys: int = 2  # keys a tested candidate shares (moved_min_keys untested)
    # ... and weak units each other's best partner by the bead score itself, when there are
    # at most this many pairs of weak units to score (0: never)
    moved_scored_budget: int = 20_000
    moved_max_tests: int = 60  # candidates tested at most per document
    moved_min_gain: float = 1.0  # the score the move must add to the alignment
    moved_min_pair: float = 0.3  # the bead score of the moved pair itself
    moved_prefix: int = 5  # shorter prefixes for moved units (0: off)
    moved_prefix_weight: float = 1.0
    moved_pair_learned: bool = True  # score the pair with the moves' word table
    moved_min_margin: float = 1.0  # ... and above any other reading of either unit
    moved_half_gain: float = 1.0
    # Marks ending a bead's last units (? with ?, : with :), learned from the first pass
    end_marks: float = 0.25
    end_marks_prior: float = 20.0  # pseudo-counts of end-mark pairs ...
    end_marks_same: float = 0.5  # ... this share of them with the same mark on both sides
    end_marks_bound: float = 2.0
    # A key repeated in two neighbouring units explains a unit once when they are merged
    # (False: counted twice, which favoured spurious 2-2 beads).
    repeats_once: bool = True
    # The first unit of the first bead stands alone when its bead explains less of it than
    # this, and the rest of its side at least this (0: never).
    lone_start: float = 0.0
    # A single unit left out between two paired beads, holding no number and no name, is
    # more often part of a neighbour (a sentence the translator joined to the next one, a
    # fragment of a sentence split in two) than an omission: after the final pass it joins a
    # neighbouring 1-1 bead whose score, so grown, falls short of the two beads' by less than
    # this (0: never; see `_absorb_lone_deletions`).
    lone_deletion: float = 0.5
    # bead types as (source count, target count)
    bead_types: tuple[tuple[int, int], ...] = field(
        default=((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 0), (0, 1))
    )
    first_pass_types: tuple[tuple[int, int], ...] = field(
        default=((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
    )


DEFAULT_PARAMS = Params()

# Key kinds: N number, P shared prefix (same script), E exact short name, S consonant skeleton
# (across scripts), L lexical (dictionary or learned table; target stem).
_ANCHOR_KINDS = ("N:", "P:", "E:", "S:")


def _add_compound_parts(token_lists: list[list[str]], min_part: int = 4) -> None:
    """Append to each unit the known tail of its long words (Basislager -> lager).

    A tail counts when the document itself uses it as a word, which keeps this
    language-independent: German or Dutch compounds then meet their parts and the words
    that translate them.
    """
    vocabulary = {
        t.lower() for toks in token_lists for t in toks if len(t) >= min_part and t.isalpha()
    }
    cache: dict[str, str | None] = {}
    for toks in token_lists:
        extra: list[str] = []
        for tok in toks:
            low = tok.lower()
            if len(low) < 2 * min_part or not low.isalpha():
                continue
            if low not in cache:
                cache[low] = next(
                    (
                        low[k:]
                        for k in range(min_part - 1, len(low) - min_part + 1)
                        if low[k:] in vocabulary
                    ),
                    None,
                )
            part = cache[low]
            if part is not None:
                extra.append(part)
        toks.extend(extra)


class _Side:
    """Per-document features of one side: lengths, token terms, weighted keys."""

    def __init__(self, units: Sequence[str], compounds: bool = False) -> None:
        self.units = units
        self.n = len(units)
        lengths = [char_length(u) for u in units]
        self.cum = array("d", [0.0])
        total = 0.0
        for length in lengths:
            total += length
            self.cum.append(total)
        # prefix sums of question/exclamation/quote/parenthesis counts, one array per kind
        self.punct: list[array[float]] = [array("d", [0.0]) for _ in range(4)]
        for unit in units:
            for kind, count in enumerate(punctuation_signature(unit)):
                self.punct[kind].append(self.punct[kind][-1] + count)
        self.ends = bytes(end_mark(u) for u in units)
        self.commas = array("d", [0.0])
        for unit in units:
            self.commas.append(
                self.commas[-1] + unit.count(",") + unit.count(";") + unit.count(":")
            )
        self.tokens: list[list[str]] = [tokenize(u) for u in units]
        if compounds:
            _add_compound_parts(self.tokens)
        df: dict[str, int] = defaultdict(int)
        for toks in self.tokens:
            for term in {t.lower() for t in toks}:
                df[term] += 1
        self.df = df
        big_n = max(self.n, 1)
        # idf with a floor: a word in every unit still says a little.
        self.idf = {term: math.log(1.0 + big_n / count) for term, count in df.items()}
        self.script = script_of(list(units[:2000]))
        self.keys: list[dict[str, float]] = []
        self.norm: list[float] = []
        self._stems: dict[int, dict[str, str | None]] = {}
        self.capitalized_share: float | None = None  # see _capitalized_share

    def words(self, i: int, stem_len: int) -> list[str]:
        """Folded word stems of unit i (no numbers), for the translation table.

        Each distinct token is folded once (self-training and the move pass both ask for
        every unit's stems, and words recur); the lists themselves are not kept.
        """
        stems = self._stems.get(stem_len)
        if stems is None:
            stems = self._stems[stem_len] = {}
        out = []
        for token in self.tokens[i]:
            if token in stems:
                stem = stems[token]
            else:
                stem = stems[token] = (
                    fold(token)[:stem_len] if number_value(token) is None else None
                )
            if stem is not None:
                out.append(stem)
        return out


def _token_key(tok: str, params: Params, cross_script: bool) -> tuple[str | None, float, float]:
    """(key, key weight factor, norm weight factor) of one token, before its idf weight."""
    num = number_value(tok)
    if num is not None:
        return "N:" + num, params.number_boost, params.number_boost
    folded = fold(tok)
    boost = params.name_boost if is_name_like(tok) else 1.0
    if cross_script:
        skel = skeleton(tok)
        return ("S:" + skel[:4] if len(skel) >= 3 else None), boost, 1.0
    if len(folded) >= params.prefix_len:
        return "P:" + folded[: params.prefix_len], boost, 1.0
    if len(folded) >= params.short_word_len:
        return "E:" + folded, boost, 1.0
    if boost > 1.0 and len(folded) >= 2:
        return "E:" + folded, boost, 1.0
    return None, boost, 1.0


def _base_keys(side: _Side, params: Params, cross_script: bool) -> None:
    """Keys every unit gets whatever the lexicon: numbers, prefixes/skeletons, exact names."""
    side.keys = []
    side.norm = []
    # Token features are computed once per distinct token, then weighted by its idf.
    cache: dict[str, tuple[str | None, float, float]] = {}
    idf = side.idf
    for toks in side.tokens:
        keys: dict[str, float] = defaultdict(float)
        norm = params.norm_smoothing
        for tok in toks:
            feature = cache.get(tok)
            if feature is None:
                weight = idf[tok.lower()]
                key, key_factor, norm_factor = _token_key(tok, params, cross_script)
                feature = cache[tok] = (key, weight * key_factor, weight * norm_factor)
            key, key_weight, norm_weight = feature
            norm += norm_weight
            if key is not None:
                keys[key] += key_weight
        side.keys.append(keys)
        side.norm.append(norm)


def _add_lexical_keys(
    source: _Side,
    table: dict[str, list[tuple[str, float]]],
    params: Params,
) -> list[dict[str, float]]:
    """Source keys plus L:target-stem keys for the words `table` translates."""
    stem_len = params.stem_len
    cache: dict[str, list[tuple[str, float]]] = {}
    out: list[dict[str, float]] = []
    for keys, toks in zip(source.keys, source.tokens, strict=True):
        new = defaultdict(float, keys)
        for tok in toks:
            extra = cache.get(tok)
            if extra is None:
                folded = fold(tok)
                # learned entries are keyed by stem, dictionary entries by "=" + whole word
                entries = [*table.get(folded[:stem_len], ()), *table.get("=" + folded, ())]
                weight = source.idf[tok.lower()]
                extra = cache[tok] = [("L:" + t, weight * strength) for t, strength in entries]
            for key, value in extra:
                new[key] += value
        out.append(new)
    return out


def _target_lexical_keys(target: _Side, params: Params) -> list[dict[str, float]]:
    """Target keys plus an L:stem key for every word (what source lexical keys point at)."""
    cache: dict[str, tuple[str, float] | None] = {}
    out: list[dict[str, float]] = []
    for keys, toks in zip(target.keys, target.tokens, strict=True):
        new = defaultdict(float, keys)
        for tok in toks:
            if tok not in cache:
                cache[tok] = (
                    None
                    if number_value(tok) is not None
                    else ("L:" + fold(tok)[: params.stem_len], target.idf[tok.lower()])
                )
            feature = cache[tok]
            if feature is not None:
                new[feature[0]] += feature[1]
        out.append(new)
    return out


_ENDINGS = ("en", "es", "er", "em", "e", "n", "s")


def _lookup(dictionary: DictionarySource, word: str) -> list[str]:
    """Translations of a word, trying crude de-inflections when the surface form is missing."""
    for candidate in (
        word,
        *(word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= 3),
    ):
        found = dictionary.translations(candidate)
        if found:
            return list(found)
    return []


def _dictionary_table(
    source: _Side, dictionary: DictionarySource, params: Params, target: _Side | None = None
) -> dict[str, list[tuple[str, float]]]:
    """Translation table ("=" + source word -> target stems) from a dictionary, for this text.

    Words are looked up whole (not by stem: "wissenschaftlicher" is not "wissen"); a
    compound missing from the dictionary takes the translations of its longest known tail
    (Trainingslager -> Lager -> camp) and, at lower weight, of its head.
    """
    table: dict[str, list[tuple[str, float]]] = {}
    vocabulary = {t.lower() for toks in source.tokens for t in toks if number_value(t) is None}
    # Sorted, and entries of words that fold alike (für, fur) merged: hash order must not
    # change the result.
    for word in sorted(vocabulary):
        weighted: list[tuple[str, float]] = [(t, 1.0) for t in _lookup(dictionary, word)]
        if not weighted and len(word) >= 8 and word.isalpha():
            for k in range(3, len(word) - 3):
                tail = _lookup(dictionary, word[k:])
                if tail:
                    weighted = [(t, 0.8) for t in tail]
                    head = word[:k]
                    head_found = _lookup(dictionary, head) or _lookup(dictionary, head.rstrip("s"))
                    weighted += [(t, 0.5) for t in head_found]
                    break
        stems: dict[str, float] = {}
        for phrase, strength in weighted[:10]:
            for part in phrase.split():
                folded = fold(part)
                if len(folded) >= 3 and folded.isalpha():
                    stem = folded[: params.stem_len]
                    stems[stem] = max(stems.get(stem, 0.0), strength)
        if stems:
            merged = dict(table.get("=" + fold(word), ()))
            for stem, strength in stems.items():
                merged[stem] = max(merged.get(stem, 0.0), strength)
            table["=" + fold(word)] = list(merged.items())
    if target is not None and params.dictionary_reverse:
        # The reverse dictionary (target -> source) adds pairs the forward one lacks.
        reverse: dict[str, dict[str, float]] = defaultdict(dict)
        target_vocabulary = {
            t.lower() for toks in target.tokens for t in toks if number_value(t) is None
        }
        for word in target_vocabulary:
            stem = fold(word)[: params.stem_len]
            for phrase in dictionary.reverse_translations(word)[:10]:
                for part in phrase.split():
                    reverse["=" + fold(part)][stem] = 1.0
        for key, stems_found in reverse.items():
            merged = dict(table.get(key, ()))
            for stem, strength in stems_found.items():
                merged[stem] = max(merged.get(stem, 0.0), strength)
            table[key] = list(merged.items())
    return table


def _merge_tables(
    *tables: dict[str, list[tuple[str, float]]],
) -> dict[str, list[tuple[str, float]]]:
    merged: dict[str, dict[str, float]] = defaultdict(dict)
    for table in tables:
        for s, entries in table.items():
            for t, strength in entries:
                merged[s][t] = max(merged[s].get(t, 0.0), strength)
    return {s: list(v.items()) for s, v in merged.items()}


def _postings(
    keys: list[dict[str, float]], max_df: int
) -> dict[str, tuple[list[int], list[float]]]:
    """Inverted index key -> (sorted unit ids, weights), dropping keys in too many units."""
    # Counted first, so that the frequent keys, dropped anyway, get no lists at all.
    counts: Counter[str] = Counter()
    for unit_keys in keys:
        counts.update(unit_keys.keys())
    index: dict[str, tuple[list[int], list[float]]] = {
        key: ([], []) for key, count in counts.items() if count <= max_df
    }
    for j, unit_keys in enumerate(keys):
        for key, weight in unit_keys.items():
            entry = index.get(key)
            if entry is not None:
                entry[0].append(j)
                entry[1].append(weight)
    return index


def _anchors(
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    max_repeats: int = 1,
) -> list[tuple[int, int]]:
    """Monotone chain of unit pairs sharing a rare key (longest increasing subsequence).

    A key found in as many units on both sides, and in at most `max_repeats` units, pairs its
    k-th unit on one side with its k-th on the other: a name mentioned once in each of two
    chapters still anchors both, where a key required to be unique would anchor neither.
    """

    def occurrences(keys: list[dict[str, float]]) -> dict[str, list[int]]:
        """Anchor-kind keys found in at most max_repeats units, with those units in order."""
        seen: dict[str, list[int]] = {}
        for i, unit_keys in enumerate(keys):
            for key in unit_keys:
                if not key.startswith(_ANCHOR_KINDS):
                    continue
                units = seen.setdefault(key, [])
                if len(units) <= max_repeats:
                    units.append(i)
        return {k: v for k, v in seen.items() if len(v) <= max_repeats}

    src, tgt = occurrences(source_keys), occurrences(target_keys)
    points = sorted(
        {
            (i, j)
            for key, units in src.items()
            if len(tgt.get(key, ())) == len(units)
            for i, j in zip(units, tgt[key], strict=True)
        }
    )
    # Longest strictly increasing chain in both coordinates (patience sorting).
    # Sort by i ascending, j descending within the same i so that one i gives one point.
    points.sort(key=lambda p: (p[0], -p[1]))
    tails: list[int] = []
    tail_idx: list[int] = []
    parent: list[int] = [-1] * len(points)
    for idx, (_i, j) in enumerate(points):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(idx)
        else:
            tails[pos] = j
            tail_idx[pos] = idx
        parent[idx] = tail_idx[pos - 1] if pos > 0 else -1
    chain: list[tuple[int, int]] = []
    idx = tail_idx[-1] if tail_idx else -1
    while idx >= 0:
        chain.append(points[idx])
        idx = parent[idx]
    chain.reverse()
    return chain


def _band_from_path(
    path: list[tuple[int, int]], n: int, m: int, width: int
) -> tuple[array[int], array[int]]:
    """Per-row allowed cell range [lo, hi] around a monotone path of cells from (0,0) to (n,m)."""
    row_min = [m] * (n + 1)
    row_max = [0] * (n + 1)
    for (i0, j0), (i1, j1) in itertools.pairwise(path):
        if i1 == i0:
            row_min[i0] = min(row_min[i0], j0, j1)
            row_max[i0] = max(row_max[i0], j0, j1)
            continue
        slope = (j1 - j0) / (i1 - i0)
        for i in range(i0, i1 + 1):
            lo_j = j0 + slope * (i - i0 - 0.5)
            hi_j = j0 + slope * (i - i0 + 0.5)
            a = max(min(j0, j1), math.floor(min(lo_j, hi_j)))
            b = min(max(j0, j1), math.ceil(max(lo_j, hi_j)))
            row_min[i] = min(row_min[i], a)
            row_max[i] = max(row_max[i], b)
    lo = array("l", [0] * (n + 1))
    hi = array("l", [0] * (n + 1))
    for i in range(n + 1):
        lo[i] = max(0, row_min[i] - width)
        hi[i] = min(m, row_max[i] + width)
    # Keep the band monotone and connected.
    for i in range(1, n + 1):
        if lo[i] < lo[i - 1]:
            lo[i] = lo[i - 1]
    for i in range(n - 1, -1, -1):
        if hi[i] > hi[i + 1]:
            hi[i] = hi[i + 1]
    lo[0] = 0
    hi[n] = m
    return lo, hi


def _anchor_path(anchors: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int]]:
    path = [(0, 0)]
    for i, j in anchors:
        if i >= path[-1][0] and j >= path[-1][1]:
            path.append((i, j))
            path.append((i + 1, j + 1))
    if path[-1] != (n, m):
        path.append((n, m))
    return path


# Per source row: source coverages, target coverages, first target id, and the corrections for
# keys repeated in two neighbouring units (see `_overlaps`).
Overlaps = list[tuple["array[float]", "array[float]", int, "array[float]", "array[float]"]]
# A bead as the dynamic programme finds it: (i0, i1, j0, j1, score), units i0..i1-1, j0..j1-1.
Bead5 = tuple[int, int, int, int, float]


def _overlaps(
    source_keys: list[dict[str, float]],
    postings: dict[str, tuple[list[int], list[float]]],
    lo: array[int],
    hi: array[int],
    source_norm: Sequence[float],
    target_norm: Sequence[float],
    repeats: bool = True,
) -> Overlaps:
    """For unit pairs inside the band, the shared key weight as a fraction of each unit's weight.

    Each unit is scored by how much of it the other side of its bead explains (its coverage),
    so that a long unit does not outweigh a short one and a merge only pays when the merged
    unit is itself explained. Row i holds (source coverages, target coverages, first target
    id, source repeats, target repeats) as dense arrays over the targets that any bead with
    source unit i can contain.

    A key found in two neighbouring units of the other side (a name in two consecutive
    sentences) must not explain a unit twice when they are merged: entry j of the source
    repeats is the part of unit i's coverage counted twice when targets j and j + 1 are
    merged, and entry j of the target repeats the part of target j's coverage counted twice
    when sources i and i + 1 are merged. Beads subtract them (`repeats=False` leaves them 0).
    """
    result: Overlaps = []
    n = len(source_keys)
    m = len(target_norm)
    for i, unit_keys in enumerate(source_keys):
        # A bead holding source unit i starts at row >= i - 3 and ends at row <= i + 4 (beads
        # have at most four units a side), so its targets lie in this range.
        first = max(0, lo[max(0, i - 3)] - 1)
        last = min(m - 1, hi[min(n, i + 4)])
        size = max(0, last - first + 1)
        acc = [0.0] * size
        twice = [0.0] * size
        twice_t = [0.0] * size
        next_keys = source_keys[i + 1] if repeats and i + 1 < n else {}
        for key, weight in unit_keys.items():
            entry = postings.get(key)
            if entry is None:
                continue
            ids, weights = entry
            start = bisect_left(ids, first)
            if start == len(ids) or ids[start] > last:
                continue  # no unit of the key within reach: nothing to add
            stop = bisect_right(ids, last, start)
            # Indexing, not slices: a key has only a few units within reach of a row.
            for pos in range(start, stop):
                w = weights[pos]
                acc[ids[pos] - first] += w if w < weight else weight
            if not repeats:
                continue
            for pos in range(start, stop - 1):
                if ids[pos + 1] == ids[pos] + 1:
                    w1, w2 = weights[pos], weights[pos + 1]
                    both = w1 + w2
                    twice[ids[pos] - first] += (
                        (w1 if w1 < weight else weight)
                        + (w2 if w2 < weight else weight)
                        - (both if both < weight else weight)
                    )
            after = next_keys.get(key)
            if after is not None:
                both = weight + after
                for pos in range(start, stop):
                    w = weights[pos]
                    twice_t[ids[pos] - first] += (
                        (weight if weight < w else w)
                        + (after if after < w else w)
                        - (both if both < w else w)
                    )
        inv_s = 1.0 / source_norm[i]
        norms = target_norm[first : first + size]
        xs = array("d", [v * inv_s for v in acc])
        ys = array("d", [v / t for v, t in zip(acc, norms, strict=True)])
        xd = array("d", [v * inv_s for v in twice])
        yd = array("d", [v / t for v, t in zip(twice_t, norms, strict=True)])
        result.append((xs, ys, first, xd, yd))
    return result


@dataclass
class _Model:
    ratio: float
    variance: float
    # score added to a bead by the classes of the marks ending its last units, or None
    ends: list[list[float]] | None = None


def _bead_types(params: Params, allowed: Sequence[tuple[int, int]]) -> list[tuple[int, int, float]]:
    types = []
    for a, b in allowed:
        if (a, b) == (1, 1):
            prior = 0.0
        elif a == 0:
            prior = params.prior_del + params.prior_insert_extra
        elif b == 0:
            prior = params.prior_del
        elif a + b == 3:
            prior = params.prior_2
        elif a == 2 and b == 2:
            prior = params.prior_22
        elif a + b == 4:
            prior = params.prior_3
        else:
            prior = params.prior_big
        types.append((a, b, prior))
    # 0-1 beads extend the row being filled, so they must come after every other type.
    types.sort(key=lambda t: t[0] == 0)
    return types


class _Scorer:
    """Constants of one DP run. Each relax_* method fills one row for one bead type.

    The row loops live in small functions on purpose: CPython 3.11 computes the line number of
    every traced allocation by scanning the code object, so under tracemalloc one huge DP
    function was fifty times slower than these small ones.
    """

    def __init__(
        self,
        source: _Side,
        target: _Side,
        overlaps: Overlaps,
        model: _Model,
        params: Params,
        free: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
    ) -> None:
        self.free_source, self.free_target = free
        self.cs, self.ct = source.cum, target.cum
        self.overlaps = overlaps
        self.c = model.ratio
        self.inv_var = 1.0 / model.variance
        self.lex_w = params.lexical
        self.len_w = params.length * 0.5
        self.cap = params.length_cap
        self.del_char = params.per_del_char
        self.punct_w = params.punctuation
        self.source_punct = source.punct
        self.target_punct = target.punct
        self.comma_w = params.commas
        self.source_commas = source.commas
        self.target_commas = target.commas
        self.end_scores = model.ends
        self.source_ends = source.ends
        self.target_ends = target.ends
        # The end-mark score of every cell, one row per class of the source's last mark (entry j
        # for a bead ending before target j), so that the fast paths look it up once.
        self.end_rows: list[list[float]] | None = None
        if model.ends is not None:
            self.end_rows = [[0.0, *(scores[t] for t in target.ends)] for scores in model.ends]
        self.no_ends = [0.0] * (target.n + 1)

    def relax_insertion(
        self,
        row: array[float],
        brow: bytearray,
        lo_i: int,
        j_start: int,
        j_end: int,
        prior: float,
        t_index: int,
    ) -> None:
        """0-1 beads: (i, j-1) -> (i, j), within the row being filled."""
        ct = self.ct
        del_char = self.del_char
        free = self.free_target
        # `last` is the score of cell j - 1 as this loop left it (each cell is only written at
        # its own step, so the row's slice taken before the loop holds the others' scores).
        last = row[j_start - 1 - lo_i]
        r = j_start - lo_i
        for j, c1, c0, cur in zip(
            range(j_start, j_end + 1),
            ct[j_start : j_end + 1],
            ct[j_start - 1 : j_end],
            row[r : r + j_end - j_start + 1],
            strict=True,
        ):
            s = last if free and j - 1 in free else last - prior - del_char * (c1 - c0)
            if s > cur:
                row[j - lo_i] = s
                brow[j - lo_i] = t_index
                last = s
            else:
                last = cur

    def relax_deletion(
        self,
        row: array[float],
        brow: bytearray,
        lo_i: int,
        prev_row: array[float],
        plo: int,
        i: int,
        j_start: int,
        j_end: int,
        prior: float,
        t_index: int,
    ) -> None:
        """1-0 beads: (i-1, j) -> (i, j)."""
        s_del = prior + self.del_char * (self.cs[i] - self.cs[i - 1])
        if i - 1 in self.free_source:
            s_del = 0.0
        count = j_end - j_start + 1
        p = j_start - plo
        r = j_start - lo_i
        for j, prev, cur in zip(
            range(j_start, j_end + 1), prev_row[p : p + count], row[r : r + count], strict=True
        ):
            s = prev - s_del
            if s > cur:
                row[j - lo_i] = s
                brow[j - lo_i] = t_index

    def relax_bead(
        self,
        row: array[float],
        brow: bytearray,
        lo_i: int,
        prev_row: array[float],
        plo: int,
        i: int,
        pi: int,
        b: int,
        j_start: int,
        j_end: int,
        prior: float,
        t_index: int,
        tgt_block: Sequence[int] | None,
        blk: int,
        record: array[float] | None = None,
    ) -> None:
        """Beads with both sides non-empty: (i-a, j-b) -> (i, j).

        The general loop, for every bead shape and option; `_dp` calls the per-shape loops
        below instead when it can, and they must give the same scores to the last bit (the
        tests compare them cell by cell). `record`, when given, receives each cell's bead gain (the score less its predecessor's)
        at j - j_start, for `relax_recorded` to reuse in later runs over the same band.
        """
        ct = self.ct
        o_rows = self.overlaps[pi:i]
        c_l1 = self.c * (self.cs[i] - self.cs[pi])
        inv_var, cap, lex_w, len_w = self.inv_var, self.cap, self.lex_w, self.len_w
        # Shapes: 1 = one source unit (1-1, 1-2, 1-3), 2 = one target unit (2-1, 3-1), 3 = 2-2.
        shape = 1 if i - pi == 1 and b <= 3 else (2 if b == 1 else 3)
        xs, ys, off, xd, _yd = o_rows[0]
        last_row = len(o_rows) - 1
        punct_w = self.punct_w
        comma_w = self.comma_w
        end_row = self.end_scores[self.source_ends[i - 1]] if self.end_scores is not None else None
        tends = self.target_ends
        sc, tc = self.source_commas, self.target_commas
        neg = -1e300
        for j in range(j_start, j_end + 1):
            prev = prev_row[j - b - plo]
            if prev <= neg:
                continue
            pj = j - b
            if tgt_block is not None and (tgt_block[pj] != blk or tgt_block[j - 1] != blk):
                continue
            if shape == 1:
                k = pj - off
                if b == 1:
                    x = xs[k]
                    y = ys[k]
                    lex = (x if x < 1.0 else 1.0) + (y if y < 1.0 else 1.0)
                else:
                    x = xs[k] + xs[k + 1] - xd[k]
                    y = ys[k]
                    y2 = ys[k + 1]
                    lex = (y if y < 1.0 else 1.0) + (y2 if y2 < 1.0 else 1.0)
                    if b == 3:
                        x += xs[k + 2] - xd[k + 1]
                        y = ys[k + 2]
                        lex += y if y < 1.0 else 1.0
                    lex += x if x < 1.0 else 1.0
            elif shape == 2:
                lex = 0.0
                tcov = 0.0
                for r, (xs2, ys2, off2, _xd2, yd2) in enumerate(o_rows):
                    x = xs2[pj - off2]
                    lex += x if x < 1.0 else 1.0
                    tcov += ys2[pj - off2]
                    if r < last_row:
                        tcov -= yd2[pj - off2]
                lex += tcov if tcov < 1.0 else 1.0
            else:
                lex = _coverage(o_rows, pj, b)
            l2 = ct[j] - ct[pj]
            diff = l2 - c_l1
            d2 = diff * diff * inv_var / ((c_l1 + l2) * 0.5 + 1.0)
            s = prev + lex_w * lex - len_w * (d2 if d2 < cap else cap) - prior
            if end_row is not None:
                s += end_row[tends[j - 1]]
            if punct_w:
                s -= self.punctuation_penalty(pi, i, pj, j)
            if comma_w:
                # Clause counts (commas, semicolons, colons) follow the sentence structure.
                ca = sc[i] - sc[pi]
                cb = tc[j] - tc[pj]
                s -= comma_w * abs(ca - cb) / math.sqrt(ca + cb + 1.0)
            if record is not None:
                record[j - j_start] = s - prev
            if s > row[j - lo_i]:
                row[j - lo_i] = s
                brow[j - lo_i] = t_index

    def relax_one_source(
        self,
        row: array[float],
        brow: bytearray,
        lo_i: int,
        prev_row: array[float],
        plo: int,
        i: int,
        b: int,
        j_start: int,
        j_end: int,
        prior: float,
        t_index: int,
    ) -> None:
        """1-1, 1-2 and 1-3 beads, as `relax_bead` scores them, doing only their own work.

        For rows with no paragraph blocks inside the loop, no punctuation or comma terms and
        no gains to record (`_dp` checks). The cells' inputs are walked in step with `zip`
        over slices, which costs less than indexing half a dozen arrays per cell; every
        arithmetic step is the one of `relax_bead`, in the same order, so that the scores are
        the same to the last bit.
        """
        xs, ys, off, xd, _yd = self.overlaps[i - 1]
        c_l1 = self.c * (self.cs[i] - self.cs[i - 1])
        inv_var, cap, lex_w, len_w = self.inv_var, self.cap, self.lex_w, self.len_w
        count = j_end - j_start + 1
        k = j_start - b - off  # the bead's first target in the overlap row
        p = j_start - b - plo
        r = j_start - lo_i
        ct = self.ct
        # Adding 0.0 when no end marks are scored leaves every score as it was: only -0.0 would
        # change, and no score is -0.0 (the origin is 0.0; sums reach -0.0 only from -0.0).
        ends = self.end_rows[self.source_ends[i - 1]] if self.end_rows is not None else self.no_ends
        cells = zip(
            range(j_start, j_end + 1),
            prev_row[p : p + count],
            ct[j_start : j_end + 1],
            ct[j_start - b : j_end - b + 1],
            ends[j_start : j_end + 1],
            row[r : r + count],
            strict=True,
        )
        neg = -1e300
        if b == 1:
            for (j, prev, c1, c0, e, cur), x, y in zip(
                cells, xs[k : k + count], ys[k : k + count], strict=True
            ):
                if prev <= neg:
                    continue
                l2 = c1 - c0
                diff = l2 - c_l1
                d2 = diff * diff * inv_var / ((c_l1 + l2) * 0.5 + 1.0)
                lex = (x if x < 1.0 else 1.0) + (y if y < 1.0 else 1.0)
                s = prev + lex_w * lex - len_w * (d2 if d2 < cap else cap) - prior + e
                if s > cur:
                    row[j - lo_i] = s
                    brow[j - lo_i] = t_index
        elif b == 2:
            for (j, prev, c1, c0, e, cur), x1, x2, x12, y1, y2 in zip(
                cells,
                xs[k : k + count],
                xs[k + 1 : k + 1 + count],
                xd[k : k + count],
                ys[k : k + count],
                ys[k + 1 : k + 1 + count],
                strict=True,
            ):
                if prev <= neg:
                    continue
                l2 = c1 - c0
                diff = l2 - c_l1
                d2 = diff * diff * inv_var / ((c_l1 + l2) * 0.5 + 1.0)
                x = x1 + x2 - x12
                lex = (y1 if y1 < 1.0 else 1.0) + (y2 if y2 < 1.0 else 1.0)
                lex += x if x < 1.0 else 1.0
                s = prev + lex_w * lex - len_w * (d2 if d2 < cap else cap) - prior + e
                if s > cur:
                    row[j - lo_i] = s
                    brow[j - lo_i] = t_index
        else:
            for (j, prev, c1, c0, e, cur), x1, x2, x3, x12, x23, y1, y2, y3 in zip(
                cells,
                xs[k : k + count],
                xs[k + 1 : k + 1 + count],
                xs[k + 2 : k + 2 + count],
                xd[k : k + count],
                xd[k + 1 : k + 1 + count],
                ys[k : k + count],
                ys[k + 1 : k + 1 + count],
                ys[k + 2 : k + 2 + count],
                strict=True,
            ):
                if prev <= neg:
                    continue
                l2 = c1 - c0
                diff = l2 - c_l1
                d2 = diff * diff * inv_var / ((c_l1 + l2) * 0.5 + 1.0)
                x = x1 + x2 - x12
                lex = (y1 if y1 < 1.0 else 1.0) + (y2 if y2 < 1.0 else 1.0)
                x += x3 - x23
                lex += y3 if y3 < 1.0 else 1.0
                lex += x if x < 1.0 else 1.0
                s = prev + lex_w * lex - len_w * (d2 if d2 < cap else cap) - prior + e
                if s > cur:
                    row[j - lo_i] = s
                    brow[j - lo_i] = t_index

    def relax_two_one(
        self,
        row: array[float],
        brow: bytearray,
        lo_i: int,
        prev_row: array[float],
        plo: int,
        i: int,
        j_start: int,
        j_end: int,
        prior: float,
        t_index: int,
    ) -> None:
        """2-1 beads, as `relax_bead` scores them, doing only their own work.

        The same conditions and the same arithmetic as `relax_one_source`.
        """
        c_l1 = self.c * (self.cs[i] - self.cs[i - 2])
        inv_var, cap, lex_w, len_w = self.inv_var, self.cap, self.lex_w, self.len_w
        count = j_end - j_start + 1
        p = j_start - 1 - plo
        r = j_start - lo_i
        ct = self.ct
        ends = self.end_rows[self.source_ends[i - 1]] if self.end_rows is not None else self.no_ends
        xs1, ys1, off1, _xd1, yd1 = self.overlaps[i - 2]
        xs2, ys2, off2, _xd2, _yd2 = self.overlaps[i - 1]
        k1 = j_start - 1 - off1
        k2 = j_start - 1 - off2
        neg = -1e300
        for j, prev, c1, c0, e, cur, x1, y1, y12, x2, y2 in zip(
            range(j_start, j_end + 1),
            prev_row[p : p + count],
            ct[j_start : j_end + 1],
            ct[j_start - 1 : j_end],
            ends[j_start : j_end + 1],
            row[r : r + count],
            xs1[k1 : k1 + count],
            ys1[k1 : k1 + count],
            yd1[k1 : k1 + count],
            xs2[k2 : k2 + count],
            ys2[k2 : k2 + count],
            strict=True,
        ):
            if prev <= neg:
                continue
            tcov = 0.0 + y1 - y12 + y2
            lex = 0.0 + (x1 if x1 < 1.0 else 1.0) + (x2 if x2 < 1.0 else 1.0)
            lex += tcov if tcov < 1.0 else 1.0
            l2 = c1 - c0
            diff = l2 - c_l1
            d2 = diff * diff * inv_var / ((c_l1 + l2) * 0.5 + 1.0)
            s = prev + lex_w * lex - len_w * (d2 if d2 < cap else cap) - prior + e
            if s > cur:
                row[j - lo_i] = s
                brow[j - lo_i] = t_index

    def relax_many(
        self,
        row: array[float],
        brow: bytearray,
        lo_i: int,
        prev_row: array[float],
        plo: int,
        i: int,
        a: int,
        b: int,
        j_start: int,
        j_end: int,
        prior: float,
        t_index: int,
    ) -> None:
        """Every other bead with both sides non-empty (2-2, 3-1, 1-4...), as `relax_bead`
        scores them (same conditions as `relax_one_source`), their coverages summed for the
        whole run of cells first (`_coverage_columns`)."""
        o_rows = self.overlaps[i - a : i]
        c_l1 = self.c * (self.cs[i] - self.cs[i - a])
        inv_var, cap, lex_w, len_w = self.inv_var, self.cap, self.lex_w, self.len_w
        count = j_end - j_start + 1
        p = j_start - b - plo
        r = j_start - lo_i
        ct = self.ct
        ends = self.end_rows[self.source_ends[i - 1]] if self.end_rows is not None else self.no_ends
        cells = zip(
            range(j_start, j_end + 1),
            prev_row[p : p + count],
            ct[j_start : j_end + 1],
            ct[j_start - b : j_end - b + 1],
            ends[j_start : j_end + 1],
            row[r : r + count],
            _coverage_columns(o_rows, j_start - b, count, b),
            strict=True,
        )
        neg = -1e300
        for j, prev, c1, c0, e, cur, lex in cells:
            if prev <= neg:
                continue
            l2 = c1 - c0
            diff = l2 - c_l1
            d2 = diff * diff * inv_var / ((c_l1 + l2) * 0.5 + 1.0)
            s = prev + lex_w * lex - len_w * (d2 if d2 < cap else cap) - prior + e
            if s > cur:
                row[j - lo_i] = s
                brow[j - lo_i] = t_index

    @staticmethod
    def relax_recorded(
        row: array[float],
        brow: bytearray,
        lo_i: int,
        prev_row: array[float],
        plo: int,
        b: int,
        j_start: int,
        j_end: int,
        gains: array[float],
        t_index: int,
    ) -> None:
        """`relax_bead` with the gains an earlier run over the same band recorded."""
        neg = -1e300
        for j in range(j_start, j_end + 1):
            gain = gains[j - j_start]
            if gain <= neg:
                continue
            s = prev_row[j - b - plo] + gain
            if s > row[j - lo_i]:
                row[j - lo_i] = s
                brow[j - lo_i] = t_index

    def punctuation_penalty(self, pi: int, i: int, pj: int, j: int) -> float:
        """Question marks, exclamation marks, quotes and brackets usually survive translation."""
        mismatch = 0.0
        for src, tgt in zip(self.source_punct, self.target_punct, strict=True):
            mismatch += abs((tgt[j] - tgt[pj]) - (src[i] - src[pi]))
        return self.punct_w * (mismatch if mismatch < 4.0 else 4.0)


def _coverage(o_rows: Overlaps, pj: int, b: int) -> float:
    """Sum of the capped coverages of a bead's units (source rows o_rows, targets pj..pj+b-1)."""
    lex = 0.0
    tcovs = [0.0] * b
    last_row = len(o_rows) - 1
    for r, (xs, ys, off, xd, yd) in enumerate(o_rows):
        k0 = pj - off
        scov = xs[k0]
        tcovs[0] += ys[k0]
        if r < last_row:
            tcovs[0] -= yd[k0]
        for k in range(1, b):
            scov += xs[k0 + k] - xd[k0 + k - 1]
            tcovs[k] += ys[k0 + k]
            if r < last_row:
                tcovs[k] -= yd[k0 + k]
        lex += scov if scov < 1.0 else 1.0
    for tc in tcovs:
        lex += tc if tc < 1.0 else 1.0
    return lex


def _coverage_columns(o_rows: Overlaps, pj: int, count: int, b: int) -> list[float]:
    """`_coverage(o_rows, pj + c, b)` for c in range(count), the same floats.

    The shapes of the final pass (2-2, 3-1, 1-4, 4-1, 2-3, 3-2) add up the same terms in the
    same order as `_coverage`, written out (no list, no inner loop per cell); others call it.
    """
    a = len(o_rows)
    if a == 2 and b == 2:
        (xs1, ys1, off1, xd1, yd1), (xs2, ys2, off2, xd2, _yd2) = o_rows
        k1, k2 = pj - off1, pj - off2
        out = []
        for x11, x12, d1, y11, y12, e11, e12, x21, x22, d2, y21, y22 in zip(
            xs1[k1 : k1 + count],
            xs1[k1 + 1 : k1 + 1 + count],
            xd1[k1 : k1 + count],
            ys1[k1 : k1 + count],
            ys1[k1 + 1 : k1 + 1 + count],
            yd1[k1 : k1 + count],
            yd1[k1 + 1 : k1 + 1 + count],
            xs2[k2 : k2 + count],
            xs2[k2 + 1 : k2 + 1 + count],
            xd2[k2 : k2 + count],
            ys2[k2 : k2 + count],
            ys2[k2 + 1 : k2 + 1 + count],
            strict=True,
        ):
            s1 = x11 + (x12 - d1)
            s2 = x21 + (x22 - d2)
            t1 = 0.0 + y11 - e11 + y21
            t2 = 0.0 + y12 - e12 + y22
            out.append(
                0.0
                + (s1 if s1 < 1.0 else 1.0)
                + (s2 if s2 < 1.0 else 1.0)
                + (t1 if t1 < 1.0 else 1.0)
                + (t2 if t2 < 1.0 else 1.0)
            )
        return out
    if a == 3 and b == 1:
        (xs1, ys1, off1, _, yd1), (xs2, ys2, off2, _, yd2), (xs3, ys3, off3, _, _) = o_rows
        k1, k2, k3 = pj - off1, pj - off2, pj - off3
        out = []
        for x1, y1, e1, x2, y2, e2, x3, y3 in zip(
            xs1[k1 : k1 + count],
            ys1[k1 : k1 + count],
            yd1[k1 : k1 + count],
            xs2[k2 : k2 + count],
            ys2[k2 : k2 + count],
            yd2[k2 : k2 + count],
            xs3[k3 : k3 + count],
            ys3[k3 : k3 + count],
            strict=True,
        ):
            t = 0.0 + y1 - e1 + y2 - e2 + y3
            out.append(
                0.0
                + (x1 if x1 < 1.0 else 1.0)
                + (x2 if x2 < 1.0 else 1.0)
                + (x3 if x3 < 1.0 else 1.0)
                + (t if t < 1.0 else 1.0)
            )
        return out
    if a == 1 and b == 4:
        ((xs, ys, off, xd, _yd),) = o_rows
        k = pj - off
        out = []
        for x0, x1, x2, x3, d0, d1, d2, y0, y1, y2, y3 in zip(
            xs[k : k + count],
            xs[k + 1 : k + 1 + count],
            xs[k + 2 : k + 2 + count],
            xs[k + 3 : k + 3 + count],
            xd[k : k + count],
            xd[k + 1 : k + 1 + count],
            xd[k + 2 : k + 2 + count],
            ys[k : k + count],
            ys[k + 1 : k + 1 + count],
            ys[k + 2 : k + 2 + count],
            ys[k + 3 : k + 3 + count],
            strict=True,
        ):
            sc = x0 + (x1 - d0) + (x2 - d1) + (x3 - d2)
            t0, t1, t2, t3 = 0.0 + y0, 0.0 + y1, 0.0 + y2, 0.0 + y3
            out.append(
                0.0
                + (sc if sc < 1.0 else 1.0)
                + (t0 if t0 < 1.0 else 1.0)
                + (t1 if t1 < 1.0 else 1.0)
                + (t2 if t2 < 1.0 else 1.0)
                + (t3 if t3 < 1.0 else 1.0)
            )
        return out
    if a == 4 and b == 1:
        (
            (xs1, ys1, off1, _, yd1),
            (xs2, ys2, off2, _, yd2),
            (xs3, ys3, off3, _, yd3),
            (xs4, ys4, off4, _, _),
        ) = o_rows
        k1, k2, k3, k4 = pj - off1, pj - off2, pj - off3, pj - off4
        out = []
        for x1, y1, e1, x2, y2, e2, x3, y3, e3, x4, y4 in zip(
            xs1[k1 : k1 + count],
            ys1[k1 : k1 + count],
            yd1[k1 : k1 + count],
            xs2[k2 : k2 + count],
            ys2[k2 : k2 + count],
            yd2[k2 : k2 + count],
            xs3[k3 : k3 + count],
            ys3[k3 : k3 + count],
            yd3[k3 : k3 + count],
            xs4[k4 : k4 + count],
            ys4[k4 : k4 + count],
            strict=True,
        ):
            t = 0.0 + y1 - e1 + y2 - e2 + y3 - e3 + y4
            out.append(
                0.0
                + (x1 if x1 < 1.0 else 1.0)
                + (x2 if x2 < 1.0 else 1.0)
                + (x3 if x3 < 1.0 else 1.0)
                + (x4 if x4 < 1.0 else 1.0)
                + (t if t < 1.0 else 1.0)
            )
        return out
    if a == 2 and b == 3:
        (xs1, ys1, off1, xd1, yd1), (xs2, ys2, off2, xd2, _yd2) = o_rows
        k1, k2 = pj - off1, pj - off2
        out = []
        for (
            x10,
            x11,
            x12,
            d10,
            d11,
            y10,
            y11,
            y12,
            e10,
            e11,
            e12,
            x20,
            x21,
            x22,
            d20,
            d21,
            y20,
            y21,
            y22,
        ) in zip(
            xs1[k1 : k1 + count],
            xs1[k1 + 1 : k1 + 1 + count],
            xs1[k1 + 2 : k1 + 2 + count],
            xd1[k1 : k1 + count],
            xd1[k1 + 1 : k1 + 1 + count],
            ys1[k1 : k1 + count],
            ys1[k1 + 1 : k1 + 1 + count],
            ys1[k1 + 2 : k1 + 2 + count],
            yd1[k1 : k1 + count],
            yd1[k1 + 1 : k1 + 1 + count],
            yd1[k1 + 2 : k1 + 2 + count],
            xs2[k2 : k2 + count],
            xs2[k2 + 1 : k2 + 1 + count],
            xs2[k2 + 2 : k2 + 2 + count],
            xd2[k2 : k2 + count],
            xd2[k2 + 1 : k2 + 1 + count],
            ys2[k2 : k2 + count],
            ys2[k2 + 1 : k2 + 1 + count],
            ys2[k2 + 2 : k2 + 2 + count],
            strict=True,
        ):
            s1 = x10 + (x11 - d10) + (x12 - d11)
            s2 = x20 + (x21 - d20) + (x22 - d21)
            t0 = 0.0 + y10 - e10 + y20
            t1 = 0.0 + y11 - e11 + y21
            t2 = 0.0 + y12 - e12 + y22
            out.append(
                0.0
                + (s1 if s1 < 1.0 else 1.0)
                + (s2 if s2 < 1.0 else 1.0)
                + (t0 if t0 < 1.0 else 1.0)
                + (t1 if t1 < 1.0 else 1.0)
                + (t2 if t2 < 1.0 else 1.0)
            )
        return out
    if a == 3 and b == 2:
        (xs1, ys1, off1, xd1, yd1), (xs2, ys2, off2, xd2, yd2), (xs3, ys3, off3, xd3, _) = o_rows
        k1, k2, k3 = pj - off1, pj - off2, pj - off3
        out = []
        for (
            x10,
            x11,
            d10,
            y10,
            y11,
            e10,
            e11,
            x20,
            x21,
            d20,
            y20,
            y21,
            e20,
            e21,
            x30,
            x31,
            d30,
            y30,
            y31,
        ) in zip(
            xs1[k1 : k1 + count],
            xs1[k1 + 1 : k1 + 1 + count],
            xd1[k1 : k1 + count],
            ys1[k1 : k1 + count],
            ys1[k1 + 1 : k1 + 1 + count],
            yd1[k1 : k1 + count],
            yd1[k1 + 1 : k1 + 1 + count],
            xs2[k2 : k2 + count],
            xs2[k2 + 1 : k2 + 1 + count],
            xd2[k2 : k2 + count],
            ys2[k2 : k2 + count],
            ys2[k2 + 1 : k2 + 1 + count],
            yd2[k2 : k2 + count],
            yd2[k2 + 1 : k2 + 1 + count],
            xs3[k3 : k3 + count],
            xs3[k3 + 1 : k3 + 1 + count],
            xd3[k3 : k3 + count],
            ys3[k3 : k3 + count],
            ys3[k3 + 1 : k3 + 1 + count],
            strict=True,
        ):
            s1 = x10 + (x11 - d10)
            s2 = x20 + (x21 - d20)
            s3 = x30 + (x31 - d30)
            t0 = 0.0 + y10 - e10 + y20 - e20 + y30
            t1 = 0.0 + y11 - e11 + y21 - e21 + y31
            out.append(
                0.0
                + (s1 if s1 < 1.0 else 1.0)
                + (s2 if s2 < 1.0 else 1.0)
                + (s3 if s3 < 1.0 else 1.0)
                + (t0 if t0 < 1.0 else 1.0)
                + (t1 if t1 < 1.0 else 1.0)
            )
        return out
    return [_coverage(o_rows, pj + c, b) for c in range(count)]


def _dp(
    source: _Side,
    target: _Side,
    overlaps: Overlaps,
    lo: array[int],
    hi: array[int],
    model: _Model,
    params: Params,
    blocks: tuple[Sequence[int], Sequence[int]] | None = None,
    allowed: Sequence[tuple[int, int]] | None = None,
    narrow: tuple[array[int], array[int]] | None = None,
    free: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
    gains: dict[tuple[int, int], array[float]] | None = None,
) -> list[tuple[int, int, int, int, float]]:
    """Best monotone bead sequence in the band: list of (i0, i1, j0, j1, score).

    `narrow`, a tighter band, limits the rare beads of four or more units (2-2, 1-3, ...) to
    cells near the previous path, which saves a third of the time of a final pass. Units in
    `free` (original ids, translation ids) stand alone at no cost: the alignment of the rest
    of the document as if they were not there (how a candidate move is tested).

    `gains`, a dict shared by runs over the same band, overlaps, model and bead types, keeps
    every bead's gain from the first run: a bead's gain depends on its units alone, not on
    which units stand free, so the many runs that test candidate moves only add them up.

    Memory is one score and one back-pointer per band cell, so linear in the text length.
    """
    n, m = source.n, target.n
    scorer = _Scorer(source, target, overlaps, model, params, free)
    if allowed is None:
        allowed = params.bead_types
        if params.large_beads:
            allowed = (*allowed, (2, 3), (3, 2), (1, 4), (4, 1))
    types = _bead_types(params, allowed)
    neg = -1e300
    scores: list[array[float]] = []
    back: list[bytearray] = []
    src_block, tgt_block = blocks if blocks is not None else (None, None)
    # Beads are scored by the fast paths of `_Scorer` unless a term only `relax_bead` computes
    # is on, or gains are recorded, or the paragraph blocks of the translation are not each
    # one contiguous run (where `relax_bead`'s test of a bead's two ends is not a range).
    fast = not params.punctuation and not params.commas
    src_run: list[int] = []
    tgt_spans: dict[int, tuple[int, int]] | None = None
    if src_block is not None and tgt_block is not None:
        src_run = _run_lengths(src_block)
        tgt_spans = _block_spans(tgt_block)
        fast = fast and tgt_spans is not None
    for i in range(n + 1):
        lo_i, hi_i = lo[i], hi[i]
        row = array("d", [neg]) * (hi_i - lo_i + 1)
        brow = bytearray(hi_i - lo_i + 1)
        scores.append(row)
        back.append(brow)
        if i == 0:
            row[0] = 0.0
        for t_index, (a, b, prior) in enumerate(types):
            pi = i - a
            if pi < 0:
                continue
            plo = lo[pi]
            # cells j of this row whose predecessor (pi, j - b) is inside the band
            j_start = max(lo_i, plo + b, b)
            j_end = min(hi_i, hi[pi] + b)
            if narrow is not None and a + b >= 4:
                j_start = max(j_start, narrow[0][i])
                j_end = min(j_end, narrow[1][i])
            if j_start > j_end:
                continue
            if a == 0:
                scorer.relax_insertion(row, brow, lo_i, j_start, j_end, prior, t_index)
            elif b == 0:
                scorer.relax_deletion(
                    row, brow, lo_i, scores[pi], plo, i, j_start, j_end, prior, t_index
                )
            else:
                recorded = gains.get((i, t_index)) if gains is not None else None
                if recorded is not None:
                    scorer.relax_recorded(
                        row, brow, lo_i, scores[pi], plo, b, j_start, j_end, recorded, t_index
                    )
                    continue
                blk = -1
                if src_block is not None:
                    # Two-level alignment: a bead may not straddle two paragraph beads.
                    blk = src_block[pi]
                    if src_run[i] < a:
                        continue
                if fast and gains is None:
                    if tgt_spans is not None:
                        # the cells whose targets j - b .. j - 1 all lie in the source's block
                        span = tgt_spans.get(blk)
                        if span is None:
                            continue
                        j_start = max(j_start, span[0] + b)
                        j_end = min(j_end, span[1] + 1)
                        if j_start > j_end:
                            continue
                    if a == 1 and b <= 3:
                        scorer.relax_one_source(
                            row, brow, lo_i, scores[pi], plo, i, b, j_start, j_end, prior, t_index
                        )
                    elif a == 2 and b == 1:
                        scorer.relax_two_one(
                            row, brow, lo_i, scores[pi], plo, i, j_start, j_end, prior, t_index
                        )
                    else:
                        scorer.relax_many(
                            row,
                            brow,
                            lo_i,
                            scores[pi],
                            plo,
                            i,
                            a,
                            b,
                            j_start,
                            j_end,
                            prior,
                            t_index,
                        )
                    continue
                record = None
                if gains is not None:
                    # Cells skipped (unreachable or across a paragraph bead) keep no gain.
                    record = gains[(i, t_index)] = array("d", [neg]) * (j_end - j_start + 1)
                scorer.relax_bead(
                    row,
                    brow,
                    lo_i,
                    scores[pi],
                    plo,
                    i,
                    pi,
                    b,
                    j_start,
                    j_end,
                    prior,
                    t_index,
                    tgt_block,
                    blk,
                    record,
                )
    if scores[n][m - lo[n]] <= neg:
        raise AlignmentError("no alignment path inside the search band")
    beads: list[tuple[int, int, int, int, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b, _prior = types[back[i][j - lo[i]]]
        gain = scores[i][j - lo[i]] - scores[i - a][j - b - lo[i - a]]
        beads.append((i - a, i, j - b, j, gain))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def _bead_gain(
    scorer: _Scorer, params: Params, priors: dict[tuple[int, int], float], bead: Bead5
) -> float | None:
    """The score `_dp` gives a bead (i0, i1, j0, j1), or None if it may not be one.

    None when the bead's shape is not allowed or its targets lie outside the overlaps of
    its source rows (beyond the band the pass searched).
    """
    i0, i1, j0, j1, _ = bead
    a, b = i1 - i0, j1 - j0
    prior = priors.get((a, b))
    if prior is None:
        return None
    if a == 0 or b == 0:
        cum = scorer.ct if a == 0 else scorer.cs
        start, end = (j0, j1) if a == 0 else (i0, i1)
        return -prior - scorer.del_char * (cum[end] - cum[start])
    o_rows = scorer.overlaps[i0:i1]
    for xs, _ys, off, _xd, _yd in o_rows:
        if j0 < off or j1 > off + len(xs):
            return None
    lex = _coverage(o_rows, j0, b)
    c_l1 = scorer.c * (scorer.cs[i1] - scorer.cs[i0])
    l2 = scorer.ct[j1] - scorer.ct[j0]
    diff = l2 - c_l1
    d2 = diff * diff * scorer.inv_var / ((c_l1 + l2) * 0.5 + 1.0)
    score = scorer.lex_w * lex - scorer.len_w * min(d2, scorer.cap) - prior
    if scorer.end_scores is not None:
        score += scorer.end_scores[scorer.source_ends[i1 - 1]][scorer.target_ends[j1 - 1]]
    if params.punctuation:
        score -= scorer.punctuation_penalty(i0, i1, j0, j1)
    if params.commas:
        ca = scorer.source_commas[i1] - scorer.source_commas[i0]
        cb = scorer.target_commas[j1] - scorer.target_commas[j0]
        score -= params.commas * abs(ca - cb) / math.sqrt(ca + cb + 1.0)
    return score


# A side on which fewer of the words after a unit's first are capitalized than this writes
# names with a capital and common words without (German capitalizes every noun: about a third).
_NAME_CASE_SHARE = 0.15


def _capitalized_share(side: _Side) -> float:
    """Share of a side's words, a unit's first word left out, that begin with a capital."""
    if side.capitalized_share is None:
        later = [t for tokens in side.tokens for t in tokens[1:] if t[:1].isalpha()]
        capitals = sum(1 for t in later if t[:1].isupper())
        side.capitalized_share = capitals / len(later) if later else 1.0
    return side.capitalized_share


def _holds_number_or_name(side: _Side, keys: dict[str, float], unit: int) -> bool:
    """Whether a unit holds a number, or a name on a side that writes names with a capital."""
    if any(key.startswith("N:") for key in keys):
        return True
    if _capitalized_share(side) >= _NAME_CASE_SHARE:
        return False
    return any(t[:1].isupper() for t in side.tokens[unit][1:] if t[:1].isalpha())


def _absorb_lone_deletions(
    beads: list[Bead5],
    source: _Side,
    target: _Side,
    overlaps: Overlaps,
    model: _Model,
    params: Params,
    blocks: tuple[Sequence[int], Sequence[int]] | None,
) -> list[Bead5]:
    """Join each unit left out alone between two paired beads to a neighbouring 1-1 bead,
    when the grown bead scores less than `params.lone_deletion` below the two it replaces.

    The dynamic programme prices every 1-0 and 0-1 bead alike, whether it stands alone or in
    a run (a passage the translation left out or added). A unit that neither neighbour
    explains is then cheaper to leave out than to merge, yet, standing alone between two
    paired beads, it is more often a sentence the translator joined to its neighbour, or a
    fragment of a sentence split in two, than an omission. A unit that holds a number or a
    name is left out as the programme found it: the other side would hold them had the
    translator kept the sentence. So is a run of two or more, a unit at either end of the
    document, a unit whose neighbours are larger beads (growing them is rarer still) and,
    in a two-level alignment, a bead that would straddle two paragraph beads.
    """
    allowed = params.bead_types
    if params.large_beads:
        allowed = (*allowed, (2, 3), (3, 2), (1, 4), (4, 1))
    priors = {(a, b): prior for a, b, prior in _bead_types(params, allowed)}
    scorer = _Scorer(source, target, overlaps, model, params)
    src_block, tgt_block = blocks if blocks is not None else (None, None)

    def one_block(bead: Bead5) -> bool:
        if src_block is None or tgt_block is None:
            return True
        i0, i1, j0, j1, _ = bead
        found = {src_block[i] for i in range(i0, i1)} | {tgt_block[j] for j in range(j0, j1)}
        return len(found) == 1

    def one_to_one(bead: Bead5) -> bool:
        return bead[1] - bead[0] == 1 and bead[3] - bead[2] == 1

    out = list(beads)
    k = 1
    while k < len(out) - 1:
        before, lone, after = out[k - 1], out[k], out[k + 1]
        paired = all(b[1] > b[0] and b[3] > b[2] for b in (before, after))
        if not paired or (lone[1] - lone[0]) + (lone[3] - lone[2]) != 1:
            k += 1
            continue
        if lone[1] > lone[0]:
            kept = _holds_number_or_name(source, source.keys[lone[0]], lone[0])
        else:
            kept = _holds_number_or_name(target, target.keys[lone[2]], lone[2])
        best: tuple[float, int, Bead5] | None = None
        for side, neighbour in ((-1, before), (1, after)):
            if kept or not one_to_one(neighbour):
                continue
            if side < 0:
                grown = (neighbour[0], lone[1], neighbour[2], lone[3], 0.0)
            else:
                grown = (lone[0], neighbour[1], lone[2], neighbour[3], 0.0)
            gain = _bead_gain(scorer, params, priors, grown) if one_block(grown) else None
            if gain is None:
                continue
            loss = neighbour[4] + lone[4] - gain
            if loss < params.lone_deletion and (best is None or loss < best[0]):
                best = (loss, side, (*grown[:4], gain))
        if best is None:
            k += 1
            continue
        _loss, side, grown = best
        if side < 0:
            out[k - 1 : k + 1] = [grown]
        else:
            out[k : k + 2] = [grown]
    return out


def _run_lengths(blocks: Sequence[int]) -> list[int]:
    """Entry i: how many units up to unit i - 1 belong to the block of unit i - 1 in a row."""
    runs = [0]
    for k, block in enumerate(blocks):
        runs.append(runs[k] + 1 if k and blocks[k - 1] == block else 1)
    return runs


def _block_spans(blocks: Sequence[int]) -> dict[int, tuple[int, int]] | None:
    """First and last unit of every block, or None when a block's units are not all together."""
    spans: dict[int, tuple[int, int]] = {}
    for k, block in enumerate(blocks):
        first = spans.get(block, (k, k))[0]
        spans[block] = (first, k)
    if sum(last - first + 1 for first, last in spans.values()) != len(blocks):
        return None
    return spans


def _estimate_length_model(
    source: _Side,
    target: _Side,
    beads: list[tuple[int, int, int, int, float]],
    fallback: _Model,
    params: Params = DEFAULT_PARAMS,
) -> _Model:
    """Character ratio and variance of the language pair, from the 1-1 beads of a first pass.

    The variance is drawn towards `params.variance_prior` with the weight of
    `params.variance_prior_count` beads: from the 20 or 30 beads of a short text the median
    residual ranges from 1 to 50 (3.3 from the 290 of Text+Berg `dev`).
    """
    pairs = [
        (source.cum[i1] - source.cum[i0], target.cum[j1] - target.cum[j0])
        for i0, i1, j0, j1, _ in beads
        if i1 - i0 == 1 and j1 - j0 == 1
    ]
    pairs = [(a, b) for a, b in pairs if a > 0 and b > 0]
    if len(pairs) < 10:
        return fallback
    ratio = sum(b for _, b in pairs) / sum(a for a, _ in pairs)
    residuals = sorted(((b - ratio * a) ** 2) / ((ratio * a + b) * 0.5 + 1.0) for a, b in pairs)
    # Robust: the median of squared residuals, scaled to a normal variance (/0.455).
    variance = min(max(residuals[len(residuals) // 2] / 0.455, 1.0), 50.0)
    count = params.variance_prior_count
    if count > 0:
        variance = (len(pairs) * variance + count * params.variance_prior) / (len(pairs) + count)
    return _Model(ratio=ratio, variance=variance)


def _end_mark_shares(ends: bytes) -> list[float]:
    """Share of a side's units ending with each class of mark (slightly smoothed)."""
    k = END_MARK_CLASSES
    counts = [0.1] * k
    for mark in ends:
        counts[mark] += 1.0
    total = sum(counts)
    return [c / total for c in counts]


def _estimate_end_scores(
    source: _Side, target: _Side, beads: list[tuple[int, int, int, int, float]], params: Params
) -> list[list[float]] | None:
    """How much more often than by chance a bead's last units end with given marks.

    Pointwise mutual information of the end-mark classes of a bead's last units, from the
    beads of a first pass: a question tends to stay a question, a colon a colon, and a French
    semicolon may stand for a German comma; nothing is assumed about the languages. The
    shares of each mark come from all the units of each side; the pair counts start from
    pseudo-counts that keep the same mark on both sides as often as the shares allow
    (`end_marks_same`) and are otherwise independent, so that a short text starts from that
    assumption and a mark that ends nearly every unit (the full stop) says almost nothing.
    """
    if not params.end_marks:
        return None
    k = END_MARK_CLASSES
    p_src = _end_mark_shares(source.ends)
    p_tgt = _end_mark_shares(target.ends)
    same = [min(p_src[a], p_tgt[a]) for a in range(k)]
    same_total = sum(same)
    mix = params.end_marks_same
    strength = params.end_marks_prior
    counts = [
        [
            strength
            * ((1.0 - mix) * p_src[a] * p_tgt[b] + (mix * same[a] / same_total if a == b else 0.0))
            for b in range(k)
        ]
        for a in range(k)
    ]
    for i0, i1, j0, j1, _ in beads:
        if i1 > i0 and j1 > j0:
            counts[source.ends[i1 - 1]][target.ends[j1 - 1]] += 1.0
    total = sum(map(sum, counts))
    bound = params.end_marks_bound
    table = []
    for a in range(k):
        scores = []
        for b in range(k):
            pmi = math.log(counts[a][b] / total / (p_src[a] * p_tgt[b]))
            scores.append(params.end_marks * max(-bound, min(bound, pmi)))
        table.append(scores)
    return table


def _meets_edge(
    beads: list[tuple[int, int, int, int, float]], lo: array[int], hi: array[int], n: int, m: int
) -> bool:
    """Whether a path touches the band's edge anywhere but at the document's own ends."""
    for _i0, i1, _j0, j1, _ in beads:
        if 0 < i1 < n and ((j1 <= lo[i1] and lo[i1] > 0) or (j1 >= hi[i1] and hi[i1] < m)):
            return True
    return False


def _path_of(beads: list[tuple[int, int, int, int, float]]) -> list[tuple[int, int]]:
    path = [(0, 0)]
    for _i0, i1, _j0, j1, _ in beads:
        path.append((i1, j1))
    return path


def align_units(
    original: Sequence[str],
    translation: Sequence[str],
    *,
    dictionary: DictionarySource | None = None,
    params: Params = DEFAULT_PARAMS,
    blocks: tuple[Sequence[int], Sequence[int]] | None = None,
    block_path: list[tuple[int, int]] | None = None,
    detect_moves: bool | int = False,
    archive: WordTable | None = None,
) -> list[Bead]:
    """Align two non-empty unit sequences (see `align` for the public entry point).

    Steps: unit features and keys; a band around the chain of unique shared keys (or around
    `block_path`, the paragraph beads of a two-level alignment); a first DP pass; then
    self-training (length model and word table from the confident beads) and a final pass
    in a narrow band around the first path. With `detect_moves`, a last pass looks for units
    the translation moved (see `find_moves`), then aligns the rest again without them, looking
    again for moves there up to `params.moved_rounds` times (or `detect_moves` times).
    `archive`, a word table learned from other aligned pairs, joins the dictionary's table from
    the first pass on, weighted down as the pair gets longer (see `Params.archive_half`).
    """
    if any(a > 4 or b > 4 for a, b in (*params.bead_types, *params.first_pass_types)):
        raise ValueError("bead types may have at most four units a side")
    source = _Side(original, compounds=params.compounds)
    target = _Side(translation, compounds=params.compounds)
    n, m = source.n, target.n
    cross_script = source.script != target.script
    _base_keys(source, params, cross_script)
    _base_keys(target, params, cross_script)
    base_table: dict[str, list[tuple[str, float]]] = {}
    if dictionary is not None:
        base_table = _dictionary_table(source, dictionary, params, target)
        scaled = {
            s: [(t, w * params.dictionary_weight) for t, w in e] for s, e in base_table.items()
        }
        base_table = scaled
    archive_share = 0.0
    archive_lex: dict[str, list[tuple[str, float]]] = {}
    if archive is not None and archive.beads:
        if archive.stem_len != params.stem_len:
            raise AlignmentError(
                f"the archive word table compares {archive.stem_len}-letter stems, "
                f"the aligner {params.stem_len}-letter ones"
            )
        archive_lex = archive.translations(
            min_count=params.archive_min_count,
            min_score=params.archive_min_score,
            top=params.archive_top,
        )
        archive_share = params.archive_half / (params.archive_half + min(n, m))
    without_archive = base_table
    if archive_lex and params.archive_weight:
        weight = params.archive_weight * archive_share
        base_table = _merge_tables(
            base_table, {s: [(t, w * weight) for t, w in e] for s, e in archive_lex.items()}
        )
    target_lex = _target_lexical_keys(target, params)
    source_keys = _add_lexical_keys(source, base_table, params) if base_table else source.keys
    target_keys = target_lex if base_table else target.keys
    max_df = max(params.max_df_floor, int(params.max_df_ratio * max(n, m)))
    model = _Model(ratio=(target.cum[-1] + 1.0) / (source.cum[-1] + 1.0), variance=params.variance)

    if block_path is not None:
        path = block_path
    else:
        path = _anchor_path(_anchors(source.keys, target.keys, params.anchor_repeats), n, m)
    # Long documents have many anchors, so a narrower first band is safe and halves the cost.
    width = params.band_first if max(n, m) <= params.long_document else params.band_first_long
    lo, hi = _band_from_path(path, n, m, width)
    rounds = params.self_train_rounds if n > 1 and m > 1 else 0
    learned: dict[str, list[tuple[str, float]]] = {}
    # A first pass that is followed by another only has to find the path: cheap types suffice.
    first_types = params.first_pass_types if rounds else None
    postings = _postings(target_keys, max_df)
    # The postings of the target's lexical keys, for the final pass and the move search alike.
    lex_postings: dict[str, tuple[list[int], list[float]]] | None = None
    for widening in range(params.band_widenings + 1):
        overlaps = _overlaps(
            source_keys, postings, lo, hi, source.norm, target.norm, params.repeats_once
        )
        beads = _dp(source, target, overlaps, lo, hi, model, params, blocks, first_types)
        if widening == params.band_widenings or not _meets_edge(beads, lo, hi, n, m):
            break
        # The path ran along the band's edge: the true path may lie outside. Widen the band
        # around the path found (keeping the old band) and search again.
        width *= 2
        wide_lo, wide_hi = _band_from_path(_path_of(beads), n, m, width)
        lo = array("l", map(min, lo, wide_lo))
        hi = array("l", map(max, hi, wide_hi))

    best_total = sum(b[4] for b in beads)
    for _round in range(rounds):
        # Self-training: learn a word table from this pair's confident beads, then realign in
        # a narrow band around the previous path with the new lexical keys.
        model = _estimate_length_model(source, target, beads, model, params)
        model = replace(model, ends=_estimate_end_scores(source, target, beads, params))
        gains = sorted(g for i0, i1, j0, j1, g in beads if i1 > i0 and j1 > j0)
        threshold = gains[int(len(gains) * params.confident_quantile)] if gains else 0.0
        confident = [
            (
                [w for i in range(i0, i1) for w in source.words(i, params.stem_len)],
                [w for j in range(j0, j1) for w in target.words(j, params.stem_len)],
            )
            for i0, i1, j0, j1, g in beads
            if i1 > i0 and j1 > j0 and g >= threshold
        ]
        if params.lexicon_method == "ibm1":
            learned = ibm1_table(confident)
        else:
            learned = dice_table(
                confident,
                min_count=params.dice_min_count,
                symmetric=params.dice_symmetric,
                min_dice=params.dice_min,
                top=params.dice_top,
            )
        table = _merge_tables(
            base_table,
            {s: [(t, w * params.learned_weight) for t, w in e] for s, e in learned.items()},
        )
        source_keys = _add_lexical_keys(source, table, params)
        path = _path_of(beads)
        lo, hi = _band_from_path(path, n, m, params.band_second)
        narrow = _band_from_path(path, n, m, params.band_large) if params.band_large else None
        if lex_postings is None:
            lex_postings = _postings(target_lex, max_df)
        overlaps = _overlaps(
            source_keys,
            lex_postings,
            lo,
            hi,
            source.norm,
            target.norm,
            params.repeats_once,
        )
        beads = _dp(source, target, overlaps, lo, hi, model, params, blocks, None, narrow)
        # Not across scripts: there a sentence shares little but its names and numbers with
        # its translation, and no aligned pair across scripts was at hand to decide on it.
        # The best path's score, before lone units join their neighbours: moves are tested
        # against it (the runs that test them absorb nothing).
        best_total = sum(b[4] for b in beads)
        if params.lone_deletion and not cross_script:
            beads = _absorb_lone_deletions(beads, source, target, overlaps, model, params, blocks)

    result = [
        Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(g, 4)) for i0, i1, j0, j1, g in beads
    ]
    if params.lone_start and blocks is None and len(result) > 1:
        result = _detach_lone_start(result, source_keys, target_lex, source, target, params)
    if detect_moves:
        if params.moved_min_count and n > 1 and m > 1:
            # Short texts: a table learned from every paired bead, counting rarer pairs.
            learned = dice_table(
                [
                    (
                        [w for i in b.original for w in source.words(i, params.stem_len)],
                        [w for j in b.translation for w in target.words(j, params.stem_len)],
                    )
                    for b in result
                    if b.original and b.translation
                ],
                min_count=params.moved_min_count,
                symmetric=params.dice_symmetric,
                min_dice=params.dice_min,
                top=params.dice_top,
            )
        move_weight = params.moved_archive_weight * archive_share
        move_archive = archive_lex
        if archive_lex and (
            params.moved_archive_min_score != params.archive_min_score
            or params.moved_archive_top != params.archive_top
        ):
            assert archive is not None
            move_archive = archive.translations(
                min_count=params.archive_min_count,
                min_score=params.moved_archive_min_score,
                top=params.moved_archive_top,
            )
        move_table = _merge_tables(
            without_archive,
            {s: [(t, w * move_weight) for t, w in e] for s, e in move_archive.items()},
            {s: [(t, w * params.moved_learned_weight) for t, w in e] for s, e in learned.items()},
        )
        move_source_keys = (
            _add_lexical_keys(source, move_table, params) if move_table else source.keys
        )
        move_target_keys = target_lex if move_table else target.keys
        testable = (
            params.moved_test
            and rounds > 0
            and blocks is None
            and params.moved_min_units <= min(n, m)
            and max(n, m) <= params.moved_max_units
            # paragraphs: sentences rarely move alone, and testing them costs F1 and time
            and sum(map(rough_sentence_count, original))
            + sum(map(rough_sentence_count, translation))
            >= params.moved_min_sentences * (n + m)
        )
        if testable:
            final_keys, final_overlaps, final_band = source_keys, overlaps, (lo, hi, narrow)
            final_gains: dict[tuple[int, int], array[float]] = {}
            if params.moved_prefix and not cross_script:
                move_source_keys = _with_short_prefixes(source, move_source_keys, params)
                move_target_keys = _with_short_prefixes(target, move_target_keys, params)

            def dp_rest(
                free_source: frozenset[int], free_target: frozenset[int]
            ) -> list[tuple[int, int, int, int, float]]:
                return _dp(
                    source,
                    target,
                    final_overlaps,
                    final_band[0],
                    final_band[1],
                    model,
                    params,
                    None,
                    None,
                    final_band[2],
                    (free_source, free_target),
                    final_gains,
                )

            def pair_score(i: int, j: int) -> float:
                return _pair_score(
                    i,
                    j,
                    move_source_keys if params.moved_pair_learned else final_keys,
                    move_target_keys if params.moved_pair_learned else target_lex,
                    source,
                    target,
                    model,
                    params,
                )

            moves = _tested_moves(
                move_candidates(
                    result,
                    move_source_keys,
                    move_target_keys,
                    source,
                    target,
                    model.ratio,
                    params,
                    pair_score,
                ),
                best_total,
                dp_rest,
                pair_score,
                params,
            )
        else:
            moves = find_moves(
                result,
                move_source_keys,
                move_target_keys,
                source,
                target,
                model.ratio,
                params,
                target_postings=lex_postings if move_target_keys is target_lex else None,
            )
        if moves:
            # Align the rest again without the moved units, which disturbed the first path.
            rest_source = [i for i in range(n) if i not in moves]
            taken = {j for j, _ in moves.values()}
            rest_target = [j for j in range(m) if j not in taken]
            if rest_source and rest_target:
                rounds_left = (
                    params.moved_rounds if detect_moves is True else int(detect_moves)
                ) - 1
                rest = align_units(
                    [original[i] for i in rest_source],
                    [translation[j] for j in rest_target],
                    dictionary=dictionary,
                    params=params,
                    detect_moves=rounds_left if rounds_left > 0 else False,
                    archive=archive,
                )
                result = [
                    Bead(
                        tuple(rest_source[i] for i in bead.original),
                        tuple(rest_target[j] for j in bead.translation),
                        bead.score,
                        bead.moved,
                    )
                    for bead in rest
                ]
            else:
                result = [Bead((), (j,), 0.0) for j in rest_target] + [
                    Bead((i,), (), 0.0) for i in rest_source
                ]
            result = place_moves(result, moves)
    return result


def _detach_lone_start(
    beads: list[Bead],
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    source: _Side,
    target: _Side,
    params: Params,
) -> list[Bead]:
    """The first bead without its first unit when the other side explains none of that unit.

    A paragraph only one side has at the start (an editor's note before the translation, a
    standfirst the original lacks) is otherwise glued to the first bead: with nothing before
    it, leaving it alone costs a deletion, gluing it only a merge.
    """
    first = beads[0]
    for on_source in (True, False):
        if on_source:
            own, partners = first.original, first.translation
            keys, norms, other_keys, other_norms = (
                source_keys,
                source.norm,
                target_keys,
                target.norm,
            )
        else:
            own, partners = first.translation, first.original
            keys, norms, other_keys, other_norms = (
                target_keys,
                target.norm,
                source_keys,
                source.norm,
            )
        if len(own) < 2 or not partners:
            continue
        merged = _merged(other_keys, partners)
        merged_norm = sum(other_norms[k] for k in partners)
        head = _similarity(keys[own[0]], merged, norms[own[0]], merged_norm)
        rest = _similarity(
            _merged(keys, own[1:]), merged, sum(norms[u] for u in own[1:]), merged_norm
        )
        if head < params.lone_start <= rest:
            if on_source:
                return [Bead((own[0],), (), 0.0), replace(first, original=own[1:]), *beads[1:]]
            return [Bead((), (own[0],), 0.0), replace(first, translation=own[1:]), *beads[1:]]
    return beads


def _similarity(a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float) -> float:
    """Share of each unit's weight the other explains (each capped at 1), averaged: 0 to 1."""
    if len(b) < len(a):
        a, b, norm_a, norm_b = b, a, norm_b, norm_a
    shared = 0.0
    for key, weight in a.items():
        other = b.get(key)
        if other is not None:
            shared += weight if weight < other else other
    return 0.5 * (min(1.0, shared / norm_a) + min(1.0, shared / norm_b))


def _merged(keys: list[dict[str, float]], ids: Sequence[int]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for k in ids:
        for key, weight in keys[k].items():
            out[key] += weight
    return out


def _explained(
    beads: list[Bead],
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    source: _Side,
    target: _Side,
) -> tuple[dict[int, float], dict[int, float]]:
    """How well its bead's other side explains each unit (0 to 1)."""
    explained: tuple[dict[int, float], dict[int, float]] = ({}, {})
    for bead in beads:
        for own, partners, keys, norms, other_keys, other_norms, out in (
            (
                bead.original,
                bead.translation,
                source_keys,
                source.norm,
                target_keys,
                target.norm,
                explained[0],
            ),
            (
                bead.translation,
                bead.original,
                target_keys,
                target.norm,
                source_keys,
                source.norm,
                explained[1],
            ),
        ):
            if not own:
                continue
            if not partners:
                out[own[0]] = 0.0
                continue
            merged = _merged(other_keys, partners)
            merged_norm = sum(other_norms[k] for k in partners)
            for u in own:
                out[u] = _similarity(keys[u], merged, norms[u], merged_norm)
    return explained


def _best_matches(
    unit_keys: dict[str, float],
    norm: float,
    length: float,
    postings: dict[str, tuple[list[int], list[float]]],
    other_norms: Sequence[float],
    other_lengths: Sequence[float],
    params: Params,
) -> tuple[int, float, float]:
    """The unit of the other side that matches best, its match, and the runner-up's.

    A match is the share of each unit's weight the other explains, times a length fit (the
    shorter length over the longer, lengths made comparable by the pair's ratio).
    """
    found = [
        (weight, entry)
        for weight, entry in zip(unit_keys.values(), map(postings.get, unit_keys), strict=True)
        if entry is not None
    ]
    # Units sharing too few keys are counted out first (in C): only the others' shared
    # weight is summed, key after key as before.
    count = Counter(itertools.chain.from_iterable(entry[0] for _weight, entry in found))
    min_keys = params.moved_min_keys
    shared = dict.fromkeys([unit for unit, n in count.items() if n >= min_keys], 0.0)
    if shared:
        for weight, (ids, weights) in found:
            for unit, other in zip(ids, weights, strict=True):
                if unit in shared:
                    shared[unit] += weight if weight < other else other
    best, first, second = -1, 0.0, 0.0
    for unit in sorted(shared):
        value = shared[unit]
        sim = 0.5 * (min(1.0, value / norm) + min(1.0, value / other_norms[unit]))
        other = other_lengths[unit]
        fit = min(length, other) / max(length, other) if length > 0 and other > 0 else 0.0
        confidence = sim * (1.0 - params.moved_length + params.moved_length * fit)
        if confidence > first:
            best, first, second = unit, confidence, first
        elif confidence > second:
            second = confidence
    return best, first, second


def _rare_keys(
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    source: _Side,
    target: _Side,
    params: Params,
    target_postings: dict[str, tuple[list[int], list[float]]] | None = None,
) -> tuple[
    list[dict[str, float]],
    list[dict[str, float]],
    dict[str, tuple[list[int], list[float]]],
    dict[str, tuple[list[int], list[float]]],
]:
    """The units' keys kept to those rare on both sides (for the units' own beads as for the
    search of their matches), with each side's postings (`target_postings`, when given, are
    those of `target_keys`, made by the caller with the same `max_df`)."""
    max_df = max(params.max_df_floor, int(params.max_df_ratio * max(source.n, target.n)))
    if target_postings is None:
        target_postings = _postings(target_keys, max_df)
    source_postings = _postings(source_keys, max_df)
    source_keys = [
        {k: w for k, w in keys.items() if k in target_postings and k in source_postings}
        for keys in source_keys
    ]
    target_keys = [
        {k: w for k, w in keys.items() if k in source_postings and k in target_postings}
        for keys in target_keys
    ]
    return source_keys, target_keys, source_postings, target_postings


def find_moves(
    beads: list[Bead],
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    source: _Side,
    target: _Side,
    ratio: float,
    params: Params = DEFAULT_PARAMS,
    target_postings: dict[str, tuple[list[int], list[float]]] | None = None,
) -> dict[int, tuple[int, float]]:
    """Units the translation moved: {original unit: (translation unit, confidence)}.

    A monotone aligner can only leave a moved unit unpaired (a 1-0 and a 0-1 bead), glue it to
    a neighbour's bead, or pair it wrongly. So every unpaired unit, and every unit at the edge
    of a bead that its partners explain poorly, is compared with every unit of the other side
    (numbers, names, cognates and the word table, each weighted by rarity; and lengths). Two
    units that are each other's best match by a clear margin, that match better than their
    beads explain them, and whose pairing crosses at least one bead of the alignment, make a
    move; its confidence (0 to 1) is the strength of the match. `target_postings`, when the
    caller has them, are those of `target_keys` (`_postings` with the aligner's `max_df`).
    """
    if len(beads) < 3:
        return {}
    source_keys, target_keys, source_postings, target_postings = _rare_keys(
        source_keys, target_keys, source, target, params, target_postings
    )
    src_explained, tgt_explained = _explained(beads, source_keys, target_keys, source, target)
    src_candidates = [i for i, v in src_explained.items() if v < params.moved_weak]
    tgt_candidates = {j for j, v in tgt_explained.items() if v < params.moved_weak}
    if not src_candidates or not tgt_candidates:
        return {}
    if len(src_candidates) > params.moved_max_candidates:
        return {}
    bead_of_source: dict[int, int] = {}
    bead_of_target: dict[int, int] = {}
    for index, bead in enumerate(beads):
        for i in bead.original:
            bead_of_source[i] = index
        for j in bead.translation:
            bead_of_target[j] = index

    source_lengths = [ratio * (source.cum[i + 1] - source.cum[i]) for i in range(source.n)]
    target_lengths = [target.cum[j + 1] - target.cum[j] for j in range(target.n)]
    found: list[tuple[float, int, int]] = []
    for i in sorted(src_candidates):
        j, best, runner_up = _best_matches(
            source_keys[i],
            source.norm[i],
            source_lengths[i],
            target_postings,
            target.norm,
            target_lengths,
            params,
        )
        if j not in tgt_candidates or best < params.moved_min_similarity:
            continue
        back, _best, back_runner_up = _best_matches(
            target_keys[j],
            target.norm[j],
            target_lengths[j],
            source_postings,
            source.norm,
            source_lengths,
            params,
        )
        if back != i:
            continue
        # How clearly the pair beats every other reading: the runners-up on both sides and
        # what each unit's own bead explains of it.
        rival = max(runner_up, back_runner_up, src_explained[i], tgt_explained[j])
        # ... and how strong the match is (half-way to certain at moved_half_strength)
        confidence = (1.0 - rival / best) * best / (best + params.moved_half_strength)
        if confidence < params.moved_min_confidence:
            continue
        low, high = sorted((bead_of_source[i], bead_of_target[j]))
        if not any(beads[k].original and beads[k].translation for k in range(low + 1, high)):
            continue  # next to each other: a local misalignment, not a move
        found.append((confidence, i, j))
    moves: dict[int, tuple[int, float]] = {}
    taken: set[int] = set()
    for confidence, i, j in sorted(found, reverse=True):
        if j not in taken:
            moves[i] = (j, confidence)
            taken.add(j)
    return moves


def _with_short_prefixes(
    side: _Side, keys: list[dict[str, float]], params: Params
) -> list[dict[str, float]]:
    """Keys plus shorter shared prefixes of words, for finding moved units.

    Six letters (`prefix_len`) miss most cognates of a short text (Expedition, expédition
    share them, but Gletscher and glacier not even four), yet a paragraph far from its place
    has only its own words to be recognised by: `moved_prefix` letters, at
    `moved_prefix_weight` of the word's weight, since they also join unrelated words.
    """
    k = params.moved_prefix
    out: list[dict[str, float]] = []
    for unit_keys, toks in zip(keys, side.tokens, strict=True):
        new = defaultdict(float, unit_keys)
        for tok in toks:
            folded = fold(tok)
            if len(folded) > k and folded.isalpha():
                new["C:" + folded[:k]] += params.moved_prefix_weight * side.idf[tok.lower()]
        out.append(new)
    return out


def _ranked_matches(
    unit_keys: dict[str, float],
    norm: float,
    length: float,
    postings: dict[str, tuple[list[int], list[float]]],
    other_norms: Sequence[float],
    other_lengths: Sequence[float],
    params: Params,
) -> list[tuple[float, int]]:
    """Units of the other side sharing at least `moved_min_keys` keys, best match first.

    The match is the one `_best_matches` computes (coverage both ways times a length fit).
    """
    shared: dict[int, float] = defaultdict(float)
    count: dict[int, int] = defaultdict(int)
    for key, weight in unit_keys.items():
        entry = postings.get(key)
        if entry is None:
            continue
        for unit, other in zip(*entry, strict=True):
            shared[unit] += weight if weight < other else other
            count[unit] += 1
    ranked = []
    for unit, value in shared.items():
        if count[unit] < params.moved_tested_min_keys:
            continue
        sim = 0.5 * (min(1.0, value / norm) + min(1.0, value / other_norms[unit]))
        other = other_lengths[unit]
        fit = min(length, other) / max(length, other) if length > 0 and other > 0 else 0.0
        match = sim * (1.0 - params.moved_length + params.moved_length * fit)
        if match >= params.moved_min_similarity:
            ranked.append((match, unit))
    ranked.sort(key=lambda p: (-p[0], p[1]))
    return ranked


def move_candidates(
    beads: list[Bead],
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    source: _Side,
    target: _Side,
    ratio: float,
    params: Params = DEFAULT_PARAMS,
    pair_score: Callable[[int, int], float] | None = None,
) -> list[tuple[int, int]]:
    """Pairs (original unit, translation unit) that may be a paragraph the translator moved.

    Every unit its bead explains poorly (below `moved_weak`, unpaired units included) is
    compared with every unit of the other side (numbers, names, cognates and the word tables,
    only keys rare on both sides, each weighted by rarity; and lengths); its best
    `moved_per_unit` matches are candidates, strongest match first: moves, or rival readings
    of a unit in place. With `pair_score` (the score of the 1-1 bead two units would make),
    weak units that are each other's best partner by it are candidates too, with the best
    matches (`_mutual_best_pairs`). Which is which is for `_tested_moves` to say.
    """
    if len(beads) < 3:
        return []
    source_keys, target_keys, source_postings, target_postings = _rare_keys(
        source_keys, target_keys, source, target, params
    )
    src_explained, tgt_explained = _explained(beads, source_keys, target_keys, source, target)
    source_lengths = [ratio * (source.cum[i + 1] - source.cum[i]) for i in range(source.n)]
    target_lengths = [target.cum[j + 1] - target.cum[j] for j in range(target.n)]
    # Each pair with its best rank among the matches of either unit, and its match.
    found: dict[tuple[int, int], tuple[int, float]] = {}

    def add(pair: tuple[int, int], rank: int, match: float) -> None:
        old = found.get(pair)
        found[pair] = (rank, match) if old is None else (min(old[0], rank), max(old[1], match))

    for i in sorted(i for i, v in src_explained.items() if v < params.moved_weak):
        ranked = _ranked_matches(
            source_keys[i],
            source.norm[i],
            source_lengths[i],
            target_postings,
            target.norm,
            target_lengths,
            params,
        )
        for rank, (match, j) in enumerate(ranked[: params.moved_per_unit]):
            add((i, j), rank, match)
    for j in sorted(j for j, v in tgt_explained.items() if v < params.moved_weak):
        ranked = _ranked_matches(
            target_keys[j],
            target.norm[j],
            target_lengths[j],
            source_postings,
            source.norm,
            source_lengths,
            params,
        )
        for rank, (match, i) in enumerate(ranked[: params.moved_per_unit]):
            add((i, j), rank, match)
    if pair_score is not None:
        weak_source = sorted(i for i, v in src_explained.items() if v < params.moved_weak)
        weak_target = sorted(j for j, v in tgt_explained.items() if v < params.moved_weak)
        for pair in _mutual_best_pairs(weak_source, weak_target, pair_score, params):
            add(pair, 0, found.get(pair, (0, 0.0))[1])
    # Every weak unit's best match first, then the second ones...: in a long document the
    # strongest matches of a few units would otherwise fill the tests, and a moved
    # paragraph the tables barely know (its best match still weak) would never be tested.
    ordered = sorted(found, key=lambda pair: (found[pair][0], -found[pair][1], pair))
    return ordered[: params.moved_max_tests]


def _mutual_best_pairs(
    weak_source: Sequence[int],
    weak_target: Sequence[int],
    pair_score: Callable[[int, int], float],
    params: Params,
) -> list[tuple[int, int]]:
    """Weak units of either side that are each other's best partner by their bead score.

    The matches of `move_candidates` count only keys rare on both sides, and in a short
    document of long paragraphs a word found in four of them is not rare: a moved paragraph
    whose translation shares only such words with it is then no unit's match, though the bead
    the two would make scores well (every key at its weight, the length fit, the end marks).
    A moved paragraph and its translation are both weak (neither has its counterpart in its
    bead), so the weak units of one side are scored against those of the other, and a pair is
    a candidate when neither unit has a better partner there and its score reaches
    `moved_min_pair`. Skipped beyond `moved_scored_budget` pairs (quadratic cost).
    """
    if not weak_source or not weak_target:
        return []
    if len(weak_source) * len(weak_target) > params.moved_scored_budget:
        return []
    best_of_source: dict[int, tuple[float, int]] = {}
    best_of_target: dict[int, tuple[float, int]] = {}
    for i in weak_source:
        for j in weak_target:
            score = pair_score(i, j)
            # ties go to the earlier unit, so the result does not depend on dict order
            if i not in best_of_source or score > best_of_source[i][0]:
                best_of_source[i] = (score, j)
            if j not in best_of_target or score > best_of_target[j][0]:
                best_of_target[j] = (score, i)
    return [
        (i, j)
        for i, (score, j) in best_of_source.items()
        if score >= params.moved_min_pair and best_of_target[j][1] == i
    ]


def _pair_score(
    i: int,
    j: int,
    source_keys: list[dict[str, float]],
    target_keys: list[dict[str, float]],
    source: _Side,
    target: _Side,
    model: _Model,
    params: Params,
) -> float:
    """What a 1-1 bead of original unit i and translation unit j adds to an alignment's score.

    The same terms as a bead of the dynamic programming (`_Scorer.relax_bead`), so that a
    candidate move's score and the score of the rest of the alignment add up.
    """
    keys, other = source_keys[i], target_keys[j]
    shared = 0.0
    for key, weight in keys.items():
        w = other.get(key)
        if w is not None:
            shared += weight if weight < w else w
    x = shared / source.norm[i]
    y = shared / target.norm[j]
    lex = (x if x < 1.0 else 1.0) + (y if y < 1.0 else 1.0)
    l1 = model.ratio * (source.cum[i + 1] - source.cum[i])
    l2 = target.cum[j + 1] - target.cum[j]
    d2 = (l2 - l1) ** 2 / model.variance / ((l1 + l2) * 0.5 + 1.0)
    score = params.lexical * lex - params.length * 0.5 * min(d2, params.length_cap)
    if model.ends is not None:
        score += model.ends[source.ends[i]][target.ends[j]]
    return score


def _crossed(beads: list[tuple[int, int, int, int, float]], i: int, j: int) -> int:
    """Paired beads that original unit i and translation unit j lie on opposite sides of."""
    crossed = 0
    for i0, i1, j0, j1, _gain in beads:
        if i1 > i0 and j1 > j0 and ((i1 <= i and j0 > j) or (i0 > i and j1 <= j)):
            crossed += 1
    return crossed


def _tested_moves(
    candidates: list[tuple[int, int]],
    base_score: float,
    dp_rest: Callable[[frozenset[int], frozenset[int]], list[tuple[int, int, int, int, float]]],
    pair_score: Callable[[int, int], float],
    params: Params,
) -> dict[int, tuple[int, float]]:
    """The candidates that are moves: {original unit: (translation unit, confidence)}.

    A candidate is tested by aligning the rest of the document without its two units
    (`dp_rest`, the best beads with them standing alone for free) and adding the pair's own
    bead score: a move must raise the alignment's score by `moved_min_gain`, its pair must
    score `moved_min_pair` on its own, and it must cross `moved_min_crossed` paired beads of
    that rest. The crossing is counted in the rest, not in the alignment the candidates came
    from: there a moved unit has pulled its neighbours' beads out of shape (glued to one, or
    pairing it wrongly), so a paragraph moved three places may seem next to its translation.
    Moves are accepted one at a time, the best gain first, and the others tested again
    without the units already moved, since two moves in one region change each other's gains.
    The confidence is how far the gain stands above the best rival reading of either unit
    (another candidate sharing it), times how large it is (half-way to certain at
    `moved_half_gain`).
    """
    moves: dict[int, tuple[int, float]] = {}
    free_source: frozenset[int] = frozenset()
    free_target: frozenset[int] = frozenset()
    pairs = {(i, j): pair_score(i, j) for i, j in candidates}
    pending = [c for c in pairs if pairs[c] >= params.moved_min_pair]
    # the score of the alignment without the units moved so far
    rest_score = base_score
    # Lazy greedy: a gain tested before the last accepted move is stale, and is tested again
    # only when it could be the best (gains barely change away from the moves accepted).
    gains: dict[tuple[int, int], tuple[float, float, int]] = {}
    stale: set[tuple[int, int]] = set(pending)

    def test(pair: tuple[int, int]) -> None:
        rest = dp_rest(free_source | {pair[0]}, free_target | {pair[1]})
        score = sum(b[4] for b in rest)
        gains[pair] = (score + pairs[pair] - rest_score, score, _crossed(rest, *pair))
        stale.discard(pair)

    for pair in pending:
        test(pair)
    while gains:
        best = max(gains, key=lambda c: (gains[c][0], -c[0], -c[1]))
        if best in stale:
            test(best)
            continue
        gain, rest, crossed = gains[best]
        if gain < params.moved_min_gain:
            break
        i, j = best
        rivals = [c for c in gains if c != best and (c[0] == i or c[1] == j)]
        for c in rivals:
            if c in stale:
                test(c)
        rival = max((gains[c][0] for c in rivals if gains[c][0] > 0.0), default=0.0)
        # Rivals share a unit with the move, so their gains share what freeing that unit
        # saves: the difference, not the ratio, says how much better this reading is.
        margin = gain - rival
        # A reading in place that wins settles its units: they were not moved.
        if crossed >= params.moved_min_crossed and margin >= params.moved_min_margin:
            moves[i] = (j, margin / (margin + params.moved_half_gain))
            free_source |= {i}
            free_target |= {j}
            rest_score = rest
            stale.update(gains)
        # Either way its units are settled: moved, or too ambiguous to move with anything
        # (a rival sharing a unit would only be the weaker reading).
        for c in [best, *rivals]:
            del gains[c]
            stale.discard(c)
    return moves


def place_moves(beads: list[Bead], moves: dict[int, tuple[int, float]]) -> list[Bead]:
    """Beads with the moved units' beads flagged `moved`, each at its original unit's place.

    `beads` must leave the moved units out.
    """
    out: list[Bead] = []
    pending = sorted(moves)
    for bead in beads:
        if bead.original:
            while pending and pending[0] < bead.original[0]:
                i = pending.pop(0)
                out.append(Bead((i,), (moves[i][0],), round(moves[i][1], 4), moved=True))
        out.append(bead)
    for i in pending:
        out.append(Bead((i,), (moves[i][0],), round(moves[i][1], 4), moved=True))
    return out
