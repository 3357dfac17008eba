"""The translation memory as TMX 1.4b files, written and read by translate-toolkit.

An export holds one language pair. An import takes every translation unit of a file, in as many
pairs as it holds, into the memory in one transaction: a file that is too large, not XML, not
TMX, in an encoding it does not declare, or that names a language the desk does not know, is
refused whole with a message naming the problem, and nothing of it is stored.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from foreigndesk.core.models import Language

from .memory import NewEntry, add_entries, pair_code
from .models import MemoryEntry

if TYPE_CHECKING:
    # translate-toolkit and lxml are imported where a file is read or written, not by every web
    # worker that imports the desk's views.
    from translate.storage import tmx

#: The encoding an XML declaration names, read before the parser so that a file that is not in
#: it gets a message saying so rather than the parser's byte offset.
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def export_tmx(*, source_language: str, target_language: str) -> bytes:
    """The memory of one language pair as a TMX 1.4b document."""
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage=source_language, targetlanguage=target_language)
    entries = MemoryEntry.objects.filter(
        source_language_id=source_language, target_language_id=target_language
    ).order_by("pk")
    for source, target in entries.values_list("source", "target").iterator(chunk_size=2000):
        store.addtranslation(source, source_language, target, target_language)
    return bytes(store)


@dataclass
class Imported:
    """What an import read and added: the file's entries per language pair, how many of them
    the memory did not hold yet, and units left out (no translation in them)."""

    name: str
    units: int = 0
    added: int = 0
    untranslated: int = 0
    pairs: dict[str, int] = field(default_factory=dict)


def _check_encoding(data: bytes, name: str) -> None:
    if data.startswith(_BOMS):
        return  # the byte-order mark says it, and the parser reads it
    declared_match = _DECLARED.match(data)
    declared = declared_match.group(1).decode("ascii") if declared_match else None
    try:
        codecs.lookup(declared or "utf-8")
    except LookupError:
        raise ValidationError(
            f"“{name}” declares the encoding “{declared}”, which is not a known encoding."
        ) from None
    try:
        data.decode(declared or "utf-8")
    except UnicodeDecodeError as error:
        if declared:
            raise ValidationError(
                f"“{name}” is not in {declared}, the encoding it declares "
                f"(byte {error.start} is not valid {declared})."
            ) from None
        # Loaded here: every web process loads this module, few ever import a file.
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
        looks = f" It looks like {guess.encoding}." if guess is not None else ""
        raise ValidationError(
            f"“{name}” is not in UTF-8 and declares no other encoding (byte {error.start})."
            f"{looks} Save it as UTF-8, or name its encoding in the XML declaration."
        ) from None


def _parse(data: bytes, name: str) -> tmx.tmxfile:
    from lxml import etree
    from translate.storage import tmx

    if not data.strip():
        raise ValidationError(f"“{name}” is empty.")
    _check_encoding(data, name)
    try:
        store = tmx.tmxfile.parsestring(data)
    except etree.XMLSyntaxError as error:
        raise ValidationError(f"“{name}” is not well-formed XML: {error.msg}.") from None
    except AssertionError:
        # translate-toolkit asserts the root element: well-formed XML, but not TMX.
        store = None
    if store is None or etree.QName(store.document.getroot()).localname != "tmx":
        raise ValidationError(
            f"“{name}” is XML but not a TMX file: its root element should be <tmx>."
        )
    return store


def _desk_languages() -> dict[str, str]:
    """The desk's languages by their tag case-folded (``pt-br`` → ``pt-BR``)."""
    return {code.casefold(): code for code in Language.objects.values_list("code", flat=True)}


def _resolve(tag: str | None, languages: dict[str, str]) -> str | None:
    """The desk's language for a TMX language tag: the same tag, else its base (``en-US`` →
    ``en``) when the desk has that one."""
    if not tag:
        return None
    folded = tag.replace("_", "-").casefold()
    return languages.get(folded) or languages.get(folded.split("-", 1)[0])


def read_tmx(data: bytes, *, name: str) -> tuple[list[NewEntry], Imported]:
    """The entries of a TMX file, checked whole before anything is stored."""
    from translate.misc.xml_helpers import getXMLlang

    store = _parse(data, name)
    languages = _desk_languages()
    header_source = store.sourcelanguage if store.sourcelanguage != "*all*" else None
    unknown: dict[str, int] = {}
    entries: list[NewEntry] = []
    result = Imported(name=name)
    for number, unit in enumerate(store.units, start=1):
        result.units += 1
        texts = [
            (getXMLlang(node), unit.getNodeText(node) or "") for node in unit.getlanguageNodes()
        ]
        for tag, _ in texts:
            if _resolve(tag, languages) is None:
                unknown.setdefault(tag or "(none)", number)
        source_tag = unit.xmlelement.get("srclang") or header_source
        if source_tag in (None, "*all*"):
            source_tag = texts[0][0] if texts else None
        source_language = _resolve(source_tag, languages)
        sources = [text for tag, text in texts if _resolve(tag, languages) == source_language]
        targets = [
            (_resolve(tag, languages), text)
            for tag, text in texts
            if _resolve(tag, languages) not in (None, source_language)
        ]
        if source_language is None or not sources or not sources[0].strip() or not targets:
            result.untranslated += 1
            continue
        for target_language, text in targets:
            if not text.strip() or target_language is None:
                continue
            entries.append(
                NewEntry(
                    source_language=source_language,
                    target_language=target_language,
                    source=sources[0],
                    target=text,
                    origin=MemoryEntry.Origin.TMX,
                    note=name,
                )
            )
    if unknown:
        listed = ", ".join(f"“{tag}” (unit {number})" for tag, number in unknown.items())
        raise ValidationError(
            f"“{name}” uses languages the desk does not know: {listed}. "
            "An admin can add them, or the file can be exported with the desk's language tags."
        )
    if not result.units:
        raise ValidationError(f"“{name}” is a TMX file with no translation units.")
    return entries, result


@transaction.atomic
def import_tmx(data: bytes, *, name: str) -> Imported:
    """Add a TMX file's translation units to the memory, all or nothing."""
    limit = settings.FOREIGNDESK_MEMORY_TMX_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            f"“{name}” is {filesizeformat(len(data))}; a TMX file may be at most "
            f"{filesizeformat(limit)}."
        )
    entries, result = read_tmx(data, name=name)
    for entry in entries:
        pair = pair_code(entry.source_language, entry.target_language)
        result.pairs[pair] = result.pairs.get(pair, 0) + 1
    result.added = add_entries(entries)
    return result
