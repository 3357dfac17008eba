"""Loading an export back (the format is in docs/export-format.md).

Loading validates every line before it writes anything, and writes everything in one
transaction: a file with one bad line loads nothing. Records already present (a translation's
slug, an original's URL) are kept as they are, so loading a file twice creates no duplicates.
Every record is created by its app's creating action, as an import or the desk would.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from foreigndesk.accounts.actions import contributor_named
from foreigndesk.accounts.models import Contributor
from foreigndesk.core.actions import country_for_code
from foreigndesk.core.blocks import validate_blocks
from foreigndesk.core.db import analyze
from foreigndesk.core.models import Country, Language
from foreigndesk.core.text import first_control_character
from foreigndesk.intake.actions import add_outlet_domains, create_original, create_outlet
from foreigndesk.intake.dedupe import canonical_url
from foreigndesk.intake.models import Author, Original, Outlet, OutletDomain

from .actions import NewCorrection, create_translation, topic_named, translations_loaded
from .beads import check_beads
from .export import (
    ALIGNMENT_ORIGINS,
    ORIGINAL,
    ORIGINAL_STATES,
    TRANSLATION,
    TRANSLATION_STATES,
)
from .models import Topic, Translation
from .states import PUBLIC_STATES


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
    if original.get("state", "accepted") not in ORIGINAL_STATES:
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


def _limit(model: Any, field: str) -> int:
    return int(model._meta.get_field(field).max_length)


#: The longest value each field may hold, as the database stores it (SQLite would accept
#: longer and show it; PostgreSQL would refuse it with a traceback). Keys are paths in a record.
MAX_LENGTHS = {
    "slug": _limit(Translation, "slug"),
    "title": _limit(Translation, "title"),
    "language": _limit(Language, "code"),
    "translators.*": _limit(Contributor, "name"),
    "editors.*": _limit(Contributor, "name"),
    "topics.*": _limit(Topic, "name"),
    "original.title": _limit(Original, "title"),
    "original.language": _limit(Language, "code"),
    "original.url": _limit(Original, "url"),
    "original.authors.*": _limit(Author, "name"),
    "original.outlet.name": _limit(Outlet, "name"),
    "original.outlet.slug": _limit(Outlet, "slug"),
    "original.outlet.domains.*": _limit(OutletDomain, "domain"),
    "original.country.name": _limit(Country, "name"),
}
#: The longest text of any other field (a note, a standfirst, a correction, a block).
MAX_TEXT = 100_000
#: The longest line read at all: an article with its original and the page it was retrieved
#: from (which an import bounds at 5 MB) fits several times over.
MAX_LINE_CHARACTERS = 30_000_000


def _check_strings(value: Any, path: str = "") -> None:
    """Refuse control characters anywhere and over-long values, naming the field."""
    if isinstance(value, str):
        # The retrieved page is evidence, kept as it came; the desk removes its control
        # characters when it stores it.
        control = None if path.endswith("retrieved_copy") else first_control_character(value)
        if control:
            raise ValueError(f"“{path}” contains a control character ({control})")
        pattern = ".".join("*" if part.isdigit() else part for part in path.split("."))
        limit = MAX_LENGTHS.get(pattern, MAX_TEXT if path != "original.retrieved_copy" else None)
        if limit is not None and len(value) > limit:
            raise ValueError(f"“{path}” has {len(value):,} characters; at most {limit:,} fit")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{path}.{index}")


def validate_record(record: Any) -> None:
    """Refuse a record that cannot be loaded; the message names the field."""
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    _check_strings(record)
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
    if state not in TRANSLATION_STATES:
        raise ValueError(f"unknown state {state!r}")
    published_at = _parse_time(
        _check_type(record, "published_at", str, nullable=True), "published_at"
    )
    if TRANSLATION_STATES[state] in PUBLIC_STATES and published_at is None:
        raise ValueError("a published translation needs “published_at”")
    for optional in ("standfirst", "withdrawal_reason"):
        if not isinstance(record.get(optional, ""), str):
            raise ValueError(f"“{optional}” has the wrong type")
    _parse_time(record.get("withdrawn_at"), "withdrawn_at")
    corrections = _check_type(record, "corrections", list)
    for correction in corrections:
        if not isinstance(correction, dict) or not isinstance(correction.get("text"), str):
            raise ValueError("each correction needs a text")
        if _parse_time(correction.get("published_at"), "corrections.published_at") is None:
            raise ValueError("each correction needs “published_at”")
        block_index = correction.get("block_index")
        if block_index is not None and not (
            isinstance(block_index, int)
            and not isinstance(block_index, bool)
            and 0 <= block_index < len(record["blocks"])
        ):
            raise ValueError(
                f"a correction's “block_index” {block_index!r} is not a paragraph of the "
                f"translation (0 to {len(record['blocks']) - 1})"
            )
    original = _check_type(record, "original", dict, nullable=True)
    if original is not None:
        _validate_original(original)
    alignment = _check_type(record, "alignment", list)
    try:
        check_beads(alignment, len(original["blocks"]) if original else 0, len(record["blocks"]))
    except ValidationError as error:
        raise ValueError(f"alignment: {error.messages[0]}") from error
    if record.get("kind", "translation") not in Translation.Kind.values:
        raise ValueError(
            f"unknown kind {record.get('kind')!r}: a translation is 'translation' or 'link'"
        )
    origin = record.get("alignment_origin", "assumed")
    if not isinstance(origin, str) or origin not in ALIGNMENT_ORIGINS:
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
        if len(line) > MAX_LINE_CHARACTERS:
            errors.append(
                (
                    number,
                    f"the line has {len(line):,} characters; at most "
                    f"{MAX_LINE_CHARACTERS:,} are read",
                )
            )
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append((number, f"not valid JSON ({error.msg} at column {error.colno})"))
            continue
        except RecursionError:
            errors.append((number, "the JSON is nested too deeply to be an export"))
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


def _load_country(data: dict[str, str] | None) -> Country | None:
    return country_for_code(data["code"], data["name"]) if data else None


def _load_outlet(data: dict[str, Any] | None, country: Country | None) -> Outlet | None:
    if data is None:
        return None
    outlet = Outlet.objects.filter(slug=data["slug"]).first()
    if outlet is None:
        return create_outlet(
            name=data["name"],
            slug=data["slug"],
            country=country,
            confirmed=bool(data.get("confirmed", True)),
            profile=data.get("profile", ""),
            domains=data.get("domains", []),
        )
    add_outlet_domains(outlet=outlet, domains=data.get("domains", []))
    return outlet


def _find_original(data: dict[str, Any], outlet: Outlet | None) -> Original | None:
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
    country = _load_country(data.get("country"))
    outlet = _load_outlet(data.get("outlet"), country)
    existing = _find_original(data, outlet)
    if existing:
        return existing
    canonical = canonical_url(data["url"])
    if canonical and Original.objects.filter(canonical_url=canonical).exists():
        canonical = ""  # a second copy of a page under another address: keep it, unlinked
    original = create_original(
        title=data["title"],
        language_code=data["language"],
        outlet=outlet,
        url=data["url"],
        canonical_url=canonical,
        published_on=data["published"],
        blocks=data["blocks"],
        retrieved_copy=data.get("retrieved_copy", ""),
        state=ORIGINAL_STATES[data.get("state", "accepted")],
        authors=data["authors"],
    )
    result.originals_created += 1
    return original


def _load_translation(
    number: int, record: dict[str, Any], result: LoadResult
) -> Translation | None:
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
    translation = create_translation(
        original=original,
        language_code=record["language"],
        title=record["title"],
        slug=record["slug"],
        standfirst=record.get("standfirst", ""),
        kind=record.get("kind", Translation.Kind.TRANSLATION),
        blocks=record["blocks"],
        editor_note=record["editor_note"],
        state=TRANSLATION_STATES[record["state"]],
        published_at=_parse_time(record["published_at"], "published_at"),
        revision=record.get("revision", 1),
        alignment=record["alignment"],
        alignment_origin=record.get("alignment_origin", Translation.AlignmentOrigin.ASSUMED),
        topics=[topic_named(name) for name in record["topics"]],
        translators=[contributor_named(name, match_case=True) for name in record["translators"]],
        editors=[contributor_named(name, match_case=True) for name in record["editors"]],
        withdrawal_reason=record.get("withdrawal_reason", ""),
        withdrawn_at=_parse_time(record.get("withdrawn_at"), "withdrawn_at"),
        corrections=[
            NewCorrection(
                text=correction["text"],
                published_at=_parse_time(correction["published_at"], "published_at"),
                block_index=correction.get("block_index"),
            )
            for correction in record["corrections"]
        ],
        announce=False,
    )
    result.created += 1
    return translation


def load(lines: Iterable[str], *, progress: Callable[[int, int], None] | None = None) -> LoadResult:
    """Validate a whole export, then restore it in one transaction; LoadError loads nothing.
    ``progress(done, total)`` is told after each record."""
    records = read_records(lines)
    result = LoadResult()
    with transaction.atomic():
        created: list[Translation] = []
        for done, (number, record) in enumerate(records, start=1):
            if progress is not None:
                progress(done, len(records))
            if record.get("record", TRANSLATION) == ORIGINAL:
                _load_original(record["original"], result)
            else:
                translation = _load_translation(number, record, result)
                if translation is not None:
                    created.append(translation)
        # The reader site and the search index learn of the new articles after the commit.
        translations_loaded(translation_ids=[translation.pk for translation in created])
    if result.created or result.originals_created:
        analyze()  # the tables just filled get their statistics now, not when autovacuum wakes
    return result
