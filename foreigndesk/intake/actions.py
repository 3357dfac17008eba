"""Writes for intake: every import of a URL, a file or a pasted text ends in :func:`suggest_original`.

The ``import_from_*`` functions read their input (fetch, decode, extract) and then call the one
action that creates a suggested original; the commands call them in the foreground, and the desk
calls them through a background task (:func:`~.import_requests.request_import`, then
:func:`run_import_request` in the worker). Any
refusal raises :class:`IntakeError` before anything is written, or inside the transaction.
Originals, however they come in (an import, a bilingual page, a load, the demo), are created by
:func:`create_original`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from foreigndesk.core import http
from foreigndesk.core.actions import language_for_code, unique_slug
from foreigndesk.core.blocks import Block, blocks_plain_text, clean_blocks
from foreigndesk.core.models import Country
from foreigndesk.core.signals import send_after_commit
from foreigndesk.core.text import one_line, without_control_characters

from . import dedupe, selectors, signals
from .extract import Extracted, ExtractionError, extract_document, extract_text
from .language import identify_language
from .models import Author, ImportRequest, Original, OriginalAuthor, Outlet, OutletDomain, TextBand
from .romanize import suggest_romanized

logger = logging.getLogger(__name__)


class IntakeError(Exception):
    """An import that cannot go ahead; the message names the problem for a person."""


class DuplicateOriginal(IntakeError):
    """The article is already in the desk; ``existing`` is the original it duplicates."""

    def __init__(self, message: str, *, existing: Original) -> None:
        super().__init__(message)
        self.existing = existing


def outlet_for_domain(*, url: str, name: str = "") -> Outlet | None:
    """The outlet of a URL's domain; an unknown domain gets a new, unconfirmed outlet."""
    host = dedupe.domain_of(url)
    if not host:
        return None
    known = selectors.outlet_for_url(url)
    if known:
        return known
    return create_outlet(name=name or host, domains=[host], confirmed=False)


def create_outlet(
    *,
    name: str,
    slug: str = "",
    country: Country | None = None,
    confirmed: bool = True,
    profile: str = "",
    domains: Iterable[str] = (),
) -> Outlet:
    """The one write that creates an outlet, with its web domains (a domain already taken by
    another outlet stays with it)."""
    outlet = Outlet.objects.create(
        name=name[:200],
        slug=slug or unique_slug(Outlet, name),
        country=country,
        confirmed=confirmed,
        profile=profile,
    )
    add_outlet_domains(outlet=outlet, domains=domains)
    return outlet


def add_outlet_domains(*, outlet: Outlet, domains: Iterable[str]) -> None:
    """Attach web domains to an outlet, leaving alone any domain already known."""
    for domain in domains:
        if domain and not OutletDomain.objects.filter(domain=domain).exists():
            OutletDomain.objects.create(outlet=outlet, domain=domain)


def outlet_named(*, name: str, url: str, country: Country | None) -> Outlet | None:
    """The outlet a published page names (by name, else by its original's domain), created when
    new; it learns its country and the original's domain when it lacked them."""
    outlet = Outlet.objects.filter(name__iexact=name).first() if name else None
    if outlet is None and url:
        outlet = selectors.outlet_for_url(url)
    if outlet is None and name:
        # The archive published under this outlet; without its country an editor must look.
        outlet = create_outlet(name=name, country=country, confirmed=country is not None)
    if outlet is None:
        return None
    if outlet.country is None and country is not None:
        outlet.country = country
        outlet.save(update_fields=["country"])
    add_outlet_domains(outlet=outlet, domains=[dedupe.domain_of(url)])
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
            original = create_original(
                title=extracted.title,
                language_code=code,
                outlet=outlet,
                url=extracted.url or url,
                canonical_url=canonical,
                published_on=extracted.published_on,
                blocks=extracted.blocks,
                retrieved_copy=extracted.retrieved_copy,
                state=Original.State.SUGGESTED,
                suggested_by=suggested_by if getattr(suggested_by, "pk", None) else None,
                authors=extracted.authors,
            )
    except IntegrityError as error:  # another import of the same URL won the race
        existing = selectors.original_by_url(canonical)
        if existing is None:
            raise
        raise DuplicateOriginal(
            f"Already in the desk: “{existing.title}” (original #{existing.pk}).", existing=existing
        ) from error
    return original


def build_original(
    *,
    title: str,
    language_code: str,
    outlet: Outlet | None,
    blocks: list[Block],
    url: str = "",
    canonical_url: str | None = None,
    published_on: datetime.date | None = None,
    retrieved_copy: str = "",
    state: int = Original.State.ACCEPTED,
    suggested_by: Any = None,
) -> Original:
    """An unsaved original as :func:`create_original` makes it, for a caller that writes many
    rows at once (the benchmark's generator); its language must exist already.

    ``canonical_url`` defaults to the normalised ``url``.
    """
    blocks = clean_blocks(blocks)
    title = one_line(title)[:500]
    return Original(
        title=title,
        language_id=language_code,
        outlet=outlet,
        url=url,
        canonical_url=dedupe.canonical_url(url) if canonical_url is None else canonical_url,
        published_on=published_on,
        blocks=blocks,
        retrieved_copy=without_control_characters(retrieved_copy),
        checksum=dedupe.checksum(title + "\n" + blocks_plain_text(blocks)),
        state=state,
        suggested_by=suggested_by,
    )


def create_original(*, authors: Iterable[str] = (), **fields: Any) -> Original:
    """The one write that creates an original: the row (fields as :func:`build_original` takes
    them), its authors in order, its signature for duplicate checks; announced to the apps
    above after commit.

    Callers refuse duplicates first (imports) or look for the existing original (loads).
    """
    language_for_code(fields["language_code"])
    original = build_original(**fields)
    original.save()
    for position, name in enumerate(dict.fromkeys(authors)):
        name = one_line(name)[:200]
        author, _ = Author.objects.get_or_create(
            name=name,
            outlet=original.outlet,
            defaults={"romanized": suggest_romanized(name, fields["language_code"])[:200]},
        )
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


#: Carries out one import request: the original it made and the message for the asker.
Importer = Callable[[ImportRequest], tuple[Original, str]]


def _import_article(request: ImportRequest) -> tuple[Original, str]:
    if request.kind == ImportRequest.Kind.URL:
        original = import_from_url(url=request.url, suggested_by=request.requested_by)
    elif request.kind == ImportRequest.Kind.FILE:
        original = import_from_file(
            data=bytes(request.data), filename=request.filename, suggested_by=request.requested_by
        )
    elif request.kind == ImportRequest.Kind.PASTE:
        original = import_from_text(
            text=request.text, url=request.url, suggested_by=request.requested_by
        )
    else:
        raise IntakeError(f"A {request.get_kind_display().lower()} is not imported as an article.")
    return original, f"Imported “{original.title}” ({original.language.name}) as a suggestion."


def carry_out(request_id: int, importer: Importer) -> ImportRequest:
    """Run a recorded request once and store its outcome (done, duplicate, failed) with its
    message for the person who asked; an upload's bytes are dropped once it has run."""
    request = ImportRequest.objects.select_related("requested_by").get(pk=request_id)
    if request.is_finished:
        return request
    try:
        original, message = importer(request)
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
        request.status, request.original, request.message = (
            ImportRequest.Status.DONE,
            original,
            message,
        )
    request.finished_at = timezone.now()
    request.data = b""
    request.save(update_fields=["status", "message", "original", "finished_at", "data"])
    return request


def run_import_request(*, request_id: int) -> ImportRequest:
    """Carry out a recorded request to import an article as a suggestion."""
    return carry_out(request_id, _import_article)
