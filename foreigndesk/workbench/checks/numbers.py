"""The numbers check: every quantity and date of the original, read as a value, found again in
the translation.

``1,700``, ``1700``, ``1 700`` and German ``1.700`` are one quantity; ``21 млрд`` is ``21
billion``; ``3,5 %`` is ``3.5%``. Dates are read by dateparser in either language, so ``21 июня
2022`` is ``June 21, 2022`` and ``21.06.2022``. A figure whose separators could be read two ways
(``1,700`` in German is one point seven, in English one thousand seven hundred) counts as either.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from dataclasses import dataclass

import dateparser
from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from num2words import num2words

from .base import Check, Context, Finding, Unit
from .text import base_language

_GROUP = r"[ \u00a0\u202f\u2009'’.,]"
NUMBER = re.compile(
    rf"(?<![\d.,])\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[.,]\d+)?(?!\d)|(?<![\d.,])\d+(?:[.,]\d+)?(?!\d)"
)

#: Words that multiply the figure before them, by language (abbreviations with or without the
#: full stop). German and French "Billion"/"billion" stay with their own language's meaning.
_SCALES: dict[str, dict[str, float]] = {
    "en": {
        "thousand": 1e3,
        "million": 1e6,
        "mn": 1e6,
        "billion": 1e9,
        "bn": 1e9,
        "trillion": 1e12,
        "tn": 1e12,
    },
    "ru": {
        "тыс": 1e3,
        "тысяча": 1e3,
        "тысячи": 1e3,
        "тысяч": 1e3,
        "млн": 1e6,
        "миллион": 1e6,
        "миллиона": 1e6,
        "миллионов": 1e6,
        "млрд": 1e9,
        "миллиард": 1e9,
        "миллиарда": 1e9,
        "миллиардов": 1e9,
        "трлн": 1e12,
        "триллион": 1e12,
        "триллиона": 1e12,
        "триллионов": 1e12,
    },
    "uk": {
        "тис": 1e3,
        "тисяч": 1e3,
        "тисячі": 1e3,
        "млн": 1e6,
        "мільйон": 1e6,
        "мільйонів": 1e6,
        "мільйона": 1e6,
        "млрд": 1e9,
        "мільярд": 1e9,
        "мільярдів": 1e9,
        "мільярда": 1e9,
        "трлн": 1e12,
    },
    "de": {
        "tsd": 1e3,
        "tausend": 1e3,
        "mio": 1e6,
        "million": 1e6,
        "millionen": 1e6,
        "mrd": 1e9,
        "milliarde": 1e9,
        "milliarden": 1e9,
        "billion": 1e12,
        "billionen": 1e12,
    },
    "fr": {
        "mille": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "md": 1e9,
        "mds": 1e9,
        "milliard": 1e9,
        "milliards": 1e9,
        "billion": 1e12,
        "billions": 1e12,
    },
    "es": {"mil": 1e3, "millón": 1e6, "millones": 1e6, "billón": 1e12, "billones": 1e12},
    "it": {"mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9},
    "pl": {
        "tys": 1e3,
        "mln": 1e6,
        "mld": 1e9,
        "mln.": 1e6,
        "miliard": 1e9,
        "miliardów": 1e9,
        "milionów": 1e6,
    },
    "zh": {"千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8},
    "ja": {"千": 1e3, "万": 1e4, "億": 1e8, "兆": 1e12},
}
_SCALE_AFTER = re.compile(r"\s?([^\W\d_]+)\.?", re.UNICODE)

_NUMERIC_DATE = re.compile(
    r"(?<![\d.])(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})[./](\d{1,2})[./](\d{4}))(?![\d])"
)
# A day and a month name (either order), the year optional; CJK dates with 年 月 日. Tried in
# this order, each over the whole text, so that "принято 21 июня" is read from "21".
_WORDY_DATES = [
    re.compile(r"(?<!\d)\d{1,2}\.?\s+[^\W\d_]{3,}\.?(?:\s+\d{4})?(?!\d)"),
    re.compile(r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"),
    re.compile(r"[^\W\d_]{3,}\.?\s+\d{1,2}(?:,?\s+\d{4})?(?!\d)"),
]


@dataclass(frozen=True)
class Item:
    """A figure as written, and the values it may mean (or the date it is)."""

    text: str
    values: frozenset[float]
    date: tuple[int | None, int, int] | None = None

    def matches(self, other: Item) -> bool:
        if self.date is not None or other.date is not None:
            if self.date is None or other.date is None:
                return False
            (year, month, day), (other_year, other_month, other_day) = self.date, other.date
            same_day = (month, day) == (other_month, other_day)
            return same_day and (year is None or other_year is None or year == other_year)
        return any(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
            for a in self.values
            for b in other.values
        )


def readings(figure: str) -> set[float]:
    """The values a written figure may mean, whatever the convention of its language."""
    cleaned = re.sub(r"[ \u00a0\u202f\u2009'’]", "", figure)
    separators = [char for char in cleaned if char in ".,"]
    if not separators:
        return {float(cleaned)}
    if len(set(separators)) == 2:
        decimal = cleaned[max(cleaned.rfind("."), cleaned.rfind(","))]
        group = "," if decimal == "." else "."
        return {float(cleaned.replace(group, "").replace(decimal, "."))}
    mark = separators[0]
    parts = cleaned.split(mark)
    if len(parts) > 2:
        return {float(cleaned.replace(mark, ""))}
    values = {float(cleaned.replace(mark, "."))}
    if len(parts[1]) == 3:
        values.add(float(cleaned.replace(mark, "")))
    return values


def _scale(text: str, end: int, language: str) -> tuple[float, int]:
    """The multiplier word right after a figure (``млрд``, ``billion``, ``万``) and where it
    ends; 1 when there is none."""
    scales = _SCALES.get(language)
    if not scales:
        return 1.0, end
    match = _SCALE_AFTER.match(text, end)
    if match is None:
        return 1.0, end
    word = match.group(1).casefold()
    if word in scales:
        return scales[word], match.end()
    # CJK: the multiplier is the first character after the figure.
    if word[:1] in scales:
        return scales[word[:1]], match.start(1) + 1
    return 1.0, end


@functools.cache
def months(language: str) -> dict[str, int]:
    """The month names of ``language`` as dates write them, with each month's number (babel's
    CLDR data: full and abbreviated, in running text and standing alone), case-folded and
    without a final stop."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context=context, locale=locale).items():
                names.setdefault(name.casefold().rstrip("."), int(number))
    return names


_PLAIN_DATE = re.compile(
    r"^(?:(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\.?|(?P<month2>[^\W\d_]+)\.?\s+(?P<day2>\d{1,2}),?)"
    r"(?:\s+(?P<year>\d{4}))?$"
)


def _plain_date(text: str, language: str) -> tuple[int | None, int, int] | None:
    """A date written as a day and a month name of the language (or English), the year
    optional, read directly from the month names; None for anything else."""
    match = _PLAIN_DATE.match(text)
    if match is None:
        return None
    word = (match.group("month") or match.group("month2")).casefold()
    month = months(language).get(word) or months("en").get(word)
    if month is None:
        return None
    day = int(match.group("day") or match.group("day2"))
    year = int(match.group("year")) if match.group("year") else None
    try:
        datetime.date(year or 2000, month, day)
    except ValueError:
        return None
    return (year, month, day)


def _may_be_date(text: str, language: str) -> bool:
    """Whether a day-and-word candidate names a month of the language (or English, which
    articles in every language quote), so that dateparser reads only what may be a date."""
    if "月" in text:
        return True
    known = months(language).keys() | months("en").keys()
    return any(word.casefold() in known for word in re.findall(r"[^\W\d_]+", text))


@functools.lru_cache(maxsize=4096)
def _parse_date(text: str, language: str) -> tuple[int | None, int, int] | None:
    """A day-and-month date written with words, or None (a figure before a noun)."""
    try:
        parsed = dateparser.parse(
            text,
            languages=[language] if language else None,
            settings={"REQUIRE_PARTS": ["day", "month"], "PREFER_DAY_OF_MONTH": "first"},
        )
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed is None:
        return None
    has_year = re.search(r"\d{4}", text) is not None
    return (parsed.year if has_year else None, parsed.month, parsed.day)


def _numeric_date(match: re.Match[str]) -> tuple[int | None, int, int] | None:
    if match.group(1):
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        day, month, year = int(match.group(4)), int(match.group(5)), int(match.group(6))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return (year, month, day)


def items(text: str, language: str) -> list[Item]:
    """The dates and quantities of ``text``, in order of where they start."""
    language = base_language(language)
    found: list[tuple[int, Item]] = []
    taken: list[tuple[int, int]] = []
    for match in _NUMERIC_DATE.finditer(text):
        date = _numeric_date(match)
        if date is not None:
            found.append((match.start(), Item(match.group(), frozenset(), date)))
            taken.append(match.span())
    for pattern in _WORDY_DATES:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            if not _may_be_date(match.group(), language):
                continue
            date = _plain_date(match.group(), language) or _parse_date(match.group(), language)
            if date is not None:
                found.append((match.start(), Item(match.group(), frozenset(), date)))
                taken.append(match.span())
    for match in NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        factor, end = _scale(text, match.end(), language)
        values = {value * factor for value in readings(match.group())}
        found.append((match.start(), Item(text[match.start() : end], frozenset(values))))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


#: Figures up to this one may be written out in words in the translation ("3" as "three").
SPELLED_UP_TO = 100


@functools.lru_cache(maxsize=2048)
def spelled(value: int, language: str) -> re.Pattern[str] | None:
    """``value`` written out in ``language`` (num2words), as a pattern of a whole word, or None
    where num2words does not know the language."""
    try:
        words = num2words(value, lang=language)
    except (NotImplementedError, OverflowError, TypeError, ValueError):
        return None
    return re.compile(rf"(?<!\w){re.escape(words.casefold())}(?!\w)")


def written_out(item: Item, target: str, language: str) -> bool:
    """Whether a small whole number of the original is written out in words in ``target``."""
    whole = [int(value) for value in item.values if value.is_integer()]
    for value in whole:
        if 0 <= value <= SPELLED_UP_TO:
            pattern = spelled(value, base_language(language))
            if pattern is not None and pattern.search(target.casefold()):
                return True
    return False


class NumbersCheck(Check):
    """A number or date of the original missing from the translation, or different in it."""

    name = "Numbers and dates"
    description = (
        "A number, percentage or date of the original is missing from the translation or reads "
        "differently there (1,700 = 1 700 = 1.700 in German; 21 млрд = 21 billion; 3 = three)."
    )
    severity = "error"

    def check_unit(self, unit: Unit, context: Context) -> list[Finding]:
        source = items(unit.source, context.source_language)
        if not source:
            return []
        target = items(unit.target, context.target_language)
        unmatched = list(target)
        missing: list[Item] = []
        for item in source:
            partner = next((other for other in unmatched if item.matches(other)), None)
            if partner is not None:
                unmatched.remove(partner)
            elif item.date is None and written_out(item, unit.target, context.target_language):
                continue
            else:
                missing.append(item)
        found: list[Finding] = []
        for item in missing:
            kind = "date" if item.date is not None else "number"
            counterpart = next(
                (other for other in unmatched if (other.date is None) == (item.date is None)), None
            )
            if counterpart is not None:
                unmatched.remove(counterpart)
                message = (
                    f"Segment {unit.number}: the original's {kind} “{item.text}” reads "
                    f"“{counterpart.text}” in the translation."
                )
            else:
                message = (
                    f"Segment {unit.number}: the original's {kind} “{item.text}” is not in the "
                    "translation."
                )
            found.append(self.finding(message, unit))
        return found
