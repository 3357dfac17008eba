"""Importing an archive's published bilingual pages: translation and original, imported whole.

A page (HTML, or the text a browser copies from it) is read by :mod:`.bilingual`; this module
creates what it says through the one creating action of each record: the original (intake), the
translation with its credits and alignment (newsroom), the outlet, country and people.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from foreigndesk.accounts.actions import contributor_named
from foreigndesk.core.actions import country_named, is_region, language_code_named, unique_slug
from foreigndesk.core.models import Country
from foreigndesk.intake import dedupe
from foreigndesk.intake.actions import (
    IntakeError,
    carry_out,
    check_not_duplicate,
    create_original,
    outlet_named,
)
from foreigndesk.intake.extract import ExtractionError, decode_document
from foreigndesk.intake.import_requests import create_import_request
from foreigndesk.intake.language import get_identifier, identify_language
from foreigndesk.intake.models import ImportRequest, Original

from .actions import create_translation, publish_translation, topic_named
from .archive import archive_table_for
from .beads import computed_beads
from .bilingual import PageError, parse_page
from .models import Translation
from .states import State
from .tasks import run_page_import


@dataclass
class PageImport:
    """What an imported bilingual page became, and what could not be read from it."""

    translation: Translation
    original: Original
    warnings: list[str]


def align_blocks(
    original_texts: list[str], translation_texts: list[str], *, source_lang: str, target_lang: str
) -> tuple[list[dict[str, Any]], bool]:
    """Beads between the two texts' blocks, and whether the aligner (not the fallback) made them."""
    beads, aligned = computed_beads(
        original_texts,
        translation_texts,
        source_lang=source_lang,
        target_lang=target_lang,
        archive=archive_table_for(source_lang, target_lang),
    )
    return [dict(bead) for bead in beads], aligned


def _country(name: str, warnings: list[str]) -> Country | None:
    if is_region(name):
        warnings.append(
            f"The country “{name}” is a region, not a country; the outlet was left without one."
        )
        return None
    country = country_named(name)
    if name and country is None:
        warnings.append(f"The country “{name}” is not known; the outlet was left without one.")
    return country


def import_bilingual_page(*, data: bytes, publish: bool = False) -> PageImport:
    """Create the original, the translation, people, outlet, country, note and alignment of a page."""
    try:
        document = decode_document(data)
    except ExtractionError as error:
        raise IntakeError(str(error)) from error
    return import_page_document(document, publish=publish)


def import_page_document(
    document: str,
    *,
    publish: bool = False,
    published_at: datetime.datetime | None = None,
    slug: str = "",
    topics: Iterable[str] = (),
) -> PageImport:
    """Import one bilingual page already decoded: whole, or not at all (IntakeError). An archive
    brought from another system keeps its publication time, its address's slug when free, and
    its categories as topics."""
    try:
        page = parse_page(
            document, identify=get_identifier().identify, target_language=settings.DESK_LANGUAGE
        )
    except PageError as error:
        raise IntakeError(str(error)) from error
    original_text = "\n".join([page.original_title, *(b["text"] for b in page.original_blocks)])
    code = (
        language_code_named(page.language_name)
        or page.original_lang_hint
        or identify_language(original_text)
    )
    if not code:
        raise IntakeError("Could not tell which language the original is in.")
    if code == settings.DESK_LANGUAGE:
        raise IntakeError(
            "The original part cannot be found: it reads as the translation's language."
        )
    warnings = list(page.warnings)
    if page.had_asterisk and not page.editor_note:
        warnings.append("The title has an asterisk but no editor's note was found.")
    if page.language_name and not language_code_named(page.language_name):
        warnings.append(
            f"The language “{page.language_name}” is not known; it was identified from the text."
        )
    canonical = dedupe.canonical_url(page.original_url)
    with transaction.atomic():
        check_not_duplicate(url=canonical, text=original_text)
        country = _country(page.country, warnings)
        outlet = outlet_named(name=page.outlet, url=page.original_url, country=country)
        original = create_original(
            title=page.original_title,
            language_code=code,
            outlet=outlet,
            url=page.original_url,
            canonical_url=canonical,
            published_on=page.date,
            blocks=page.original_blocks,
            state=Original.State.ACCEPTED,
            authors=page.authors,
        )
        beads, computed = align_blocks(
            [b["text"] for b in page.original_blocks],
            [b["text"] for b in page.translation_blocks],
            source_lang=code,
            target_lang=settings.DESK_LANGUAGE,
        )
        translation = create_translation(
            original=original,
            language_code=settings.DESK_LANGUAGE,
            title=page.title,
            slug=unique_slug(Translation, slug or page.title[:80]),
            standfirst=page.standfirst,
            blocks=page.translation_blocks,
            editor_note=page.editor_note,
            state=State.APPROVED,
            alignment=beads,
            alignment_origin=(
                Translation.AlignmentOrigin.COMPUTED
                if computed
                else Translation.AlignmentOrigin.ASSUMED
            ),
            translators=[contributor_named(name) for name in dict.fromkeys(page.translators)],
            editors=[contributor_named(name) for name in dict.fromkeys(page.editors)],
            announce=False,
        )
        chosen = [topic_named(name) for name in dict.fromkeys(topics) if name.strip()]
        if chosen:
            translation.topics.set(chosen)
        if publish:
            translation = publish_translation(translation=translation, at=published_at)
    return PageImport(translation=translation, original=original, warnings=warnings)


def request_page_import(*, user: Any, data: bytes, filename: str = "") -> ImportRequest:
    """Record a person's request to import a bilingual page (a file, or the text copied from
    one), carried out by the worker like the desk's other imports."""
    return create_import_request(
        user=user,
        kind=ImportRequest.Kind.PAGE,
        enqueue=run_page_import.enqueue,
        data=data,
        filename=filename,
    )


def _import_requested_page(request: ImportRequest) -> tuple[Original, str]:
    result = import_bilingual_page(data=bytes(request.data))
    message = (
        f"Imported the translation “{result.translation.title}” (approved, to be published) "
        f"with its original “{result.original.title}” ({result.original.language.name})."
    )
    if result.warnings:
        message += " Warnings: " + " ".join(result.warnings)
    return result.original, message


def run_page_import_request(*, request_id: int) -> ImportRequest:
    """Carry out a recorded request to import a bilingual page."""
    return carry_out(request_id, _import_requested_page)
