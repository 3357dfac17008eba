"""Reading the lines of an article as people copy it from a web page: the texts of links and
buttons copied with it, bylines that name the author (or nobody: an editorial), and dates in the
page's own language and script (read by dateparser). Used by the importers of pasted articles and
of published bilingual pages. No Django in here."""

from __future__ import annotations

import datetime
import re

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of text: spaces folded, soft hyphens removed."""
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


LINK = re.compile(r"\(\s*(?:link to (?:the )?original\s*)+\)", re.IGNORECASE)
#: Texts of links and buttons that a browser copies with the page ("Read more", "Print",
#: "Share on Facebook"): never a name, a heading or a paragraph.
_BUTTON = (
    r"(?:\(?\s*(?:link to (?:the )?original\s*)+\)?|Read more|Continue reading|<--+|--+>|[←→«»]|"
    r"Print|Share on (?:Facebook|Twitter|X|LinkedIn|WhatsApp|Telegram)|Share|Tweet|E-?mail|"
    r"WhatsApp|Facebook|Twitter|LinkedIn|Telegram|Copy link)"
)

_BUTTON_LINE = re.compile(rf"^(?:\s*{_BUTTON}\s*[|·•]?)*\s*\.?\s*$", re.IGNORECASE)
BUTTONS_AFTER_SENTENCE = re.compile(rf"(?<=[.!?…»\"”’。！？])(?:\s*{_BUTTON})+\s*$")
_BUTTONS_AFTER = re.compile(rf"(?:\s*(?<![A-Za-z]){_BUTTON}|\s*(?<=[a-z.!?)]){_BUTTON})+\s*$")

#: Bylines that name no person: an unsigned editorial, the newsroom as a whole.
_UNSIGNED = re.compile(
    r"^(?:the\s+)?(?:editorial(?:\s+board)?(?:\s+(?:de|of|del|da|do)\b.*)?|editorials?|"
    r"editors|staff|staff writers?|our correspondents?|(?:die\s+)?redaktion|leitartikel|"
    r"kommentar der redaktion|(?:la\s+)?r[ée]daction|[ée]ditorial|(?:la\s+)?redacci[óo]n|"
    r"(?:a\s+)?reda[çc][ãa]o|редакция|редакционная статья|社説|編集部|افتتاحية|هيئة التحرير|"
    r"أسرة التحرير)$",
    re.IGNORECASE,
)

#: The original's own byline under its title: (its opening words, the words joining names).
_ORIGINAL_BYLINES = [
    (re.compile(r"^(?:By|Written by)\s+(?P<names>.+)$"), ("and",)),
    (re.compile(r"^Von\s+(?P<names>.+)$"), ("und",)),
    (re.compile(r"^Por\s+(?P<names>.+)$"), ("y", "e")),
    (re.compile(r"^Par\s+(?P<names>.+)$"), ("et",)),
    (re.compile(r"^(?:文|記事|取材|筆者)\s*[・:：]\s*(?P<names>.+)$"), ()),
    (re.compile(r"^(?:Автор(?:ы)?|Текст)\s*[:：]\s*(?P<names>.+)$"), ("и",)),
    (re.compile(r"^(?:بقلم|كتب|كتبت|إعداد)\s*[:：]?\s*(?P<names>.+)$"), ("و",)),
]

_BYLINE_PARTS = re.compile(r"\s+[|·•—–]\s+|\s*\|\s*")

#: The languages whose dates the parser reads (dateparser tries only these, which keeps it fast).
DATE_LANGUAGES = ["en", "de", "es", "fr", "pt", "it", "pl", "tr", "uk", "ru", "ja", "ar"]
_DATE_SETTINGS = {
    # Day, month and year must all be written: "March 2015" or "yesterday" is not a date.
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
    "DATE_ORDER": "DMY",
    # Relative dates ("3 days ago") depend on when the page is read, not when it was published.
    "PARSERS": ["custom-formats", "absolute-time"],
}


def is_button_text(text: str) -> bool:
    """Whether a line is only the text of links and buttons ("Print", "Tweet", "<--", ".")."""
    return bool(_BUTTON_LINE.match(text))


def strip_buttons(text: str) -> str:
    """A header line or name without the link and button texts copied into it."""
    text = LINK.sub(" ", text)
    previous = None
    while previous != text:
        previous, text = text, _BUTTONS_AFTER.sub("", clean(text))
    return clean(text)


def split_names(text: str, conjunctions: tuple[str, ...] = ("and",)) -> list[str]:
    """``A, B and C`` → ``[A, B, C]``, without the link and button texts copied with them."""
    text = strip_buttons(text).strip(" .")
    if not text:
        return []
    joins = "|".join(rf"\s+{re.escape(word)}\s+" for word in conjunctions)
    parts = re.split(rf"[,、،]\s*|\s*&\s*|\s*／\s*{'|' + joins if joins else ''}", text)
    names = (strip_buttons(part).strip(" .") for part in parts)
    return [name for name in names if name]


def is_unsigned(name: str, outlet: str = "") -> bool:
    """Whether a byline names no person: "Editorial", "Leitartikel", the outlet's own name."""
    name = clean(name).strip(" .")
    if _UNSIGNED.match(name):
        return True

    def bare(text: str) -> str:
        return re.sub(r"^(the|el|la|le|les|die|der|o|a|al)[\s-]+", "", text.lower()).strip()

    return bool(outlet) and bare(name) == bare(clean(outlet))


def parse_date(text: str) -> datetime.date | None:
    """A date with day, month and year in the page's language and script, else None."""
    text = clean(text).strip(" .,")
    if not text or len(text) > 60 or not any(c.isdigit() for c in text):
        return None
    # dateparser and the regex module it brings are some 10 MB: loaded by the first date read,
    # not by every process that imports the importers (the web workers do, through the desk).
    import dateparser

    try:
        parsed = dateparser.parse(text, languages=DATE_LANGUAGES, settings=_DATE_SETTINGS)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


def original_byline(text: str) -> list[str] | None:
    """The authors an original's byline names ("Von A und B", "文・A", "بقلم A"), else None."""
    for pattern, conjunctions in _ORIGINAL_BYLINES:
        match = pattern.match(text)
        if not match:
            continue
        names = split_names(match["names"], conjunctions)
        if not names or is_unsigned(match["names"]):
            return []  # "By Editorial Board": the piece is unsigned
        # A sentence that happens to open with "Por" or "Par" is no byline.
        if all(_looks_like_name(name) for name in names):
            return names
    return None


def _looks_like_name(name: str) -> bool:
    if len(name) > 60 or any(c.isdigit() for c in name) or re.search(r"[.!?;:。،؟]$", name):
        return False
    words = name.split()
    if len(words) > 5:
        return False
    cased = [word for word in words if word[0].isalpha() and word[0].lower() != word[0].upper()]
    if not cased:
        return len(name) <= 30  # a script without capitals: Japanese, Arabic
    # Names in scripts with capitals start each main word with one ("Ana da Silva").
    return sum(word[0].isupper() for word in cased) >= max(1, len(cased) - 2)


def byline_and_date(lines: list[str]) -> tuple[list[str] | None, datetime.date | None, int]:
    """The byline and date under an article's title ("Von A und B", "3 de marzo de 2015",
    "Por A | 3 de marzo de 2015"), and how many of the first lines they take (at most three).
    ``None`` for the authors when no byline was found; an empty list for an unsigned piece."""
    authors: list[str] | None = None
    date: datetime.date | None = None
    taken = 0
    for line in lines[:3]:
        text = strip_buttons(line)
        if not text or len(text) > 160:
            break
        found = False
        for part in _BYLINE_PARTS.split(text):
            part = part.strip(" ,")
            names = original_byline(part) if authors is None else None
            if names is not None:
                authors, found = names, True
                continue
            # "Von Anna Keller, 12. März 2024": a date may follow the names after a comma.
            head, _, tail = part.rpartition(", ")
            if head and date is None and parse_date(tail):
                names = original_byline(head) if authors is None else None
                if names is not None:
                    authors, date, found = names, parse_date(tail), True
                    continue
            if date is None and len(part) <= 60 and parse_date(part):
                date, found = parse_date(part), True
                continue
            if _UNSIGNED.match(part.strip(" .")):
                authors, found = authors or [], True
                continue
            found = False
            break
        if not found:
            break
        taken += 1
    return authors, date, taken
