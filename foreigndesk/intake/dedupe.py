"""Duplicate detection: one canonical form per URL, and MinHash signatures for near-identical text.

The signature is a MinHash of word trigrams (character 4-grams for scripts written without
spaces), stored with the original; its bands are stored as keys so that candidates are found by
an indexed lookup rather than by comparing with every original (locality-sensitive hashing).
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    # datasketch brings SciPy, and NumPy is some 17 MB: both imported where a signature is made or
    # read, not with the module, so that processes that never compare texts (the web, most
    # commands) do not pay for them.
    from datasketch import MinHash

NUM_PERM = 128
#: Stored signatures are only comparable within one permutation scheme (datasketch 2).
SCHEME = "affine32"
BANDS = 32  # 32 bands of 4 rows: texts with Jaccard similarity 0.5 share a band 87% of the time
ROWS = NUM_PERM // BANDS
#: Estimated Jaccard similarity from which two texts count as the same article.
NEAR_DUPLICATE = 0.8
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|yclid|mc_cid|mc_eid|ref|ref_src|cmpid|ito|at_medium|at_campaign)$", re.I
)
_WORD = re.compile(r"\w+", re.UNICODE)


def canonical_url(url: str) -> str:
    """A URL in one form: https, lower-case host without www, no fragment or tracking query."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https", host, path, urlencode(query), ""))


def domain_of(url: str) -> str:
    """The host of a URL without ``www.``, lower-case; empty when there is none."""
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def shingles(text: str) -> set[str]:
    """Word trigrams, or character 4-grams when the text is mostly unspaced (Chinese, Japanese)."""
    text = _normalise(text)
    words = _WORD.findall(text)
    letters = sum(len(word) for word in words)
    if words and letters / len(words) <= 12:
        if len(words) < 3:
            return {" ".join(words)}
        return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}
    compact = "".join(words)
    if len(compact) < 4:
        return {compact} if compact else set()
    return {compact[i : i + 4] for i in range(len(compact) - 3)}


def minhash(text: str) -> MinHash:
    """The MinHash of a text's shingles."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    return signature


def encode(signature: MinHash) -> str:
    """A stored form of a MinHash: its hash values as base64 of 32-bit integers."""
    return base64.b64encode(signature.hashvalues.astype("<u4").tobytes()).decode("ascii")


def decode(value: str) -> MinHash:
    """A MinHash from its stored form."""
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(base64.b64decode(value), dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


def band_keys(signature: MinHash) -> list[str]:
    """One key per band, ``"band:digest"``: texts sharing a key are candidates."""
    values = signature.hashvalues.astype("<u4")
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=12).hexdigest()}")
    return keys


def similarity(first: MinHash, second: MinHash) -> float:
    """Estimated Jaccard similarity of the two texts' shingles."""
    return float(first.jaccard(second))


def checksum(text: str) -> str:
    """SHA-256 of the text with its spacing normalised."""
    return hashlib.sha256(" ".join(_normalise(text).split()).encode("utf-8")).hexdigest()
