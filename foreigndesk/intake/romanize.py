"""A romanised form of an original author's name, suggested for English readers, per script.

A suggestion only: an editor may correct it. Cyrillic and kana follow anyascii's transliteration,
Greek too once "ου" is read as "ou"; Chinese names take pinyin (pypinyin) as the surname followed by
the given name written together ("Xi Jinping"), Korean names likewise from the Hangul syllables.
Scripts that do not write every vowel (Arabic, Hebrew, Persian) and Japanese names in kanji (whose
reading no rule gives) get no suggestion: a wrong romanisation would look like data. No Django.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_UNWRITTEN_VOWELS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK") and "IDEOGRAPH" in name:
        return "HAN"
    return name.split(" ")[0] if name else ""


def scripts_of(name: str) -> set[str]:
    """The scripts of a name's letters ("LATIN", "CYRILLIC", "HAN", "HIRAGANA" ...)."""
    return {_script(char) for char in name if char.isalpha()}


def needs_romanizing(name: str) -> bool:
    """Whether a name is written in a script other than Latin."""
    scripts = scripts_of(name)
    return bool(scripts) and scripts != {"LATIN"}


def _capitalised(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


def _han(name: str) -> str:
    """A Chinese name in pinyin: the first character is the surname (two for the few double
    surnames are not told apart), the rest the given name, written as one word."""
    from pypinyin import lazy_pinyin  # its dictionary takes a second to load: only when needed

    words = []
    for part in name.split():
        syllables = lazy_pinyin(part)
        if len(syllables) >= 2:
            words += [syllables[0], "".join(syllables[1:])]
        else:
            words += syllables
    return _capitalised(" ".join(words))


def _hangul(name: str) -> str:
    words = []
    for part in name.split():
        syllables = [anyascii(char).lower() for char in part]
        if len(syllables) >= 2 and " " not in name:
            words += [syllables[0], "".join(syllables[1:])]
        else:
            words.append("".join(syllables))
    return _capitalised(" ".join(words))


def suggest_romanized(name: str, language: str = "") -> str:
    """The suggested romanised form of ``name`` (written in ``language``), or "" when the name is
    already in Latin letters or no suggestion can be trusted."""
    name = " ".join(name.split())
    if not needs_romanizing(name):
        return ""
    scripts = scripts_of(name) - {"LATIN"}
    if scripts & set(_UNWRITTEN_VOWELS):
        return ""
    if "HAN" in scripts:
        if language == "ja" or scripts & {"HIRAGANA", "KATAKANA"}:
            return ""
        return _han(name)
    if scripts == {"HANGUL"}:
        return _hangul(name)
    if "GREEK" in scripts:
        name = re.sub("ο[υύ]", "ou", name, flags=re.IGNORECASE)
        name = re.sub("Ο[υύ]", "Ou", name)
    romanized = anyascii(name)
    romanized = re.sub(r"[^\w' .-]", "", romanized).strip()
    return _capitalised(romanized) if romanized else ""
