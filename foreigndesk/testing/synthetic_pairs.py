"""Seeded synthetic document pairs with a known alignment, for tests and the benchmark.

Two made-up languages share names and numbers; every source word has one fixed translation
(the target words are a bit longer), word order is shuffled locally, and translation sentences
are split, merged, dropped and added at given rates. The known beads come with the pair.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


@dataclass(frozen=True)
class Rates:
    """Probabilities of the bead operations applied to each source unit."""

    split: float = 0.05  # 1-2
    merge: float = 0.05  # 2-1
    drop: float = 0.02  # 1-0
    add: float = 0.02  # 0-1 (added before the unit)
    both: float = 0.01  # 2-2


@dataclass
class SyntheticPair:
    """An original, its translation and the true beads (ids into each list)."""

    original: list[str]
    translation: list[str]
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]]


class _Languages:
    def __init__(self, rng: random.Random, vocabulary: int = 3000) -> None:
        self.rng = rng
        words: set[str] = set()
        while len(words) < vocabulary:
            words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
        self.source_words = sorted(words)
        rng.shuffle(self.source_words)
        self.translation: dict[str, str] = {}
        used: set[str] = set()
        for word in self.source_words:
            while True:
                candidate = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4)))
                candidate += rng.choice(["", "n", "r", "s"])
                if candidate not in used:
                    used.add(candidate)
                    self.translation[word] = candidate
                    break
        self.names = [
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            for _ in range(300)
        ]
        # Zipf-like word frequencies: a few very common words, a long tail.
        self.weights = [1.0 / (rank + 1) for rank in range(vocabulary)]

    def source_sentence(self) -> list[str]:
        """A random sentence of the source language, sometimes with a name or a number."""
        rng = self.rng
        words = rng.choices(self.source_words, weights=self.weights, k=rng.randint(4, 24))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words) + 1), rng.choice(self.names))
        if rng.random() < 0.25:
            words.insert(rng.randrange(len(words) + 1), str(rng.randint(2, 2030)))
        return words

    def translate(self, words: list[str]) -> list[str]:
        """Word-for-word translation with local reordering, one word dropped or added at times."""
        rng = self.rng
        out = [self.translation.get(w, w) for w in words]
        for _ in range(len(out) // 4):  # local reordering
            k = rng.randrange(len(out))
            if k + 1 < len(out):
                out[k], out[k + 1] = out[k + 1], out[k]
        if len(out) > 3 and rng.random() < 0.2:
            del out[rng.randrange(len(out))]
        if rng.random() < 0.2:
            out.insert(
                rng.randrange(len(out) + 1), rng.choice(list(self.translation.values())[:50])
            )
        return out


def _render(words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def make_pair(units: int, seed: int = 0, rates: Rates | None = None) -> SyntheticPair:
    """A pair with about `units` original units and its true alignment."""
    rng = random.Random(seed)
    rates = rates or Rates()
    langs = _Languages(rng)
    original: list[str] = []
    translation: list[str] = []
    beads: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    while len(original) < units:
        roll = rng.random()
        if roll < rates.add:
            translation.append(_render(langs.translate(langs.source_sentence())))
            beads.append(((), (len(translation) - 1,)))
            continue
        roll -= rates.add
        first = langs.source_sentence()
        if roll < rates.drop:
            original.append(_render(first))
            beads.append(((len(original) - 1,), ()))
            continue
        roll -= rates.drop
        if roll < rates.merge + rates.both:
            second = langs.source_sentence()
            original.extend([_render(first), _render(second)])
            src_ids = (len(original) - 2, len(original) - 1)
            joined = langs.translate(first) + langs.translate(second)
            if roll < rates.merge or len(joined) < 4:
                translation.append(_render(joined))
                beads.append((src_ids, (len(translation) - 1,)))
            else:
                cut = rng.randrange(2, len(joined) - 1)
                translation.extend([_render(joined[:cut]), _render(joined[cut:])])
                beads.append((src_ids, (len(translation) - 2, len(translation) - 1)))
            continue
        roll -= rates.merge + rates.both
        original.append(_render(first))
        target = langs.translate(first)
        if roll < rates.split and len(target) >= 4:
            cut = rng.randrange(2, len(target) - 1)
            translation.extend([_render(target[:cut]), _render(target[cut:])])
            beads.append(((len(original) - 1,), (len(translation) - 2, len(translation) - 1)))
        else:
            translation.append(_render(target))
            beads.append(((len(original) - 1,), (len(translation) - 1,)))
    return SyntheticPair(original, translation, beads)
