"""Content similarity between articles, for "Related articles" and topic suggestions.

Each article is a TF-IDF vector of its translation (title, standfirst, body) and its original's
transliterated title, fitted over the published archive with scikit-learn; cosine similarity is
nudged by shared topics, country and outlet. The whole archive is compared in sparse matrix
blocks, so ten thousand articles take seconds, not the hours a pairwise loop would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unidecode import unidecode

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

# NumPy, scikit-learn and SciPy are imported where an archive is compared, not when the module is:
# web processes, which import this module through the selectors but never compute related
# articles, do not pay their start-up and memory (NumPy alone is some 17 MB per worker).

TOPIC_WEIGHT = 0.04
COUNTRY_WEIGHT = 0.03
OUTLET_WEIGHT = 0.02
MINIMUM_SCORE = 0.05
BLOCK_ROWS = 512


@dataclass
class Profile:
    """What similarity looks at in one article."""

    key: int
    text: str
    original_title: str = ""
    topics: frozenset[int] = frozenset()
    country: str = ""
    outlet: int | None = None

    def document(self) -> str:
        return f"{self.text}\n{unidecode(self.original_title)}"


def _one_hot(values: Sequence[object]) -> sparse.csr_matrix:
    """Rows of 0/1 marking each profile's value; empty values mark nothing."""
    import numpy as np
    from scipy import sparse

    index: dict[object, int] = {}
    rows, cols = [], []
    for row, value in enumerate(values):
        if value in (None, ""):
            continue
        rows.append(row)
        cols.append(index.setdefault(value, len(index)))
    return sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(values), max(len(index), 1))
    )


def _topics(profiles: Sequence[Profile]) -> sparse.csr_matrix:
    import numpy as np
    from scipy import sparse

    index: dict[int, int] = {}
    rows, cols = [], []
    for row, profile in enumerate(profiles):
        for topic in profile.topics:
            rows.append(row)
            cols.append(index.setdefault(topic, len(index)))
    return sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(profiles), max(len(index), 1))
    )


class Archive:
    """The published archive as vectors, ready to answer "what is nearest to this?"."""

    def __init__(self, profiles: Sequence[Profile]) -> None:
        import numpy as np
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.profiles = list(profiles)
        self.keys = [profile.key for profile in self.profiles]
        self.vectorizer = TfidfVectorizer(
            lowercase=True,
            strip_accents="unicode",
            stop_words="english",
            sublinear_tf=True,
            max_df=0.5 if len(self.profiles) > 20 else 1.0,
            token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
            dtype=np.float32,
        )
        documents = [profile.document() for profile in self.profiles]
        try:
            self.vectors = self.vectorizer.fit_transform(documents)
        except ValueError:  # an empty archive, or one with no words at all
            self.vectors = sparse.csr_matrix((len(documents), 1), dtype=np.float32)
        self.topics = _topics(self.profiles)
        self.countries = _one_hot([profile.country for profile in self.profiles])
        self.outlets = _one_hot([profile.outlet for profile in self.profiles])

    def _scores(self, rows: slice | list[int]) -> np.ndarray:
        scores: np.ndarray = (self.vectors[rows] @ self.vectors.T).toarray()
        scores += TOPIC_WEIGHT * (self.topics[rows] @ self.topics.T).toarray()
        scores += COUNTRY_WEIGHT * (self.countries[rows] @ self.countries.T).toarray()
        scores += OUTLET_WEIGHT * (self.outlets[rows] @ self.outlets.T).toarray()
        return scores

    def nearest(
        self, *, keys: Sequence[int] | None = None, limit: int
    ) -> dict[int, list[tuple[int, float]]]:
        """For each wanted article (all when None), the closest others with their scores."""
        import numpy as np

        positions = {key: row for row, key in enumerate(self.keys)}
        wanted = (
            list(range(len(self.keys)))
            if keys is None
            else [positions[key] for key in keys if key in positions]
        )
        result: dict[int, list[tuple[int, float]]] = {}
        for start in range(0, len(wanted), BLOCK_ROWS):
            rows = wanted[start : start + BLOCK_ROWS]
            scores = self._scores(rows)
            for offset, row in enumerate(rows):
                line = scores[offset]
                line[row] = -1.0  # never related to itself
                count = min(limit, len(line) - 1)
                if count <= 0:
                    result[self.keys[row]] = []
                    continue
                best = np.argpartition(-line, count - 1)[:count]
                ranked = sorted(best, key=lambda col: (-line[col], self.keys[col]))
                result[self.keys[row]] = [
                    (self.keys[col], float(line[col]))
                    for col in ranked
                    if line[col] >= MINIMUM_SCORE
                ]
        return result

    def scores_against_all(self, key: int) -> dict[int, float]:
        """One article's score against every other (empty when the article is not in the archive)."""
        if key not in self.keys:
            return {}
        row = self.keys.index(key)
        line = self._scores([row])[0]
        return {other: float(line[col]) for col, other in enumerate(self.keys) if col != row}

    def suggest_topics(self, profile: Profile, *, neighbours: int = 10) -> list[tuple[int, float]]:
        """Topics of the nearest labelled articles to a (possibly unpublished) article, best first."""
        import numpy as np
        from sklearn.preprocessing import normalize

        if not self.profiles:
            return []
        vector = (
            self.vectorizer.transform([profile.document()]) if self.vectors.shape[1] > 1 else None
        )
        if vector is None:
            return []
        scores = (normalize(vector) @ self.vectors.T).toarray()[0]
        order = np.argsort(-scores)
        votes: dict[int, float] = {}
        taken = 0
        for col in order:
            if self.keys[col] == profile.key or scores[col] <= 0:
                continue
            for topic in self.profiles[col].topics:
                votes[topic] = votes.get(topic, 0.0) + float(scores[col])
            taken += 1
            if taken >= neighbours:
                break
        return sorted(votes.items(), key=lambda item: (-item[1], item[0]))
