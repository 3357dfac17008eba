"""Text analysis shared by indexing, queries and snippets: words, word forms, CJK bigrams.

No Django here. Both backends index the output of :func:`index_terms`: every stem tagged with
the language of its text (``en:port``), so that stems of different languages never collide; the
SQLite backend stores it in its FTS5 table, the PostgreSQL backend as ``tsvector`` lexemes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import Stemmer

#: Snowball algorithms by the base of a BCP 47 tag (PyStemmer's names).
STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "nn": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

#: Words too common to search for alone, in the desk's language and in Russian. Inside a quoted
#: phrase they are kept (their position matters). Other languages' stop words stay searchable:
#: "die" is a German article and an English verb.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней
    для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того
    потому этого какой совсем ним здесь этом один почти мой тем чтобы нее были куда зачем всех
    никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них
    какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя
    такой им более всегда конечно всю между
    """.split()
)


def _mark_ranges() -> str:
    """Combining marks (Mn, Mc) as a character-class body of ranges: Hindi, Arabic vowels."""
    ranges: list[list[int]] = []
    for code in range(0x20000):  # the marks of every living script lie below
        if unicodedata.category(chr(code)) in ("Mn", "Mc"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(
        re.escape(chr(low)) + ("" if low == high else "-" + re.escape(chr(high)))
        for low, high in ranges
    )


# Letters, digits and combining marks make words, as in FTS5's unicode61 tokenizer; the
# underscore does not (callers replace it by a space, which keeps offsets).
WORD = re.compile(r"[\w" + _mark_ranges() + r"]+")
# Han, kana and hangul: written without spaces, so cut into overlapping pairs of characters.
_CJK = re.compile(
    "["
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\U00020000-\U0002fa1f"
    "]+"
)


@dataclass(frozen=True)
class Token:
    """A word as searched (case-folded, not yet stemmed) and where it stands in the text."""

    text: str
    start: int
    end: int


def base_language(code: str | None) -> str:
    """``pt-BR`` → ``pt``: stemmers and configurations go by the language, not the region."""
    return (code or "").split("-", 1)[0].lower()


@functools.cache
def _stemmer(algorithm: str) -> Stemmer.Stemmer:
    stemmer = Stemmer.Stemmer(algorithm)
    stemmer.maxCacheSize = 50_000
    return stemmer


def tokens(text: str) -> Iterator[Token]:
    """The words of ``text`` with their spans; runs of CJK characters become bigrams."""
    for match in WORD.finditer(text.replace("_", " ")):
        word = match.group()
        start = match.start()
        if not _CJK.search(word):
            yield Token(word.casefold(), start, match.end())
            continue
        # A word may mix CJK runs with other letters or digits ("G7峰会"): split it.
        position = 0
        for run in _CJK.finditer(word):
            if run.start() > position:
                yield Token(
                    word[position : run.start()].casefold(), start + position, start + run.start()
                )
            chars = run.group()
            if len(chars) == 1:
                yield Token(chars, start + run.start(), start + run.end())
            for i in range(len(chars) - 1):
                yield Token(chars[i : i + 2], start + run.start() + i, start + run.start() + i + 2)
            position = run.end()
        if position < len(word):
            yield Token(word[position:].casefold(), start + position, match.end())


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded, in order."""
    return [token.text for token in tokens(text)]


def stem_words(items: list[str], language: str | None) -> list[str]:
    """Each word reduced to its stem in ``language`` (unchanged where there is no stemmer)."""
    algorithm = STEMMERS.get(base_language(language))
    if algorithm is None:
        return items
    return _stemmer(algorithm).stemWords(items)


def stems(text: str, language: str | None) -> str:
    """``text``'s words stemmed in ``language``, separated by spaces."""
    return " ".join(stem_words(words(text), language))


#: The scripts each stemmer reads (the first word of Unicode's character names); Latin for the
#: languages not listed. A word in another script (a Latin name in a Russian text) is left as
#: written: the stemmer would not change it, and a query in any language finds it.
STEMMER_SCRIPTS = {
    "ar": frozenset({"ARABIC"}),
    "el": frozenset({"GREEK"}),
    "fa": frozenset({"ARABIC"}),
    "hi": frozenset({"DEVANAGARI"}),
    "hy": frozenset({"ARMENIAN"}),
    "ne": frozenset({"DEVANAGARI"}),
    "ru": frozenset({"CYRILLIC"}),
    "sr": frozenset({"CYRILLIC", "LATIN"}),
    "ta": frozenset({"TAMIL"}),
    "yi": frozenset({"HEBREW"}),
}
LATIN = "LATIN"
_LATIN_ONLY = frozenset({LATIN})
#: Separates a stem from the language it was stemmed in (``en:port``, ``it:port``). No word holds
#: it (``WORD`` splits at it); the SQLite tokenizer is told to keep it inside tokens.
TAG = ":"


@functools.lru_cache(maxsize=4096)
def _script_of_letter(letter: str) -> str:
    return unicodedata.name(letter, "").split(" ", 1)[0]


def script_of(word: str) -> str | None:
    """The script of a word's first letter (``LATIN``, ``CYRILLIC`` ...); None without letters."""
    for character in word:
        if character.isalpha():
            return _script_of_letter(character)
    return None


def has_stemmer(language: str | None) -> bool:
    return base_language(language) in STEMMERS


def scripts_of_language(language: str | None) -> frozenset[str]:
    """The scripts a language's stemmer reads (only meaningful when it has one)."""
    return STEMMER_SCRIPTS.get(base_language(language), _LATIN_ONLY)


def index_terms(items: list[str], language: str | None) -> list[str]:
    """Words as the index stores them: each stem tagged with the language it was stemmed in.

    ``ports`` in English is ``en:port``, ``portando`` in Italian ``it:port``: the two never meet,
    so a query stemmed in English does not find the Italian word. Words the language's stemmer
    does not read (no stemmer for the language, another script, digits, CJK bigrams) stay as
    written and untagged; every query also looks for its words as written, which finds them.
    """
    base = base_language(language)
    algorithm = STEMMERS.get(base)
    if algorithm is None:
        return items
    scripts = scripts_of_language(base)
    taggable = [i for i, word in enumerate(items) if script_of(word) in scripts]
    if not taggable:
        return items
    stemmed = _stemmer(algorithm).stemWords([items[i] for i in taggable])
    terms = list(items)
    for i, stem in zip(taggable, stemmed, strict=True):
        terms[i] = f"{base}{TAG}{stem}"
    return terms


def indexed(text: str, language: str | None) -> str:
    """``text`` as the SQLite index stores it: its index terms separated by spaces."""
    return " ".join(index_terms(words(text), language))


def segment_cjk(text: str) -> str:
    """``text`` with every CJK run cut into space-separated bigrams, the rest left as it is.

    PostgreSQL's parser takes a run of Chinese characters for one word; bigrams make any
    two-character sequence findable, on PostgreSQL as on SQLite.
    """
    if not _CJK.search(text):
        return text

    def pairs(match: re.Match[str]) -> str:
        chars = match.group()
        if len(chars) == 1:
            return f" {chars} "
        return " " + " ".join(chars[i : i + 2] for i in range(len(chars) - 1)) + " "

    return _CJK.sub(pairs, text)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS
