"""The glossary's writes and its exchange formats.

Editors add, change and delete terms one at a time (a change made from an older copy of a term
is refused, as every desk edit is), or import a whole file: TBX read and written by
translate-toolkit, or CSV (``source,target,note,forbidden``; forbidden variants separated by
``|``). An import is checked whole before anything is stored: a malformed file, a file in another
encoding than it declares, a term twice in the file or a file over the size limit is refused with
a message naming the problem, and the glossary stays as it was.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from foreigndesk.core.models import Language
from foreigndesk.newsroom.audit import record

from .models import GlossaryTerm

#: The largest glossary file an import reads, in bytes (``FOREIGNDESK_GLOSSARY_MAX_BYTES``).
DEFAULT_MAX_BYTES = 2_000_000
CSV_HEADER = ["source", "target", "note", "forbidden"]
_DEPRECATED = "deprecatedTerm-admn-sts"
_FIELD_LIMIT = 200


class GlossaryError(Exception):
    """A glossary write was refused; the message says why for a person. ``kind`` is "invalid"
    (what was given is wrong) or "conflict" (the term changed since the page was shown)."""

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.kind = kind
        self.messages = [message]


@dataclass(frozen=True)
class Entry:
    """A term as a file gives it, before it is stored."""

    source_term: str
    target_term: str
    note: str = ""
    forbidden: tuple[str, ...] = ()
    #: Where the file has it ("line 4", "term entry 3"), for messages.
    where: str = ""


def max_bytes() -> int:
    return int(getattr(settings, "FOREIGNDESK_GLOSSARY_MAX_BYTES", DEFAULT_MAX_BYTES))


def version_of(term: GlossaryTerm) -> str:
    """What a page shows of a term to tell a stale change from a current one."""
    return term.updated_at.isoformat()


def _clean(value: str, what: str, where: str, *, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise GlossaryError(f"{where}: the {what} is empty.".lstrip(": ").capitalize())
    if len(value) > _FIELD_LIMIT:
        raise GlossaryError(
            f"{where}: the {what} “{value[:40]}…” is longer than {_FIELD_LIMIT} characters."
        )
    return value


def _checked(entry: Entry) -> Entry:
    where = entry.where or "The term"
    return Entry(
        source_term=_clean(entry.source_term, "source term", where),
        target_term=_clean(entry.target_term, "target term", where),
        note=" ".join(entry.note.split()) if entry.note else "",
        forbidden=tuple(
            _clean(variant, "forbidden variant", where) for variant in entry.forbidden if variant
        ),
        where=entry.where,
    )


def _pair(source_language: str, target_language: str) -> tuple[Language, Language]:
    languages = {
        lang.code: lang
        for lang in Language.objects.filter(code__in=[source_language, target_language])
    }
    for code in (source_language, target_language):
        if code not in languages:
            raise GlossaryError(f"The desk has no language “{code}”.")
    if source_language == target_language:
        raise GlossaryError("A glossary pairs two different languages.")
    return languages[source_language], languages[target_language]


@transaction.atomic
def save_term(
    *,
    actor: Any,
    source_language: str,
    target_language: str,
    entry: Entry,
    term: GlossaryTerm | None = None,
    seen: str = "",
) -> GlossaryTerm:
    """Add a term (``term`` None) or change one; a change from a copy older than the stored
    term is refused."""
    entry = _checked(entry)
    source, target = _pair(source_language, target_language)
    if term is not None:
        locked = GlossaryTerm.objects.select_for_update().filter(pk=term.pk).first()
        if locked is None:
            raise GlossaryError("This term was deleted after you opened the page.", "conflict")
        if seen != version_of(locked):
            raise GlossaryError(
                f"“{locked.source_term}” was changed after you opened the page: nothing was "
                "saved. Look at it again, then make your change.",
                "conflict",
            )
        term = locked
    else:
        term = GlossaryTerm()
    # Compared in Python: SQLite folds the case of ASCII letters only.
    others = GlossaryTerm.objects.filter(source_language=source, target_language=target).exclude(
        pk=term.pk
    )
    wanted = entry.source_term.casefold()
    if any(other.casefold() == wanted for other in others.values_list("source_term", flat=True)):
        raise GlossaryError(
            f"The glossary already has “{entry.source_term}” for {source.name} to {target.name}."
        )
    adding = term.pk is None
    term.source_language, term.target_language = source, target
    term.source_term, term.target_term = entry.source_term, entry.target_term
    term.note, term.forbidden = entry.note, "\n".join(entry.forbidden)
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as error:
        raise GlossaryError(f"The glossary already has “{entry.source_term}”.") from error
    record(
        action="glossary_add" if adding else "glossary_change",
        actor=actor,
        comment=f"{source.code}>{target.code}: {term.source_term} → {term.target_term}",
    )
    return term


@transaction.atomic
def delete_term(*, actor: Any, term_id: int, seen: str) -> str:
    """Delete a term, unless it changed since the page was shown; its source term."""
    term = GlossaryTerm.objects.select_for_update().filter(pk=term_id).first()
    if term is None:
        raise GlossaryError("This term was already deleted.", "conflict")
    if seen != version_of(term):
        raise GlossaryError(
            f"“{term.source_term}” was changed after you opened the page: it was not deleted.",
            "conflict",
        )
    name = term.source_term
    record(
        action="glossary_delete",
        actor=actor,
        comment=f"{term.source_language_id}>{term.target_language_id}: {name}",
    )
    term.delete()
    return name


# --------------------------------------------------------------------------------------------
# Reading and writing files.


def _limit(data: bytes) -> None:
    if len(data) > max_bytes():
        raise GlossaryError(
            f"The file is {len(data):,} bytes; a glossary file may have at most "
            f"{max_bytes():,} bytes. Nothing was imported."
        )
    if not data.strip():
        raise GlossaryError("The file is empty. Nothing was imported.")


def read_csv(data: bytes) -> list[Entry]:
    """The terms of a CSV file in UTF-8: a header row ``source,target,note,forbidden``, then
    one term a row."""
    _limit(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossaryError(
            f"The file is not UTF-8 text (line {line} has a byte UTF-8 does not allow); save it "
            "as UTF-8 and try again. Nothing was imported."
        ) from error
    if "\x00" in text:
        raise GlossaryError("The file is not a CSV text file. Nothing was imported.")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise GlossaryError(
            f"Line {reader.line_num}: the CSV cannot be read ({error}). Nothing was imported."
        ) from error
    header = [cell.strip().casefold() for cell in rows[0]] if rows else []
    if header[:2] != CSV_HEADER[:2]:
        raise GlossaryError(
            "The first line must name the columns: source,target,note,forbidden. "
            "Nothing was imported."
        )
    entries: list[Entry] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(CSV_HEADER):
            raise GlossaryError(
                f"Line {number} has {len(row)} columns; a glossary line has at most "
                f"{len(CSV_HEADER)}. Nothing was imported."
            )
        cells = [*row, "", "", "", ""]
        entries.append(
            Entry(
                source_term=cells[0],
                target_term=cells[1],
                note=cells[2],
                forbidden=tuple(part.strip() for part in cells[3].split("|") if part.strip()),
                where=f"Line {number}",
            )
        )
    return entries


def read_tbx(data: bytes, *, source_language: str, target_language: str) -> list[Entry]:
    """The terms of a TBX file for the language pair: each entry's first term of each language,
    its notes, and the target terms it marks deprecated as forbidden variants."""
    # translate-toolkit and lxml are loaded by an import or an export of a file, not by every
    # web worker that imports the desk's views.
    from lxml import etree
    from translate.storage import tbx

    _limit(data)
    try:
        store = tbx.tbxfile.parsestring(data)
    except (etree.XMLSyntaxError, ValueError, UnicodeDecodeError, LookupError) as error:
        raise GlossaryError(
            f"The TBX file cannot be read: {error}. Nothing was imported."
        ) from error
    entries: list[Entry] = []
    for number, unit in enumerate(store.units, start=1):
        where = f"Term entry {number}"
        # Each language's terms by its tag, whatever order the file lists the languages in.
        sources = [term.text for term in unit.get_target_terms(source_language) if term.text]
        targets = unit.get_target_terms(target_language)
        if not sources:
            written = [term.text for term in unit.get_source_terms() if term.text]
            if not written:
                raise GlossaryError(f"{where} has no term. Nothing was imported.")
            raise GlossaryError(
                f"{where} (“{written[0]}”) has no term in “{source_language}”. "
                "Nothing was imported."
            )
        preferred = [term.text for term in targets if not term.deprecated]
        if not preferred:
            raise GlossaryError(
                f"{where} (“{sources[0]}”) has no term in “{target_language}”. "
                "Nothing was imported."
            )
        notes = unit.getnotes() or ""
        entries.append(
            Entry(
                source_term=sources[0],
                target_term=preferred[0],
                note=notes,
                forbidden=tuple(term.text for term in targets if term.deprecated),
                where=f"{where} (“{sources[0]}”)",
            )
        )
    if not entries:
        raise GlossaryError("The TBX file has no term entries. Nothing was imported.")
    return entries


@transaction.atomic
def import_terms(
    *, actor: Any, source_language: str, target_language: str, entries: Sequence[Entry]
) -> tuple[int, int]:
    """Store the file's terms for the pair: new ones added, existing ones (same source term)
    replaced. Every entry is checked first; one bad entry refuses the whole file. The counts of
    terms added and changed."""
    source, target = _pair(source_language, target_language)
    checked = [_checked(entry) for entry in entries]
    seen: dict[str, Entry] = {}
    for entry in checked:
        key = entry.source_term.casefold()
        if key in seen:
            raise GlossaryError(
                f"{entry.where}: “{entry.source_term}” is already in the file "
                f"({seen[key].where.lower()}). Nothing was imported."
            )
        seen[key] = entry
    existing = {
        term.source_term.casefold(): term
        for term in GlossaryTerm.objects.select_for_update().filter(
            source_language=source, target_language=target
        )
    }
    added = changed = 0
    for entry in checked:
        term = existing.get(entry.source_term.casefold())
        if term is None:
            term = GlossaryTerm(source_language=source, target_language=target)
            added += 1
        else:
            changed += 1
        term.source_term, term.target_term = entry.source_term, entry.target_term
        term.note, term.forbidden = entry.note, "\n".join(entry.forbidden)
        term.save()
    record(
        action="glossary_import",
        actor=actor,
        comment=f"{source.code}>{target.code}: {added} added, {changed} changed",
    )
    return added, changed


def pair_terms(source_language: str, target_language: str) -> list[GlossaryTerm]:
    return list(
        GlossaryTerm.objects.filter(
            source_language_id=source_language, target_language_id=target_language
        ).order_by("source_term")
    )


def export_csv(source_language: str, target_language: str) -> bytes:
    """The pair's glossary as CSV in UTF-8, header first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for term in pair_terms(source_language, target_language):
        writer.writerow(
            [term.source_term, term.target_term, term.note, "|".join(term.forbidden_list)]
        )
    return out.getvalue().encode("utf-8")


def export_tbx(source_language: str, target_language: str) -> bytes:
    """The pair's glossary as TBX, forbidden variants as deprecated target terms."""
    from lxml import etree
    from translate.storage import tbx

    store = tbx.tbxfile(sourcelanguage=source_language, targetlanguage=target_language)
    for term in pair_terms(source_language, target_language):
        unit = store.addsourceunit(term.source_term)
        unit.set_target_terms([term.target_term, *term.forbidden_list], target_language)
        tigs = unit.get_target_dom(target_language).findall(unit.namespaced("tig"))
        for tig in tigs[1:]:
            status = etree.SubElement(tig, unit.namespaced("termNote"))
            status.set("type", "administrativeStatus")
            status.text = _DEPRECATED
        if term.note:
            unit.addnote(term.note)
    return bytes(store)
