"""Language-independent text features used by the aligner: tokens, numbers, cognate keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Numbers first so that "8847,60" stays one token; \w+ then takes words (and "K2").
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+")
# "10 000" / "10 000" (French thousands): joined before tokenizing. Only groups of exactly
# three digits after a 1-3 digit head, so "1955 12" is left alone.
_SPACED_THOUSANDS_RE = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d.,])")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:([.,'])\d{3})(?:\1\d{3})*$")

# Small number-word tables: "drei"/"trois"/"three"/"три" all read as the quantity 3. Only
# the words a journalist writes out (one to twelve and round tens) are worth listing.
_NUMBER_WORDS: dict[str, int] = {}
for _lang_words in (
    "one two three four five six seven eight nine ten eleven twelve",
    "ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
    "un deux trois quatre cinq six sept huit neuf dix onze douze",
    "uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "uno due tre quattro cinque sei sette otto nove dieci undici dodici",
    "один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать",
):
    for _value, _word in enumerate(_lang_words.split(), start=1):
        _NUMBER_WORDS.setdefault(_word, _value)
for _word, _value in {
    "zwanzig": 20,
    "vingt": 20,
    "twenty": 20,
    "двадцать": 20,
    "hundert": 100,
    "cent": 100,
    "hundred": 100,
    "сто": 100,
    "tausend": 1000,
    "mille": 1000,
    "thousand": 1000,
    "тысяча": 1000,
    "eine": 1,
    "einen": 1,
    "einem": 1,
    "zwei": 2,
    "две": 2,
    "одна": 1,
    "одно": 1,
}.items():
    _NUMBER_WORDS.setdefault(_word, _value)
# Articles that double as "one" would match everywhere: keep them out.
for _ambiguous in ("un", "uno", "ein", "eine", "einen", "einem", "one", "один", "одна", "одно"):
    _NUMBER_WORDS.pop(_ambiguous, None)

_SKELETON_MAP = str.maketrans(
    {"c": "k", "q": "k", "w": "v", "z": "s", "x": "ks", "j": "i", "y": "i"}
)
_VOWELS_RE = re.compile(r"[aeiouh]+")


def normalize_number(token: str) -> str:
    """Read a numeric token as a quantity so that 8847,60 == 8847.6 and 10.000 == 10000."""
    if _THOUSANDS_RE.match(token) and not token.startswith("0"):
        # "10.000" (German) or "10,000" (English): a thousands separator, not a decimal point.
        return token.replace(".", "").replace(",", "").replace("'", "")
    token = token.replace(",", ".")
    if token.count(".") == 1:
        whole, frac = token.split(".")
        frac = frac.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{frac}" if frac else whole
    if token.count(".") > 1:
        return token.replace(".", "")
    return token.lstrip("0") or "0"


def tokenize(text: str) -> list[str]:
    """Split a unit into word and number tokens, dropping punctuation."""
    text = _SPACED_THOUSANDS_RE.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    return _TOKEN_RE.findall(text)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case ASCII transliteration of a word (Москва -> moskva, Zürich -> zurich)."""
    return unidecode(word).lower()


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Consonant skeleton of a transliterated word, robust to transliteration variants."""
    folded = fold(word).translate(_SKELETON_MAP)
    head, rest = folded[:1], folded[1:]
    squeezed = re.sub(r"(.)\1+", r"\1", head + _VOWELS_RE.sub("", rest))
    return squeezed


def number_value(token: str) -> str | None:
    """The quantity a token denotes, as a normalized string, or None for a non-number."""
    if token[:1].isdigit():
        return normalize_number(token)
    value = _NUMBER_WORDS.get(token.lower())
    return None if value is None else str(value)


def is_name_like(token: str) -> bool:
    """A capitalized or mixed alphanumeric token: likely a name, kept as is across languages."""
    return (token[:1].isupper() and len(token) > 1) or (
        any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token)
    )


def char_length(text: str) -> int:
    """Length in characters with runs of whitespace counted once (tokenized text has many)."""
    return len(" ".join(text.split()))


def script_of(texts: list[str], sample: int = 3000) -> str:
    """The dominant script of a document: 'latin' or the first word of a Unicode letter name."""
    counts: dict[str, int] = {}
    seen = 0
    for text in texts:
        for ch in text:
            if ch.isalpha():
                script = _char_script(ch)
                counts[script] = counts.get(script, 0) + 1
                seen += 1
        if seen >= sample:
            break
    if not counts:
        return "none"
    return max(counts.items(), key=lambda item: item[1])[0]


@lru_cache(maxsize=10_000)
def _char_script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0].lower() if name else "unknown"


_QUOTE_CHARS = '"«»“”„‘’‚‹›「」『』'


def punctuation_signature(text: str) -> tuple[int, int, int, int]:
    """Counts of question marks, exclamation marks, quotation marks and parentheses."""
    return (
        text.count("?") + text.count("¿") + text.count("؟"),
        text.count("!") + text.count("¡"),
        sum(text.count(ch) for ch in _QUOTE_CHARS),
        text.count("(") + text.count(")"),
    )


# Classes of the mark that ends a unit: full stop, question, exclamation, colon, semicolon,
# comma, ellipsis, anything else (a word, a number, a dash...).
END_MARK_CLASSES = 8
_END_MARKS = {
    ".": 0,
    "\u3002": 0,
    "\u0964": 0,
    "?": 1,
    "\uff1f": 1,
    "\u061f": 1,
    "!": 2,
    "\uff01": 2,
    ":": 3,
    "\uff1a": 3,
    ";": 4,
    "\uff1b": 4,
    "\u061b": 4,
    ",": 5,
    "\uff0c": 5,
    "\u060c": 5,
    "\u2026": 6,
}
_CLOSING = set("\"'\u00bb\u00ab\u201c\u201d\u201e\u2018\u2019\u203a\u2039)]}>\u300d\u300f")


def end_mark(text: str) -> int:
    """The class of the punctuation mark that ends a unit, looking past closing quotes."""
    stripped = text.rstrip()
    k = len(stripped) - 1
    while k >= 0 and (stripped[k] in _CLOSING or stripped[k].isspace()):
        k -= 1
    if k < 0:
        return END_MARK_CLASSES - 1
    ch = stripped[k]
    if ch == "." and stripped[max(0, k - 2) : k] == "..":
        return 6
    return _END_MARKS.get(ch, END_MARK_CLASSES - 1)


# A sentence end: a full stop, question or exclamation mark (closing quotes or brackets may
# follow), a space, then a capital letter (opening quotes or brackets may come first).
_SENTENCE_END_RE = re.compile(
    r"[.!?\u2026][\"'\u00bb\u00ab\u201d\u2019)\]]*\s+[\"'\u00ab\u00bb\u201e\u201c(\[]*([^\W\d_])"
)


def rough_sentence_count(unit: str) -> int:
    """Sentences in a unit, roughly (no abbreviations list): enough to tell paragraphs apart
    from sentences, not to split them."""
    return 1 + sum(1 for match in _SENTENCE_END_RE.finditer(unit) if match.group(1).isupper())
