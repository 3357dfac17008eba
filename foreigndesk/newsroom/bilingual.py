"""The parser of published bilingual pages: a translation with its original, as HTML or copied text.

Such a page reads, in order: the translation's title (an asterisk at its end when an editor's note
follows); perhaps a lead (the desk's standfirst, under a title marked as a heading); a dateline "Published in OUTLET (COUNTRY) on DATE by AUTHOR" (in copied text often
broken over two or three lines, any part possibly missing); the credits "Translated from
LANGUAGE by TRANSLATOR. Edited by EDITOR."; an optional "*Editor's Note:"; the translation; the
original's title and text in its own language; then the site's chrome ("Hot this week",
"Topics", "Related Articles"), which belongs to neither text.

The page is first flattened into units (one per paragraph, heading or line); the header is read
from the top; the boundary between translation and original is where the units' language
changes from the desk's to another, judged over the whole body so that a stray guess on a short
line does not move it. No Django in here: the language identifier is passed in.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from foreigndesk.core.blocks import HEADING, PARAGRAPH, QUOTATION, Block
from foreigndesk.intake.lines import (
    BUTTONS_AFTER_SENTENCE,
    LINK,
    byline_and_date,
    clean,
    is_button_text,
    is_unsigned,
    parse_date,
    split_names,
    strip_buttons,
)

Identify = Callable[[str], str | None]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DROP = {"script", "style", "nav", "aside", "footer", "form", "noscript", "template", "iframe", "svg", "button", "select"}  # fmt: skip
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "dt", "pre", "figcaption", "td", "th"}  # fmt: skip
_DATELINE = re.compile(r"^\s*Published\b", re.IGNORECASE)
_CREDITS = re.compile(r"^\s*(Translated|Edited)\s+(from|by)\b", re.IGNORECASE)
_NOTE = re.compile(r"^\s*\*?\s*Editor[’'`]?s\s+note\s*[:.]?\s*", re.IGNORECASE)
_CONNECTOR_END = re.compile(r"\b(in|on|by|and)\s*$|\($|,\s*$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^\s*(on|by|in|and|\(|\d)", re.IGNORECASE)
#: The site's own chrome inside or after an article: labels of the reader page, boxes around it.
_CHROME_LINE = re.compile(
    r"^(Translation published\b.*|Read:.*|Translation, then original|Side by side|"
    r"\d+ paragraphs? not translated.*|\d+ translator's additions?.*|Skip to the article|"
    r"[A-Z][a-z]+ translation|Original in .{2,60}|Translator's addition.*|Not translated.*|"
    r"No counterpart in the original|\*?Editor[’']s note)$",
    re.IGNORECASE,
)
_CHROME_END = re.compile(
    r"^(This (post|article|translation) (appeared|was featured) .*|Hot this week|Topics|"
    r"Related articles|Corrections?|Share this( article)?|Comments?( \(\d+\))?)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;»\"”’)\]。！？」』]\s*$")
_DATELINE_PARTS = re.compile(
    r"^Published(?:\s+in\s+(?P<outlet>.+?))?(?:\s*\((?P<country>[^()]+)\))?"
    r"(?:\s+on(?:\s+(?!by\b)(?P<date>.+?))?)?(?:\s+by\s+(?P<authors>.+?))?\s*\.?$",
    re.IGNORECASE,
)
_BY_ONLY = re.compile(r"^By\s+(?P<authors>.+?)\s*\.?$")
# A site's template may drop a slot and keep its words: "Translated from by X.", "Edited by .".
_TRANSLATED = re.compile(
    r"Translated(?P<from>\s+from(?:\s+(?!by\b)(?P<language>[^.]+?))?)?"
    r"(?P<by>\s+by(?:\s*(?P<translators>(?!\.).+?))?)?\s*\.(?=\s*Edited\b|\s*$)",
    re.IGNORECASE,
)
_EDITED = re.compile(r"Edited\s+by(?:\s*(?P<editors>.*?))?\s*\.?\s*$", re.IGNORECASE)
MAX_UNITS = 5000


class PageError(ValueError):
    """The page cannot be read as a bilingual article; the message names what is missing."""


@dataclass
class Unit:
    """One paragraph, heading or line of the page, with the language its markup declares."""

    text: str
    kind: str = PARAGRAPH
    lang: str = ""
    links: list[str] = field(default_factory=list)
    level: int = 0  # 1 for h1, 2 for h2...; 0 for a paragraph


@dataclass
class BilingualPage:
    """What a bilingual page says: both texts, the dateline, the credits, the note."""

    title: str
    translation_blocks: list[Block]
    original_title: str
    original_blocks: list[Block]
    outlet: str = ""
    country: str = ""
    date: datetime.date | None = None
    date_text: str = ""
    authors: list[str] = field(default_factory=list)
    original_url: str = ""
    language_name: str = ""
    translators: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    editor_note: str = ""
    standfirst: str = ""
    had_asterisk: bool = False
    original_lang_hint: str = ""
    warnings: list[str] = field(default_factory=list)


if TYPE_CHECKING:
    from lxml import etree


def _lang_of(element: etree._Element) -> str:
    # The page's own lang (on <html> or <body>) is the site's language, not the paragraph's.
    for ancestor in element.iterancestors():
        if ancestor.tag in ("html", "body"):
            break
        lang = ancestor.get("lang")
        if lang:
            return str(lang).split("-")[0].lower()
    lang = element.get("lang")
    return lang.split("-")[0].lower() if lang else ""


def html_units(document: str) -> list[Unit]:
    """The page's leaf blocks in reading order, without scripts, navigation and side boxes."""
    # Imported here: every web process loads this module, few ever parse a page.
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(document)
    except (etree.ParserError, ValueError) as error:
        raise PageError(f"The page could not be read as HTML: {error}.") from error
    for element in list(root.iter()):
        if element.getparent() is None:
            continue
        if not isinstance(element.tag, str):
            element.drop_tree()  # comments and processing instructions
            continue
        role = (element.get("role") or "").lower()
        dropped = element.tag in _DROP or role in {
            "banner",
            "navigation",
            "contentinfo",
            "complementary",
        }
        # The reader page sets the editor's note apart in an <aside>: that one is kept.
        if dropped and not (element.tag == "aside" and _NOTE.match(clean(element.text_content()))):
            element.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    units: list[Unit] = []
    block_like = _BLOCKS | {
        "div",
        "section",
        "article",
        "main",
        "header",
        "ul",
        "ol",
        "dl",
        "table",
    }

    def has_blocks(element: etree._Element) -> bool:
        return any(
            isinstance(d.tag, str) and d.tag in block_like for d in element.iterdescendants()
        )

    def emit(text: str, element: etree._Element, kind: str = PARAGRAPH, level: int = 0) -> None:
        text = clean(text)
        if text:
            links = [a.get("href", "") for a in element.iter("a") if a.get("href")]
            own = "" if element.tag in ("html", "body") else (element.get("lang") or "")
            lang = own.split("-")[0].lower() or _lang_of(element)
            units.append(Unit(text, kind, lang, links, level))

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str):
            return
        tag = element.tag
        if tag in _BLOCKS and not (tag in {"li", "td", "th", "dd"} and has_blocks(element)):
            if tag[0] == "h" and tag[1:].isdigit():
                emit(element.text_content(), element, HEADING, int(tag[1:]))
            elif tag == "blockquote":
                emit(element.text_content(), element, QUOTATION)
            else:
                emit(element.text_content(), element)
            return
        if not has_blocks(element):
            emit(element.text_content(), element)
            return
        if element.text and element.text.strip():
            emit(element.text, element)
        for child in element:
            walk(child)
            if child.tail and child.tail.strip():
                emit(child.tail, element)

    walk(body)
    return units


def _looks_like_heading(line: str, previous_blank: bool, next_blank: bool) -> bool:
    return len(line) <= 90 and not _SENTENCE_END.search(line) and previous_blank and next_blank


def text_units(text: str) -> list[Unit]:
    """The lines of a copied page; a short line set apart by blank lines reads as a heading."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    units: list[Unit] = []
    for number, raw in enumerate(lines):
        line = clean(raw)
        if not line:
            continue
        previous_blank = number == 0 or not lines[number - 1].strip()
        next_blank = number + 1 >= len(lines) or not lines[number + 1].strip()
        # A copied "## Subheading" or "> quotation" keeps its mark.
        if line.startswith("## "):
            units.append(Unit(line[3:].strip(), HEADING, level=2))
        elif line.startswith("> "):
            units.append(Unit(line[2:].strip(), QUOTATION))
        else:
            kind = HEADING if _looks_like_heading(line, previous_blank, next_blank) else PARAGRAPH
            units.append(Unit(line, kind, level=2 if kind == HEADING else 0))
    return units


def looks_like_html(text: str) -> bool:
    """Whether a document is HTML rather than copied text."""
    head = text[:4096].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml")) or bool(
        re.search(r"<(body|article|p|div|h1|h2)[\s>]", head)
    )


@dataclass
class _Dateline:
    outlet: str = ""
    country: str = ""
    date_text: str = ""
    authors: list[str] = field(default_factory=list)


def parse_dateline(text: str) -> _Dateline:
    """The parts of "Published in OUTLET (COUNTRY) on DATE by AUTHOR", any of them missing."""
    text = clean(LINK.sub(" ", text)).strip()
    match = _BY_ONLY.match(text)
    if match:
        return _Dateline(authors=split_names(match["authors"]))
    match = _DATELINE_PARTS.match(text)
    if not match:
        return _Dateline()
    return _Dateline(
        outlet=clean(match["outlet"] or "").strip(" ,"),
        country=clean(match["country"] or ""),
        date_text=clean(match["date"] or "").strip(" ,"),
        authors=split_names(match["authors"] or ""),
    )


def parse_credits(text: str) -> tuple[str, list[str], list[str]]:
    """(language, translators, editors) from "Translated from X by Y. Edited by Z."."""
    text = strip_buttons(text)
    language, translators, editors = "", [], []
    translated = _TRANSLATED.search(text)
    if translated:
        language = clean(translated["language"] or "")
        translators = split_names(translated["translators"] or "")
    edited = _EDITED.search(text)
    if edited:
        editors = split_names(edited["editors"] or "")
    return language, translators, editors


def empty_credit_slots(text: str) -> list[str]:
    """The parts the credits announce but leave empty ("Translated from by X." has no language)."""
    text = strip_buttons(text)
    empty = []
    translated = _TRANSLATED.search(text)
    if translated and translated["from"] and not clean(translated["language"] or ""):
        empty.append("language")
    if translated and translated["by"] and not split_names(translated["translators"] or ""):
        empty.append("translator")
    edited = _EDITED.search(text)
    if edited and not split_names(edited["editors"] or ""):
        empty.append("editor")
    return empty


def _read_dateline(units: list[Unit], start: int) -> tuple[str, list[str], int]:
    """The dateline's text, its links, and the index after it (it may span up to four units)."""
    text, links, index = units[start].text, list(units[start].links), start + 1
    while index < len(units) and index - start < 4:
        nxt = units[index].text
        if _CREDITS.match(nxt) or _NOTE.match(nxt) or _DATELINE.match(nxt) or len(nxt) > 100:
            break
        if not (
            _CONNECTOR_END.search(text) or _CONTINUATION.match(nxt) or LINK.fullmatch(nxt.strip())
        ):
            break
        text, index = f"{text} {nxt}", index + 1
        links += units[index - 1].links
    return text, links, index


def _split_point(languages: list[str | None], target: str) -> int:
    """Where the original starts: the cut that best separates the desk's language from another."""
    best_index = -1
    best_score: tuple[int, int] | None = None
    # Prefix sums: target-language units before the cut, other-language units after it.
    n = len(languages)
    is_target = [1 if lang == target else 0 for lang in languages]
    is_other = [1 if lang and lang != target else 0 for lang in languages]
    target_before = [0] * (n + 1)
    other_before = [0] * (n + 1)
    for i in range(n):
        target_before[i + 1] = target_before[i] + is_target[i]
        other_before[i + 1] = other_before[i] + is_other[i]
    for cut in range(1, n):
        if not is_other[cut] and languages[cut] is not None:
            continue  # the original's title is in its own language
        agreement = (target_before[cut] - other_before[cut]) + (
            (other_before[n] - other_before[cut]) - (target_before[n] - target_before[cut])
        )
        # On a tie (an untranslated quotation in the translation, an English one in the
        # original), prefer the cut that gives both texts about as many blocks.
        score = (agreement, -abs(cut - (n - cut - 1)))
        if best_score is None or score > best_score:
            best_index, best_score = cut, score
    return best_index


def _blocks(units: list[Unit]) -> list[Block]:
    blocks: list[Block] = []
    for unit in units:
        kind = unit.kind if unit.kind in (HEADING, QUOTATION) else PARAGRAPH
        blocks.append({"kind": kind, "text": unit.text})  # type: ignore[typeddict-item]
    return blocks


def parse_page(document: str, *, identify: Identify, target_language: str = "en") -> BilingualPage:
    """Read a bilingual page (HTML or copied text); PageError names what cannot be found."""
    # Control characters have no place in a page, and lxml refuses them.
    document = _CONTROL.sub("", document or "")
    if not document.strip():
        raise PageError("The page is empty.")
    units = html_units(document) if looks_like_html(document) else text_units(document)
    units = [unit for unit in units if unit.text and not is_button_text(unit.text)][:MAX_UNITS]
    for unit in units:
        # "(link to original)" and a "Read more" glued after the last sentence are no text.
        unit.text = clean(BUTTONS_AFTER_SENTENCE.sub("", LINK.sub(" ", unit.text)))
    units = [unit for unit in units if unit.text]
    if not units:
        raise PageError("The page has no text.")

    # The title: the line just before the dateline, else the first top-level heading or line;
    # a paragraph between a top-level heading and the dateline is the lead, not the title.
    dateline_at = next((i for i, unit in enumerate(units[:40]) if _DATELINE.match(unit.text)), None)
    lead_at = None
    if dateline_at is not None and dateline_at > 0:
        title_at = dateline_at - 1
        while title_at > 0 and _CHROME_LINE.match(units[title_at].text):
            title_at -= 1
        if title_at > 0 and units[title_at].level != 1 and units[title_at - 1].level == 1:
            lead_at, title_at = title_at, title_at - 1
    else:
        title_at = next((i for i, unit in enumerate(units[:40]) if unit.level == 1), 0)
    raw_title = units[title_at].text
    had_asterisk = raw_title.rstrip().endswith("*")
    title = re.sub(r"[\s*]+$", "", raw_title)
    if not title:
        raise PageError("The page has no title.")

    page = BilingualPage(
        title=title,
        translation_blocks=[],
        original_title="",
        original_blocks=[],
        had_asterisk=had_asterisk,
    )
    index = title_at + 1
    unsigned = False  # the byline names no person: an editorial
    # The header: dateline, credits, note, and the reader page's own labels, in any order.
    while index < len(units):
        text = units[index].text
        if index == lead_at:
            page.standfirst = text
            index += 1
            continue
        if _DATELINE.match(text) or (
            index == title_at + 1 and _BY_ONLY.match(text) and len(text) < 100
        ):
            joined, links, index = _read_dateline(units, index)
            dateline = parse_dateline(joined)
            page.outlet, page.country = dateline.outlet, dateline.country
            page.date_text = dateline.date_text
            page.authors = [a for a in dateline.authors if not is_unsigned(a, page.outlet)]
            unsigned = unsigned or len(page.authors) < len(dateline.authors)
            page.original_url = next(
                (link for link in links if link.startswith(("http://", "https://"))), ""
            )
            if re.search(r"\bon\s+(by\b|\.?$)", joined, re.IGNORECASE):
                page.warnings.append(
                    f"The date is missing from the dateline (“{strip_buttons(joined)}”); "
                    "it was left out."
                )
            if page.date_text:
                page.date = parse_date(page.date_text)
                if page.date is None:
                    page.warnings.append(
                        f"The date “{page.date_text}” could not be read; it was left out."
                    )
            continue
        if _CREDITS.match(text):
            joined = text
            index += 1
            if index < len(units) and _CREDITS.match(units[index].text):
                joined, index = f"{joined} {units[index].text}", index + 1
            page.language_name, page.translators, page.editors = parse_credits(joined)
            for slot in empty_credit_slots(joined):
                left = "identified from the text" if slot == "language" else "left empty"
                page.warnings.append(
                    f"The credits name no {slot} (“{strip_buttons(joined)}”); it was {left}."
                )
            continue
        note = _NOTE.match(text)
        if note and (text.lstrip().startswith("*") or page.had_asterisk or len(text) > note.end()):
            rest = text[note.end() :].strip()
            index += 1
            if not rest and index < len(units):
                rest, index = units[index].text, index + 1
            page.editor_note = rest
            continue
        if _CHROME_LINE.match(text):
            index += 1
            continue
        break

    body: list[Unit] = []
    for unit in units[index:]:
        if _CHROME_END.match(unit.text):
            break
        if _CHROME_LINE.match(unit.text):
            continue
        body.append(unit)
    if not body:
        raise PageError("The page has no translation text after its title and credits.")

    def guess(unit: Unit) -> str | None:
        return identify(unit.text) if sum(c.isalpha() for c in unit.text) >= 12 else None

    # A language declared in the markup decides, unless the markup declares only the desk's
    # language everywhere (a template that marks every container lang="en"): then the text does.
    languages = [unit.lang or guess(unit) for unit in body]
    if not any(lang and lang != target_language for lang in languages):
        languages = [guess(unit) for unit in body]
    if not any(lang and lang != target_language for lang in languages):
        raise PageError(
            "The original part cannot be found: every paragraph after the credits reads as "
            "the translation's language."
        )
    cut = _split_point(languages, target_language)
    if cut <= 0 or cut >= len(body):
        raise PageError("The original part cannot be found: no translation precedes it.")
    translation_units, original_units = body[:cut], body[cut:]
    page.translation_blocks = _blocks(translation_units)
    page.original_title = original_units[0].text
    # The original's byline and date under its title are its credits, not its text.
    byline, byline_date, taken = byline_and_date([unit.text for unit in original_units[1:]])
    if byline is not None and not page.authors and not unsigned:
        page.authors = [name for name in byline if not is_unsigned(name, page.outlet)]
    if byline_date is not None and page.date is None:
        page.date = byline_date
        page.warnings = [w for w in page.warnings if not w.startswith("The date ")]
    page.original_blocks = _blocks(original_units[1 + taken :])
    if not page.original_blocks:
        raise PageError("The original part cannot be found: only its title is there.")
    declared = [unit.lang for unit in original_units if unit.lang and unit.lang != target_language]
    page.original_lang_hint = declared[0] if declared else ""
    return page
