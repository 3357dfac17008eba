"""Extraction of an original from a web page or a text file (no Django in here).

Decoding finds the encoding (byte-order mark, declared charset, UTF-8, else detection) and
refuses binary files. trafilatura finds the article in the page, without comments and the site's
boilerplate, and reads its metadata; the body becomes ordered blocks (headings, paragraphs,
quotations). The page kept as evidence is sanitized by nh3 with an explicit allow-list: nh3's own
default keeps ``<img>`` and more than an archive of text needs.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from foreigndesk.core.blocks import HEADING, PARAGRAPH, QUOTATION, Block

from .pasted import PastedTextError, read_pasted

if TYPE_CHECKING:
    from lxml import etree

# lxml and nh3 are imported where they are used, as charset_normalizer and trafilatura are:
# every web process loads this module (the desk's views) but few ever import a page, and the
# two cost some 5 MB of each process's memory.

#: Tags and attributes kept in the stored copy of a page.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "article", "b", "blockquote", "br", "cite", "code", "dd", "del", "div",
        "dl", "dt", "em", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins",
        "li", "main", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong",
        "sub", "sup", "table", "tbody", "td", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
#: Elements dropped with everything inside them (nh3 otherwise keeps the text of removed tags).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "svg", "math", "head"}
)

_BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word or OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a media file"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SPACES = re.compile(r"\s+")
#: Most characters of a decoded text must be letters, digits, punctuation or spaces.
MAX_CHAOS = 0.25


class ExtractionError(ValueError):
    """The input cannot become an original; the message names the problem for a person."""


@dataclass
class Extracted:
    """What was read from a page or file: the original's metadata and its blocks."""

    title: str
    blocks: list[Block]
    authors: list[str] = field(default_factory=list)
    published_on: datetime.date | None = None
    outlet_name: str = ""
    url: str = ""
    canonical_url: str = ""
    language_hint: str = ""
    retrieved_copy: str = ""

    @property
    def text(self) -> str:
        return "\n".join([self.title, *(block["text"] for block in self.blocks)])


def sanitize_html(html: str) -> str:
    """The page reduced to the allowed tags and attributes, links made safe."""
    import nh3

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _binary_kind(data: bytes) -> str | None:
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    head = data[:8192]
    if b"\x00" in head:
        return "a binary file"
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.05:
        return "a binary file"
    return None


def _chaos(text: str) -> float:
    if not text:
        return 0.0
    odd = sum(
        1
        for character in text
        if not (character.isprintable() or character in "\n\r\t") or character == "\ufffd"
    )
    return odd / len(text)


def decode_document(data: bytes, *, declared: str | None = None) -> str:
    """Text from bytes: BOM, then the declared charset, then UTF-8, then detection.

    Refuses binary files, and texts whose encoding cannot be decided.
    """
    if not data.strip():
        raise ExtractionError("The file or page is empty.")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise ExtractionError(f"The text claims to be {codec} but is not.") from error
    kind = _binary_kind(data)
    if kind:
        raise ExtractionError(f"This is {kind}, not an HTML page or a text.")
    candidates = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "replace"))
    candidates.append("utf-8")
    for candidate in candidates:
        try:
            text = data.decode(codecs.lookup(candidate).name)
        except (LookupError, UnicodeDecodeError):
            continue
        if _chaos(text) <= MAX_CHAOS:
            return text
    # Loaded on first need, like trafilatura below: every command and web process would pay
    # for it at start-up otherwise.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS or _chaos(str(best)) > MAX_CHAOS:
        raise ExtractionError(
            "Could not tell which encoding this text is in; save it as UTF-8 and try again."
        )
    return str(best)


def _text(element: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _blocks_from_xml(xml: str) -> list[Block]:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True))
    main = root.find("main") if root is not None else None
    if main is None:
        return []
    blocks: list[Block] = []
    for element in main:
        tag = element.tag
        text = _text(element)
        if not text:
            continue
        if tag == "head":
            blocks.append({"kind": HEADING, "text": text})
        elif tag == "quote":
            blocks.append({"kind": QUOTATION, "text": text})
        elif tag == "list":
            blocks.extend(
                {"kind": PARAGRAPH, "text": _text(item)} for item in element if _text(item)
            )
        elif tag == "table":
            continue  # tables do not translate block by block; the copy keeps them
        else:
            blocks.append({"kind": PARAGRAPH, "text": text})
    return blocks


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    names = re.split(r";|\band\b|,|\bund\b|\bet\b|\bи\b", value)
    return [name.strip() for name in names if name.strip()][:10]


def _html_lang(html: str) -> str:
    match = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", html, re.I)
    return match.group(1) if match else ""


def _outlet_from_title(html: str, title: str, fallback: str) -> str:
    """The site's name from "<title>Article – Site</title>" when the metadata only had a host."""
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if not match or not title:
        return fallback
    page_title = _SPACES.sub(" ", match.group(1)).strip()
    for separator in (" | ", " - ", " – ", " — ", " · ", " :: "):
        head, found, tail = page_title.rpartition(separator)
        if found and head.strip() == title and 0 < len(tail.strip()) <= 80:
            return tail.strip()
    return fallback


#: Deeper than any article page nests its elements; a page past it is refused before the
#: extractor, which would spend minutes and gigabytes on it.
MAX_NESTING = 200


def check_nesting(html: str) -> None:
    """Refuse a page whose elements nest deeper than :data:`MAX_NESTING` (a parse by libxml2,
    which stops descending at 256 levels, takes milliseconds even then)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return  # the extractor reports what it cannot read
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            raise ExtractionError(
                f"The page nests its elements more than {MAX_NESTING} deep, as no article page "
                "does; it was not imported."
            )


def extract_html(html: str, *, url: str = "") -> Extracted:
    """The article in an HTML page: metadata and blocks, without comments or boilerplate."""
    import trafilatura  # loaded on first need: a second of start-up for every process otherwise
    from lxml import etree

    if not html.strip():
        raise ExtractionError("The page is empty.")
    check_nesting(html)
    try:
        xml = trafilatura.extract(
            html,
            url=url or None,
            output_format="xml",
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            with_metadata=True,
            favor_precision=True,
        )
        metadata = trafilatura.extract_metadata(html, default_url=url or None)
    except (ValueError, TypeError, etree.LxmlError) as error:
        raise ExtractionError(f"The page could not be read as HTML: {error}.") from error
    blocks = _blocks_from_xml(xml) if xml else []
    title = _SPACES.sub(" ", (metadata.title if metadata else "") or "").strip()
    if blocks and blocks[0]["kind"] == HEADING and (not title or blocks[0]["text"] == title):
        title = blocks.pop(0)["text"]
    if not blocks or sum(len(block["text"]) for block in blocks) < 40:
        raise ExtractionError("No article could be found on this page.")
    if not title:
        title = blocks[0]["text"][:120]
    outlet_name = (metadata.sitename or "").strip() if metadata else ""
    hostname = (metadata.hostname or "") if metadata else ""
    if not outlet_name or outlet_name.lower().removeprefix("www.") == hostname.lower().removeprefix(
        "www."
    ):
        outlet_name = _outlet_from_title(html, title, outlet_name)
    return Extracted(
        title=title[:500],
        blocks=blocks,
        authors=_authors(metadata.author if metadata else None),
        published_on=_date(metadata.date if metadata else None),
        outlet_name=outlet_name,
        url=url,
        canonical_url=(metadata.url or "") if metadata else "",
        language_hint=_html_lang(html),
        retrieved_copy=sanitize_html(html),
    )


def extract_text(text: str, *, url: str = "") -> Extracted:
    """An original from a pasted text or a text file: the headline, byline, date and paragraphs,
    without the site's menus, notices and comments (see :mod:`.pasted`)."""
    try:
        article = read_pasted(text)
    except PastedTextError as error:
        raise ExtractionError(str(error)) from error
    return Extracted(
        title=article.title[:500],
        blocks=article.blocks,
        authors=article.authors[:10],
        published_on=article.date,
        url=url,
    )


def looks_like_html(text: str) -> bool:
    """Whether a text is HTML rather than plain text."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(body|article|p|div|h1)[\s>]", head)
    )


def extract_document(
    data: bytes, *, declared: str | None = None, url: str = "", content_type: str = ""
) -> Extracted:
    """Decode bytes and extract an original, as HTML or as text by its type or its look."""
    text = decode_document(data, declared=declared)
    if content_type == "text/plain" or (not content_type and not looks_like_html(text)):
        return extract_text(text, url=url)
    return extract_html(text, url=url)
