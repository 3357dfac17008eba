"""Export and restore of the whole archive as JSON Lines (the format is in docs/export-format.md).

The export is deterministic: records sorted by content, keys in a fixed order, times in UTC, so
that export → load into a fresh database → export gives the same bytes. Loading validates every
line before it writes anything, and writes everything in one transaction: a file with one bad
line loads nothing. Records already present (a translation's slug, an original's URL) are kept
as they are, so loading a file twice creates no duplicates.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.text import slugify
from unidecode import unidecode

from foreigndesk.accounts.models import Contributor
from foreigndesk.core.blocks import validate_blocks
from foreigndesk.core.models import Country
from foreigndesk.intake.models import Author, Original, OriginalAuthor, Outlet, OutletDomain

from .beads import check_beads
from .models import Correction, Credit, Topic, Translation
from .states import PUBLIC_STATES, State

FORMAT_VERSION = 1
TRANSLATION = "translation"
ORIGINAL = "original"
_TRANSLATION_STATES = {state.name.lower(): state for state in State}
_ORIGINAL_STATES = {state.name.lower(): state for state in Original.State}
_ALIGNMENT_ORIGINS = {choice.value for choice in Translation.AlignmentOrigin}


class LoadError(Exception):
    """A file that does not validate; ``errors`` lists ``(line number, message)``."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        shown = "; ".join(f"line {number}: {message}" for number, message in errors[:10])
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        super().__init__(f"Nothing was loaded: {shown}{more}.")


@dataclass
class LoadResult:
    """What a load created and what it found already there."""

    created: int = 0
    existing: int = 0
    originals_created: int = 0
    skipped_slugs: list[str] = field(default_factory=list)


# --- Export ----------------------------------------------------------------------------------


def _time(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value else None


def _outlet(outlet: Outlet | None) -> dict[str, Any] | None:
    if outlet is None:
        return None
    return {
        "name": outlet.name,
        "slug": outlet.slug,
        "confirmed": outlet.confirmed,
        "domains": sorted(domain.domain for domain in outlet.domains.all()),
        "profile": outlet.profile,
    }


def _country(outlet: Outlet | None) -> dict[str, str] | None:
    if outlet is None or outlet.country is None:
        return None
    return {"code": outlet.country.code, "name": outlet.country.name}


def original_record(original: Original) -> dict[str, Any]:
    """An original as the export writes it."""
    return {
        "title": original.title,
        "language": original.language_id,
        "url": original.url,
        "outlet": _outlet(original.outlet),
        "country": _country(original.outlet),
        "authors": [byline.author.name for byline in original.bylines.all()],
        "published": original.published_on.isoformat() if original.published_on else None,
        "state": Original.State(original.state).name.lower(),
        "blocks": list(original.blocks or []),
        "retrieved_copy": original.retrieved_copy,
    }


def translation_record(translation: Translation) -> dict[str, Any]:
    """A translation, with its original, as one line of the export."""
    credits = list(translation.credits.all())
    return {
        "record": TRANSLATION,
        "slug": translation.slug,
        "title": translation.title,
        "language": translation.language_id,
        "standfirst": translation.standfirst,
        "blocks": list(translation.blocks or []),
        "translators": [c.contributor.name for c in credits if c.role == Credit.Role.TRANSLATOR],
        "editors": [c.contributor.name for c in credits if c.role == Credit.Role.EDITOR],
        "editor_note": translation.editor_note,
        "topics": sorted(topic.name for topic in translation.topics.all()),
        "state": State(translation.state).name.lower(),
        "published_at": _time(translation.published_at),
        "revision": translation.revision,
        "corrections": [
            {"text": c.text, "published_at": _time(c.published_at)}
            for c in translation.corrections.all()
        ],
        "alignment": list(translation.alignment or []),
        "alignment_origin": translation.alignment_origin,
        "original": original_record(translation.original) if translation.original else None,
    }


def _original_queryset() -> Any:
    return Original.objects.select_related("outlet__country").prefetch_related(
        "outlet__domains", Prefetch("bylines", OriginalAuthor.objects.select_related("author"))
    )


def export_lines() -> Iterator[str]:
    """Every translation (by slug), then every original without one, one JSON object a line."""
    translations = (
        Translation.objects.select_related("original__outlet__country")
        .prefetch_related(
            "topics",
            "corrections",
            Prefetch("credits", Credit.objects.select_related("contributor")),
            "original__outlet__domains",
            Prefetch("original__bylines", OriginalAuthor.objects.select_related("author")),
        )
        .order_by("slug")
    )
    for translation in translations.iterator(chunk_size=200):
        yield _dump(translation_record(translation))
    alone = [
        {"record": ORIGINAL, "original": original_record(original)}
        for original in _original_queryset().filter(translations__isnull=True)
    ]
    alone.sort(key=lambda item: _dump(item))
    for item in alone:
        yield _dump(item)


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def export(stream: Any) -> int:
    """Write the export to a text stream; returns the number of lines."""
    count = 0
    for line in export_lines():
        stream.write(line + "\n")
        count += 1
    return count


# --- Validation --------------------------------------------------------------------------------


def _check_type(record: dict[str, Any], key: str, kinds: Any, *, nullable: bool = False) -> Any:
    if key not in record:
        raise ValueError(f"“{key}” is missing")
    value = record[key]
    if value is None and nullable:
        return None
    if not isinstance(value, kinds) or (isinstance(value, bool) and kinds is int):
        raise ValueError(f"“{key}” has the wrong type")
    return value


def _parse_time(value: Any, key: str) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"“{key}” is not an ISO 8601 time: {value!r}") from error
    if parsed.tzinfo is None:
        raise ValueError(f"“{key}” has no time zone: {value!r}")
    return parsed


def _names(record: dict[str, Any], key: str) -> list[str]:
    names = _check_type(record, key, list)
    if not all(isinstance(name, str) and name.strip() for name in names):
        raise ValueError(f"“{key}” must be a list of names")
    return names


def _validate_original(original: Any) -> None:
    if not isinstance(original, dict):
        raise ValueError("“original” must be an object")
    for key in ("title", "language", "url"):
        _check_type(original, key, str)
    if not original["title"].strip():
        raise ValueError("the original has no title")
    _names(original, "authors")
    published = _check_type(original, "published", str, nullable=True)
    if published is not None:
        try:
            datetime.date.fromisoformat(published)
        except ValueError as error:
            raise ValueError(f"“published” is not an ISO 8601 date: {published!r}") from error
    try:
        validate_blocks(original.get("blocks"))
    except ValidationError as error:
        raise ValueError(f"original blocks: {error.messages[0]}") from error
    if original.get("state", "accepted") not in _ORIGINAL_STATES:
        raise ValueError(f"unknown original state {original.get('state')!r}")
    outlet = _check_type(original, "outlet", dict, nullable=True)
    if outlet is not None:
        for key in ("name", "slug"):
            if not isinstance(outlet.get(key), str) or not outlet[key].strip():
                raise ValueError(f"the outlet's “{key}” is missing")
        if not isinstance(outlet.get("domains", []), list):
            raise ValueError("the outlet's “domains” must be a list")
    country = _check_type(original, "country", dict, nullable=True)
    if country is not None and not (
        isinstance(country.get("code"), str)
        and len(country["code"]) == 2
        and isinstance(country.get("name"), str)
    ):
        raise ValueError("“country” must have a two-letter code and a name")


def validate_record(record: Any) -> None:
    """Refuse a record that cannot be loaded; the message names the field."""
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    kind = record.get("record", TRANSLATION)
    if kind == ORIGINAL:
        _validate_original(record.get("original"))
        return
    if kind != TRANSLATION:
        raise ValueError(f"unknown record {kind!r}")
    for key in ("slug", "title", "language", "editor_note"):
        _check_type(record, key, str)
    if not record["slug"].strip() or slugify(record["slug"]) != record["slug"]:
        raise ValueError(f"“slug” is not a slug: {record['slug']!r}")
    if not record["title"].strip():
        raise ValueError("the translation has no title")
    try:
        validate_blocks(record.get("blocks"))
    except ValidationError as error:
        raise ValueError(f"blocks: {error.messages[0]}") from error
    _names(record, "translators")
    _names(record, "editors")
    _names(record, "topics")
    state = _check_type(record, "state", str)
    if state not in _TRANSLATION_STATES:
        raise ValueError(f"unknown state {state!r}")
    published_at = _parse_time(
        _check_type(record, "published_at", str, nullable=True), "published_at"
    )
    if _TRANSLATION_STATES[state] in PUBLIC_STATES and published_at is None:
        raise ValueError("a published translation needs “published_at”")
    corrections = _check_type(record, "corrections", list)
    for correction in corrections:
        if not isinstance(correction, dict) or not isinstance(correction.get("text"), str):
            raise ValueError("each correction needs a text")
        if _parse_time(correction.get("published_at"), "corrections.published_at") is None:
            raise ValueError("each correction needs “published_at”")
    original = _check_type(record, "original", dict, nullable=True)
    if original is not None:
        _validate_original(original)
    alignment = _check_type(record, "alignment", list)
    try:
        check_beads(alignment, len(original["blocks"]) if original else 0, len(record["blocks"]))
    except ValidationError as error:
        raise ValueError(f"alignment: {error.messages[0]}") from error
    if record.get("alignment_origin", "assumed") not in _ALIGNMENT_ORIGINS:
        raise ValueError(f"unknown alignment_origin {record.get('alignment_origin')!r}")
    revision = record.get("revision", 1)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise ValueError("“revision” must be a positive whole number")


def read_records(lines: Iterable[str]) -> list[tuple[int, dict[str, Any]]]:
    """Parse and validate every line; LoadError lists every bad line by its number."""
    records: list[tuple[int, dict[str, Any]]] = []
    errors: list[tuple[int, str]] = []
    slugs: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append((number, f"not valid JSON ({error.msg} at column {error.colno})"))
            continue
        try:
            validate_record(record)
        except ValueError as error:
            errors.append((number, str(error)))
            continue
        if record.get("record", TRANSLATION) == TRANSLATION:
            if record["slug"] in slugs:
                errors.append(
                    (number, f"slug {record['slug']!r} already on line {slugs[record['slug']]}")
                )
                continue
            slugs[record["slug"]] = number
        records.append((number, record))
    if errors:
        raise LoadError(errors)
    return records


# --- Load --------------------------------------------------------------------------------------


def _unique_slug(model: Any, base: str, limit: int) -> str:
    base = (slugify(unidecode(base)) or "item")[: limit - 8]
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _load_country(data: dict[str, str] | None) -> Country | None:
    if data is None:
        return None
    existing = Country.objects.filter(code=data["code"]).first()
    if existing:
        return existing
    name = data["name"]
    if Country.objects.filter(name=name).exists():
        name = f"{name} ({data['code']})"
    return Country.objects.create(
        code=data["code"], name=name, slug=_unique_slug(Country, name, 100)
    )


def _load_outlet(data: dict[str, Any] | None, country: Country | None) -> Outlet | None:
    if data is None:
        return None
    outlet = Outlet.objects.filter(slug=data["slug"]).first()
    if outlet is None:
        outlet = Outlet.objects.create(
            name=data["name"],
            slug=data["slug"],
            country=country,
            confirmed=bool(data.get("confirmed", True)),
            profile=data.get("profile", ""),
        )
    for domain in data.get("domains", []):
        if not OutletDomain.objects.filter(domain=domain).exists():
            OutletDomain.objects.create(outlet=outlet, domain=domain)
    return outlet


def _find_original(data: dict[str, Any], outlet: Outlet | None) -> Original | None:
    from foreigndesk.intake.dedupe import canonical_url

    if data["url"]:
        found = Original.objects.filter(url=data["url"]).first()
        if found:
            return found
        canonical = canonical_url(data["url"])
        if canonical:
            found = Original.objects.filter(canonical_url=canonical).first()
            if found:
                return found
    return Original.objects.filter(
        title=data["title"],
        language_id=data["language"],
        outlet=outlet,
        published_on=data["published"],
    ).first()


def _load_original(data: dict[str, Any], result: LoadResult) -> Original:
    from foreigndesk.intake.actions import language_for_code, store_signature
    from foreigndesk.intake.dedupe import canonical_url

    country = _load_country(data.get("country"))
    outlet = _load_outlet(data.get("outlet"), country)
    existing = _find_original(data, outlet)
    if existing:
        return existing
    canonical = canonical_url(data["url"])
    if canonical and Original.objects.filter(canonical_url=canonical).exists():
        canonical = ""  # a second copy of a page under another address: keep it, unlinked
    original = Original.objects.create(
        title=data["title"],
        language=language_for_code(data["language"]),
        outlet=outlet,
        url=data["url"],
        canonical_url=canonical,
        published_on=data["published"],
        blocks=data["blocks"],
        retrieved_copy=data.get("retrieved_copy", ""),
        state=_ORIGINAL_STATES[data.get("state", "accepted")],
    )
    for position, name in enumerate(dict.fromkeys(data["authors"])):
        author, _ = Author.objects.get_or_create(name=name, outlet=outlet)
        OriginalAuthor.objects.create(original=original, author=author, position=position)
    store_signature(original)
    result.originals_created += 1
    return original


def _contributor(name: str) -> Contributor:
    existing = Contributor.objects.filter(name=name).first()
    return existing or Contributor.objects.create(
        name=name, slug=_unique_slug(Contributor, name, 150)
    )


def _topic(name: str) -> Topic:
    existing = Topic.objects.filter(name=name).first()
    return existing or Topic.objects.create(name=name, slug=_unique_slug(Topic, name, 100))


def _load_translation(
    number: int, record: dict[str, Any], result: LoadResult
) -> Translation | None:
    from foreigndesk.intake.actions import language_for_code

    if Translation.objects.filter(slug=record["slug"]).exists():
        result.existing += 1
        result.skipped_slugs.append(record["slug"])
        return None
    original = _load_original(record["original"], result) if record["original"] else None
    if original is not None:
        try:
            check_beads(record["alignment"], len(original.blocks), len(record["blocks"]))
        except ValidationError as error:
            raise LoadError(
                [
                    (
                        number,
                        f"the alignment does not fit the original already stored ({error.messages[0]})",
                    )
                ]
            ) from error
    translation = Translation.objects.create(
        original=original,
        language=language_for_code(record["language"]),
        title=record["title"],
        slug=record["slug"],
        standfirst=record.get("standfirst", ""),
        blocks=record["blocks"],
        editor_note=record["editor_note"],
        state=_TRANSLATION_STATES[record["state"]],
        published_at=_parse_time(record["published_at"], "published_at"),
        revision=record.get("revision", 1),
        alignment=record["alignment"],
        alignment_origin=record.get("alignment_origin", Translation.AlignmentOrigin.ASSUMED),
    )
    translation.topics.set([_topic(name) for name in record["topics"]])
    for role, names in (
        (Credit.Role.TRANSLATOR, record["translators"]),
        (Credit.Role.EDITOR, record["editors"]),
    ):
        for position, name in enumerate(dict.fromkeys(names)):
            Credit.objects.create(
                translation=translation,
                contributor=_contributor(name),
                role=role,
                position=position,
            )
    for correction in record["corrections"]:
        Correction.objects.create(
            translation=translation,
            text=correction["text"],
            published_at=_parse_time(correction["published_at"], "published_at"),
        )
    result.created += 1
    return translation


def load(lines: Iterable[str]) -> LoadResult:
    """Validate a whole export, then restore it in one transaction; LoadError loads nothing."""
    records = read_records(lines)
    result = LoadResult()
    with transaction.atomic():
        created: list[Translation] = []
        for number, record in records:
            if record.get("record", TRANSLATION) == ORIGINAL:
                _load_original(record["original"], result)
            else:
                translation = _load_translation(number, record, result)
                if translation is not None:
                    created.append(translation)
        from .actions import translations_loaded

        # The reader site and the search index learn of the new articles after the commit.
        translations_loaded(translation_ids=[translation.pk for translation in created])
    return result
