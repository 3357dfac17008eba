"""The aligner's archive word tables: learned per language pair from the stored alignments of
the desk's published translations, kept in the database and read when the desk aligns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from foreigndesk.alignment import ArchiveTableError, WordTable

from .beads import check_beads
from .models import ArchiveWordTable, Translation

#: Stem pairs met in a single bead of the whole archive are dropped when the table is stored:
#: the aligner only reads pairs met at least twice (``Params.archive_min_count``).
MIN_STORED_COUNT = 2

#: Alignments worth learning from: computed, imported or corrected ones, not the block-by-block
#: guess made when nothing better was known.
LEARNED_ORIGINS = (
    Translation.AlignmentOrigin.COMPUTED,
    Translation.AlignmentOrigin.IMPORTED,
    Translation.AlignmentOrigin.MANUAL,
    Translation.AlignmentOrigin.SEGMENTS,
)


@dataclass(frozen=True)
class RefreshedTable:
    """What a refresh did for one language pair."""

    source_language: str
    target_language: str
    pairs: int
    beads: int
    size: int
    kept_old: bool  # nothing to learn from: the stored table was left as it was
    skipped: int  # translations whose stored alignment was malformed


def learn_archive_tables() -> tuple[dict[tuple[str, str], WordTable], dict[tuple[str, str], int]]:
    """Word tables per (source, target) language from the published translations' alignments,
    and per pair the number of translations skipped for a malformed alignment."""
    tables: dict[tuple[str, str], WordTable] = {}
    skipped: dict[tuple[str, str], int] = defaultdict(int)
    published = (
        Translation.objects.published()
        .filter(
            kind=Translation.Kind.TRANSLATION,
            original__isnull=False,
            alignment_origin__in=LEARNED_ORIGINS,
        )
        .select_related("original")
        .only("id", "blocks", "alignment", "language_id", "original__blocks", "original__language")
        .order_by("id")
    )
    for translation in published.iterator(chunk_size=200):
        original = translation.original
        assert original is not None
        key = (original.language_id, translation.language_id)
        if key[0] == key[1]:
            continue
        original_texts = [str(block.get("text", "")) for block in original.blocks or []]
        translation_texts = [str(block.get("text", "")) for block in translation.block_list]
        try:
            check_beads(translation.alignment, len(original_texts), len(translation_texts))
        except ValidationError:
            skipped[key] += 1
            continue
        table = tables.setdefault(key, WordTable())
        table.add_pair(
            original_texts,
            translation_texts,
            [(bead["original"], bead["translation"]) for bead in translation.bead_list],
        )
    return tables, dict(skipped)


def refresh_archive_tables() -> list[RefreshedTable]:
    """Learn every language pair's table again from the archive and store it, in one transaction.

    A pair with nothing to learn from (no published translation with a usable alignment, say
    after every one was withdrawn) keeps the table it had.
    """
    tables, skipped = learn_archive_tables()
    now = timezone.now()
    done: list[RefreshedTable] = []
    with transaction.atomic():
        for key in sorted(set(tables) | set(skipped)):
            source, target = key
            table = tables.get(key)
            if table is None or not table.beads:
                done.append(RefreshedTable(source, target, 0, 0, 0, True, skipped.get(key, 0)))
                continue
            stored = table.pruned(MIN_STORED_COUNT)
            ArchiveWordTable.objects.update_or_create(
                source_language_id=source,
                target_language_id=target,
                defaults={
                    "data": stored.to_bytes(),
                    "size": len(stored),
                    "pairs": stored.pairs,
                    "beads": stored.beads,
                    "refreshed_at": now,
                },
            )
            done.append(
                RefreshedTable(
                    source,
                    target,
                    stored.pairs,
                    stored.beads,
                    len(stored),
                    False,
                    skipped.get(key, 0),
                )
            )
    return done


#: Tables read and parsed in this process, by language pair, with the version of the row they
#: were parsed from: an alignment reads one small row to learn whether its table is still current
#: instead of parsing the whole table again (the worker aligns many translations of one pair).
_parsed: dict[tuple[str, str], tuple[tuple[object, ...], WordTable | None]] = {}


def archive_table_for(source_language: str | None, target_language: str | None) -> WordTable | None:
    """The stored word table of the language pair, or None (none yet, or unreadable)."""
    if not source_language or not target_language:
        return None
    rows = ArchiveWordTable.objects.filter(
        source_language_id=source_language, target_language_id=target_language
    )
    version = (
        rows.annotate(length=Length("data")).values_list("pk", "refreshed_at", "length").first()
    )
    key = (source_language, target_language)
    if version is None:
        _parsed.pop(key, None)
        return None
    cached = _parsed.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    data = rows.filter(pk=version[0]).values_list("data", flat=True).first()
    table: WordTable | None = None
    if data is not None:
        try:
            table = WordTable.from_bytes(bytes(data))
        except ArchiveTableError:
            table = None
    _parsed[key] = (version, table)
    return table


def forget_parsed_tables(**_: object) -> None:
    """Drop the tables parsed in this process (a table was written or deleted here)."""
    _parsed.clear()
