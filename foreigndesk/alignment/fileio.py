"""Reading alignment inputs from files: encoding detection and unit splitting."""

from __future__ import annotations

import codecs
from pathlib import Path

from .segment import split_paragraphs, split_sentences
from .unit_aligner import AlignmentError

UNIT_KINDS = ("lines", "paragraphs", "sentences")
MAX_INPUT_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _looks_binary(text: str) -> bool:
    """Many control characters (other than tab, newlines, form feed) mean this is not text."""
    sample = text[:100_000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def decode_bytes(data: bytes, name: str = "input") -> str:
    """Text from bytes: BOM first, then UTF-8, then UTF-16 without BOM, then a legacy code page."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise AlignmentError(
                    f"{name}: starts with a {encoding} mark but is not {encoding}"
                ) from exc
            if _looks_binary(text):
                raise AlignmentError(f"{name}: looks like a binary file, not text")
            return text
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        # UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = ""
        if text and not _looks_binary(text):
            return text
        raise AlignmentError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # A legacy single-byte encoding. Mostly high bytes point at a Cyrillic code page; else
        # Windows-1252 (a superset of Latin-1 for Western European text).
        high = sum(1 for byte in sample if byte >= 0xC0)
        letters = sum(1 for byte in sample if chr(byte).isalpha() or byte >= 0xC0)
        encoding = "cp1251" if letters and high / letters > 0.5 else "cp1252"
        text = data.decode(encoding, errors="replace")
    if _looks_binary(text):
        raise AlignmentError(f"{name}: looks like a binary file, not text")
    return text


def read_text(path: Path) -> str:
    """The text of a file, decoded as `decode_bytes` does, with clear errors."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AlignmentError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if size > MAX_INPUT_BYTES:
        raise AlignmentError(
            f"{path}: {size} bytes is larger than the {MAX_INPUT_BYTES} byte limit"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AlignmentError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return decode_bytes(data, str(path))


def split_units(text: str, units: str, lang: str | None = None) -> list[str]:
    """Units of a text: non-empty lines, blank-line paragraphs, or sentences."""
    if units == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if units == "paragraphs":
        return split_paragraphs(text)
    if units == "sentences":
        return split_sentences(text, lang)
    raise AlignmentError(f"unknown unit kind {units!r}: use one of {', '.join(UNIT_KINDS)}")


def read_units(path: Path, units: str = "lines", lang: str | None = None) -> list[str]:
    """Units of a file, refusing an empty one."""
    text = read_text(path)
    result = split_units(text, units, lang)
    if not result:
        raise AlignmentError(f"{path}: no text to align (the file is empty or blank)")
    return result
