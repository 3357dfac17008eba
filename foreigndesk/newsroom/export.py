"""Export of the whole archive as JSON Lines (the format is in docs/export-format.md).

The export is deterministic: records sorted by content, keys in a fixed order, times in UTC, so
that export → load into a fresh database → export gives the same bytes.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from foreigndesk.intake.models import Original, OriginalAuthor, Outlet

from .models import Credit, Translation
from .states import State

FORMAT_VERSION = 1
TRANSLATION = "translation"
ORIGINAL = "original"
TRANSLATION_STATES = {state.name.lower(): state for state in State}
ORIGINAL_STATES = {state.name.lower(): state for state in Original.State}
ALIGNMENT_ORIGINS = {choice.value for choice in Translation.AlignmentOrigin}


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
        "kind": translation.kind,
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
        "withdrawn_at": _time(translation.withdrawn_at),
        "withdrawal_reason": translation.withdrawal_reason,
        "corrections": [
            {"text": c.text, "published_at": _time(c.published_at), "block_index": c.block_index}
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
