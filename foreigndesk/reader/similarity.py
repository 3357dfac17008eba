"""Content similarity between articles, for "Related articles". Pure Python, no Django.

Each article becomes a profile: weighted words of its translation and original (TF-IDF over the
published archive), its topics, country and outlet. Names survive across scripts because the
original's words are transliterated before comparison.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from unidecode import unidecode

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# Frequent English words that say nothing about what an article is about.
_STOPWORDS = frozenset(
    """
    about above after again against also although among another because been before being
    below between both could does doing down during each even every from further have having
    here into itself just like made many more most much must never only other over said says
    same should since some still such than that their them then there these they this those
    through under until very were what when where which while will with would year years your
    last first next week weeks month months told according people new percent per cent
    """.split()
)

TOPIC_WEIGHT = 0.04
COUNTRY_WEIGHT = 0.03
OUTLET_WEIGHT = 0.02


def words(text: str) -> list[str]:
    """Content words of a text, lowercased and transliterated to Latin letters."""
    found = []
    for word in _WORD.findall(text):
        latin = unidecode(word).lower()
        if latin.isascii() and len(latin) >= 4 and latin not in _STOPWORDS:
            found.append(latin[:12])  # a crude stem: word forms share their first letters
    return found


@dataclass
class Profile:
    """What similarity looks at in one article."""

    key: int
    text: str
    topics: frozenset[int] = frozenset()
    country: str = ""
    outlet: int | None = None
    vector: dict[str, float] = field(default_factory=dict)


def build_vectors(profiles: Sequence[Profile]) -> None:
    """Fill each profile's unit-length TF-IDF vector, IDF taken over these profiles."""
    counts = [Counter(words(profile.text)) for profile in profiles]
    document_frequency: Counter[str] = Counter()
    for counter in counts:
        document_frequency.update(counter.keys())
    total = len(profiles)
    for profile, counter in zip(profiles, counts, strict=True):
        vector = {
            word: (1 + math.log(n)) * math.log((1 + total) / (1 + document_frequency[word]))
            for word, n in counter.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
        profile.vector = {word: weight / norm for word, weight in vector.items() if weight > 0}


def score(a: Profile, b: Profile) -> float:
    """How close two articles are: text cosine plus small boosts for shared metadata."""
    small, large = sorted((a.vector, b.vector), key=len)
    cosine = sum(weight * large.get(word, 0.0) for word, weight in small.items())
    shared_topics = len(a.topics & b.topics)
    value = cosine + TOPIC_WEIGHT * shared_topics
    if a.country and a.country == b.country:
        value += COUNTRY_WEIGHT
    if a.outlet is not None and a.outlet == b.outlet:
        value += OUTLET_WEIGHT
    return value


def nearest(
    target: Profile, candidates: Iterable[Profile], *, limit: int, minimum: float = 0.05
) -> list[tuple[int, float]]:
    """The keys of the closest candidates with their scores, best first."""
    scored = [
        (candidate.key, score(target, candidate))
        for candidate in candidates
        if candidate.key != target.key
    ]
    scored = [item for item in scored if item[1] >= minimum]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
