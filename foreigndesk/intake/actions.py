"""Writes for intake: every import of a URL, a file or a pasted text ends in :func:`suggest_original`.

The ``import_from_*`` functions read their input (fetch, decode, extract) and then call the one
action that creates a suggested original; the commands call them in the foreground, and the desk
calls them through a background task (:func:`~.import_requests.request_import`, then
:func:`run_import_request` in the worker). Any
refusal raises :class:`IntakeError` before anything is written, or inside the transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from unidecode import unidecode

from foreigndesk.core import http
from foreigndesk.core.blocks import blocks_plain_text
from foreigndesk.core.models import Language
from foreigndesk.core.signals import send_after_commit

from . import dedupe, selectors, signals
from .extract import Extracted, ExtractionError, decode_document, extract_document, extract_text
from .language import identify_language
from .models import Author, ImportRequest, Original, OriginalAuthor, Outlet, OutletDomain, TextBand

logger = logging.getLogger(__name__)
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "sd", "ckb"})


class IntakeError(Exception):
    """An import that cannot go ahead; the message names the problem for a person."""


class DuplicateOriginal(IntakeError):
    """The article is already in the desk; ``existing`` is the original it duplicates."""

    def __init__(self, message: str, *, existing: Original) -> None:
        super().__init__(message)
        self.existing = existing


def language_for_code(code: str) -> Language:
    """The Language row for a BCP 47 code, created with its English name when missing."""
    existing = Language.objects.filter(code=code).first()
    if existing:
        return existing
    import pycountry

    record = pycountry.languages.get(alpha_2=code.split("-")[0]) or pycountry.languages.get(
        alpha_3=code.split("-")[0]
    )
    name = getattr(record, "name", code).split(" (")[0] if record else code
    if Language.objects.filter(name=name).exists():
        name = f"{name} ({code})"
    return Language.objects.create(
        code=code,
        name=name,
        direction=Language.RTL if code.split("-")[0] in RTL_LANGUAGES else Language.LTR,
    )


def _unique_slug(model: Any, base: str, field: str = "slug", limit: int = 200) -> str:
    base = (slugify(unidecode(base)) or "item")[: limit - 8]
    slug, number = base, 2
    while model.objects.filter(**{field: slug}).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def outlet_for_domain(*, url: str, name: str = "") -> Outlet | None:
    """The outlet of a URL's domain; an unknown domain gets a new, unconfirmed outlet."""
    host = dedupe.domain_of(url)
    if not host:
        return None
    known = selectors.outlet_for_url(url)
    if known:
        return known
    outlet = Outlet.objects.create(
        name=(name or host)[:200], slug=_unique_slug(Outlet, name or host), confirmed=False
    )
    OutletDomain.objects.create(outlet=outlet, domain=host)
    return outlet


def check_not_duplicate(*, url: str = "", text: str = "") -> None:
    """Refuse an article already in the desk, by canonical URL or by near-identical text."""
    if url:
        existing = selectors.original_by_url(url)
        if existing:
            raise DuplicateOriginal(
                f"Already in the desk: “{existing.title}” (original #{existing.pk}) has this address.",
                existing=existing,
            )
    if text:
        found = selectors.near_duplicate(text)
        if found:
            existing, score = found
            raise DuplicateOriginal(
                f"Already in the desk: “{existing.title}” (original #{existing.pk}) has the same "
                f"text ({score:.0%} alike).",
                existing=existing,
            )


def store_signature(original: Original) -> None:
    """Store the original's checksum, MinHash and LSH bands for later duplicate checks."""
    text = original.title + "\n" + blocks_plain_text(original.block_list)
    signature = dedupe.minhash(text)
    original.checksum = dedupe.checksum(text)
    original.text_signature = dedupe.encode(signature)
    original.save(update_fields=["checksum", "text_signature"])
    TextBand.objects.filter(original=original).delete()
    TextBand.objects.bulk_create(
        TextBand(original=original, key=key) for key in dedupe.band_keys(signature)
    )


@transaction.atomic
def suggest_original(
    *, extracted: Extracted, suggested_by: Any = None, language_code: str | None = None
) -> Original:
    """Create a suggested original from what was extracted: the one write every import ends in."""
    url = extracted.canonical_url or extracted.url
    canonical = dedupe.canonical_url(url)
    text = extracted.text
    check_not_duplicate(url=canonical, text=text)
    code = language_code or identify_language(text, hint=extracted.language_hint)
    if not code:
        raise IntakeError("Could not tell which language this article is in.")
    outlet = outlet_for_domain(url=extracted.url or url, name=extracted.outlet_name)
    try:
        with transaction.atomic():
            original = Original.objects.create(
                title=extracted.title,
                language=language_for_code(code),
                outlet=outlet,
                url=extracted.url or url,
                canonical_url=canonical,
                published_on=extracted.published_on,
                blocks=extracted.blocks,
                retrieved_copy=extracted.retrieved_copy,
                state=Original.State.SUGGESTED,
                suggested_by=suggested_by if getattr(suggested_by, "pk", None) else None,
            )
    except IntegrityError as error:  # another import of the same URL won the race
        existing = selectors.original_by_url(canonical)
        if existing is None:
            raise
        raise DuplicateOriginal(
            f"Already in the desk: “{existing.title}” (original #{existing.pk}).", existing=existing
        ) from error
    for position, name in enumerate(dict.fromkeys(extracted.authors)):
        author, _ = Author.objects.get_or_create(name=name[:200], outlet=outlet)
        OriginalAuthor.objects.create(original=original, author=author, position=position)
    store_signature(original)
    _announce(original)
    return original


def _announce(original: Original) -> None:
    """Tell the apps above (the desk's search) about a new original once the import commits."""
    send_after_commit(signals.original_changed, sender=Original, original_id=original.pk)


def import_from_url(
    *,
    url: str,
    suggested_by: Any = None,
    fetcher: Callable[[str], http.Response] = http.fetch,
) -> Original:
    """Fetch a page safely, extract its article and suggest it."""
    check_not_duplicate(url=url)
    try:
        response = fetcher(url)
        extracted = extract_document(
            response.body,
            declared=response.charset,
            url=response.url,
            content_type=response.content_type,
        )
    except (http.FetchError, ExtractionError) as error:
        raise IntakeError(str(error)) from error
    if not extracted.url:
        extracted.url = response.url
    return suggest_original(extracted=extracted, suggested_by=suggested_by)


def import_from_file(*, data: bytes, filename: str = "", suggested_by: Any = None) -> Original:
    """Decode and extract an HTML or text file and suggest it."""
    content_type = ""
    if filename.lower().endswith((".txt", ".text", ".md")):
        content_type = "text/plain"
    elif filename.lower().endswith((".html", ".htm", ".xhtml")):
        content_type = "text/html"
    try:
        extracted = extract_document(data, content_type=content_type)
    except ExtractionError as error:
        raise IntakeError(str(error)) from error
    return suggest_original(extracted=extracted, suggested_by=suggested_by)


def import_from_text(*, text: str, url: str = "", suggested_by: Any = None) -> Original:
    """Suggest a pasted text: first line the title, then its paragraphs."""
    try:
        extracted = extract_text(text, url=url)
    except ExtractionError as error:
        raise IntakeError(str(error)) from error
    return suggest_original(extracted=extracted, suggested_by=suggested_by)


def run_import_request(*, request_id: int) -> ImportRequest:
    """Carry out a recorded request and store its result or error for the person who asked."""
    request = ImportRequest.objects.select_related("requested_by").get(pk=request_id)
    if request.is_finished:
        return request
    try:
        if request.kind == ImportRequest.Kind.URL:
            original = import_from_url(url=request.url, suggested_by=request.requested_by)
        else:
            original = import_from_text(text=request.text, suggested_by=request.requested_by)
    except DuplicateOriginal as error:
        request.status, request.message, request.original = (
            ImportRequest.Status.DUPLICATE,
            str(error),
            error.existing,
        )
    except IntakeError as error:
        request.status, request.message = ImportRequest.Status.FAILED, str(error)
    except Exception:  # a bug must still end the request, or it would wait forever
        logger.exception("Import request %s failed unexpectedly", request_id)
        request.status = ImportRequest.Status.FAILED
        request.message = "The import failed unexpectedly; the desk's administrators were told."
    else:
        request.status, request.original = ImportRequest.Status.DONE, original
        request.message = f"Imported “{original.title}” ({original.language.name}) as a suggestion."
    request.finished_at = timezone.now()
    request.save(update_fields=["status", "message", "original", "finished_at"])
    return request


# --- Bilingual pages: an archive's published translations, imported whole ---------------------


@dataclass
class PageImport:
    """What an imported bilingual page became, and what could not be read from it."""

    translation: Any
    original: Original
    warnings: list[str]


def align_blocks(
    original_texts: list[str], translation_texts: list[str], *, source_lang: str, target_lang: str
) -> tuple[list[dict[str, Any]], bool]:
    """Beads between the two texts' blocks, and whether the aligner (not the fallback) made them."""
    from foreigndesk.newsroom.beads import computed_beads

    beads, aligned = computed_beads(
        original_texts, translation_texts, source_lang=source_lang, target_lang=target_lang
    )
    return [dict(bead) for bead in beads], aligned


def _country_named(name: str, warnings: list[str]) -> Any:
    from foreigndesk.core.models import Country

    if not name:
        return None
    existing = Country.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    import pycountry

    try:
        record = pycountry.countries.lookup(name)
    except LookupError:
        try:
            record = pycountry.countries.search_fuzzy(name)[0]
        except LookupError:
            warnings.append(f"The country “{name}” is not known; the outlet was left without one.")
            return None
    existing = Country.objects.filter(code=record.alpha_2).first()
    if existing:
        return existing
    return Country.objects.create(
        code=record.alpha_2, name=name, slug=_unique_slug(Country, name, limit=100)
    )


def _language_named(name: str) -> str | None:
    if not name:
        return None
    existing = Language.objects.filter(name__iexact=name).first()
    if existing:
        return existing.code
    import pycountry

    aliases = {"farsi": "fa", "greek": "el", "chinese": "zh", "mandarin": "zh"}
    if name.lower() in aliases:
        return aliases[name.lower()]
    try:
        record = pycountry.languages.lookup(name)
    except LookupError:
        return None
    return getattr(record, "alpha_2", None)


def _outlet_named(name: str, *, url: str, country: Any) -> Outlet | None:
    outlet = Outlet.objects.filter(name__iexact=name).first() if name else None
    if outlet is None and url:
        outlet = selectors.outlet_for_url(url)
    if outlet is None and name:
        outlet = Outlet.objects.create(
            name=name[:200],
            slug=_unique_slug(Outlet, name),
            country=country,
            # The archive published under this outlet; without its country an editor must look.
            confirmed=country is not None,
        )
    if outlet is None:
        return None
    if outlet.country is None and country is not None:
        outlet.country = country
        outlet.save(update_fields=["country"])
    host = dedupe.domain_of(url)
    if host and not OutletDomain.objects.filter(domain=host).exists():
        OutletDomain.objects.create(outlet=outlet, domain=host)
    return outlet


def _contributor_named(name: str) -> Any:
    from foreigndesk.accounts.models import Contributor

    existing = Contributor.objects.filter(name__iexact=name).first()
    if existing:
        return existing
    return Contributor.objects.create(
        name=name[:150], slug=_unique_slug(Contributor, name, limit=150)
    )


def import_bilingual_page(*, data: bytes, publish: bool = False) -> PageImport:
    """Create the original, the translation, people, outlet, country, note and alignment of a page."""
    from django.conf import settings

    from foreigndesk.newsroom.actions import publish_translation
    from foreigndesk.newsroom.models import Credit, Translation
    from foreigndesk.newsroom.states import State

    from .bilingual import PageError, parse_page
    from .language import get_identifier

    try:
        document = decode_document(data)
        page = parse_page(
            document, identify=get_identifier().identify, target_language=settings.DESK_LANGUAGE
        )
    except (ExtractionError, PageError) as error:
        raise IntakeError(str(error)) from error
    original_text = "\n".join([page.original_title, *(b["text"] for b in page.original_blocks)])
    code = (
        _language_named(page.language_name)
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
    if page.language_name and not _language_named(page.language_name):
        warnings.append(
            f"The language “{page.language_name}” is not known; it was identified from the text."
        )
    canonical = dedupe.canonical_url(page.original_url)
    with transaction.atomic():
        check_not_duplicate(url=canonical, text=original_text)
        country = _country_named(page.country, warnings)
        outlet = _outlet_named(page.outlet, url=page.original_url, country=country)
        original = Original.objects.create(
            title=page.original_title[:500],
            language=language_for_code(code),
            outlet=outlet,
            url=page.original_url,
            canonical_url=canonical,
            published_on=page.date,
            blocks=page.original_blocks,
            state=Original.State.ACCEPTED,
        )
        for position, name in enumerate(dict.fromkeys(page.authors)):
            author, _ = Author.objects.get_or_create(name=name[:200], outlet=outlet)
            OriginalAuthor.objects.create(original=original, author=author, position=position)
        store_signature(original)
        beads, computed = align_blocks(
            [b["text"] for b in page.original_blocks],
            [b["text"] for b in page.translation_blocks],
            source_lang=code,
            target_lang=settings.DESK_LANGUAGE,
        )
        translation = Translation.objects.create(
            original=original,
            language=language_for_code(settings.DESK_LANGUAGE),
            title=page.title[:500],
            slug=_unique_slug(Translation, page.title[:80]),
            blocks=page.translation_blocks,
            editor_note=page.editor_note,
            state=State.APPROVED,
            alignment=beads,
            alignment_origin=(
                Translation.AlignmentOrigin.COMPUTED
                if computed
                else Translation.AlignmentOrigin.ASSUMED
            ),
        )
        for role, names in (
            (Credit.Role.TRANSLATOR, page.translators),
            (Credit.Role.EDITOR, page.editors),
        ):
            for position, name in enumerate(dict.fromkeys(names)):
                Credit.objects.create(
                    translation=translation,
                    contributor=_contributor_named(name),
                    role=role,
                    position=position,
                )
        if publish:
            translation = publish_translation(translation=translation)
        else:
            _announce(original)
    return PageImport(translation=translation, original=original, warnings=warnings)
