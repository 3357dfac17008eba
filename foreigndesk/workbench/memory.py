"""The translation memory: what the desk has translated before, offered again where the same or
a similar sentence comes up.

Entries come from three places: the reviewed segments of each published translation, the
published archive (its stored paragraph pairs, cut into sentences where both sides have as many),
and TMX files an editor imports. An entry is one source text and one target in one language
pair; the same source with the same target is stored once, wherever it came from again.

Fuzzy matches are found in two steps, so that a lookup never reads every entry: an index of a
few stemmed words per entry (``MemoryWord``: the longest, which are the rarest in practice)
gives the entries sharing most words with the segment, at most ``CANDIDATES`` of them, counted
and cut by the database; rapidfuzz then scores those few against the segment.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count
from django.utils import dateformat
from rapidfuzz import fuzz

from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import PUBLIC_STATES
from foreigndesk.search.analysis import has_cjk, is_stop_word, stem_words, words

from .models import MemoryEntry, MemoryWord, Segment
from .segments import current_segments, derive_segments

#: Index words stored per entry: enough to find a sentence again, few enough to keep the index
#: small (100,000 entries, some 800,000 rows).
INDEX_WORDS = 8
#: Entries scored by rapidfuzz for one lookup, the ones sharing most index words.
CANDIDATES = 100
#: Words of a segment looked up in the index (its longest), and entries each may vote for.
QUERY_WORDS = 16
WORD_POSTINGS = 2000
#: Below this similarity (in percent) a match is more distraction than help.
MIN_SIMILARITY = 60
#: Matches offered for one segment.
MAX_MATCHES = 5
#: Entries written per database round trip when many arrive at once (a TMX file, the archive).
BATCH = 500


def folded(text: str) -> str:
    """Text as matched: case folded, spacing collapsed."""
    return " ".join(text.casefold().split())


def source_key(text: str) -> str:
    """The SHA-256 of the folded text, by which exact matches are found."""
    return hashlib.sha256(folded(text).encode()).hexdigest()


def pair_code(source_language: str, target_language: str) -> str:
    """``ru>en``: the language pair as the word index stores it."""
    return f"{source_language}>{target_language}"


def _stems(text: str, language: str) -> list[str]:
    """The distinct stems of ``text`` worth indexing, at most 64 characters each: words of four
    letters or more (CJK bigrams too), which leaves out most function words of every language
    (the English stop words besides); a text of short words only keeps them all."""
    found = [w for w in words(text) if not is_stop_word(w)] or words(text)
    kept = [w for w in found if len(w) >= 4 or has_cjk(w)] or found
    return sorted({stem[:64] for stem in stem_words(kept, language) if stem})


def index_words(text: str, language: str) -> list[str]:
    """The few stems an entry is indexed under: its longest (the longest are the rarest)."""
    return sorted(_stems(text, language), key=lambda stem: (-len(stem), stem))[:INDEX_WORDS]


@dataclass(frozen=True)
class NewEntry:
    """A source and target to remember, with where they came from."""

    source_language: str
    target_language: str
    source: str
    target: str
    origin: str
    translation_id: int | None = None
    note: str = ""

    @property
    def identity(self) -> tuple[str, str, str, str]:
        return (self.source_language, self.target_language, source_key(self.source), self.target)


def _chunks(items: list[NewEntry], size: int) -> Iterator[list[NewEntry]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _known(items: list[NewEntry]) -> set[tuple[str, str, str, str]]:
    """The identities among ``items`` the memory holds already."""
    known: set[tuple[str, str, str, str]] = set()
    by_pair: dict[tuple[str, str], set[str]] = {}
    for item in items:
        by_pair.setdefault((item.source_language, item.target_language), set()).add(
            source_key(item.source)
        )
    for (source_language, target_language), keys in by_pair.items():
        ordered = sorted(keys)
        for start in range(0, len(ordered), BATCH):
            rows = MemoryEntry.objects.filter(
                source_language_id=source_language,
                target_language_id=target_language,
                source_key__in=ordered[start : start + BATCH],
            ).values_list("source_key", "target")
            known |= {(source_language, target_language, key, target) for key, target in rows}
    return known


def add_entries(items: Iterable[NewEntry]) -> int:
    """Store the entries the memory does not hold yet (the same source and target in the same
    pair count once), with their index words; returns how many were added."""
    fresh: dict[tuple[str, str, str, str], NewEntry] = {}
    for item in items:
        if item.source.strip() and item.target.strip():
            fresh.setdefault(item.identity, item)
    if not fresh:
        return 0
    known = _known(list(fresh.values()))
    new = [item for identity, item in fresh.items() if identity not in known]
    with transaction.atomic():
        for chunk in _chunks(new, BATCH):
            entries = MemoryEntry.objects.bulk_create(
                [
                    MemoryEntry(
                        source_language_id=item.source_language,
                        target_language_id=item.target_language,
                        source=item.source,
                        target=item.target,
                        source_key=source_key(item.source),
                        origin=item.origin,
                        translation_id=item.translation_id,
                        note=item.note[:300],
                    )
                    for item in chunk
                ]
            )
            MemoryWord.objects.bulk_create(
                [
                    MemoryWord(
                        entry_id=entry.pk,
                        pair=pair_code(item.source_language, item.target_language),
                        word=word,
                    )
                    for entry, item in zip(entries, chunk, strict=True)
                    for word in index_words(item.source, item.source_language)
                ],
                batch_size=BATCH * 4,
            )
    return len(new)


# --------------------------------------------------------------------------------------------
# Where entries come from: the desk's published work and the archive.


def _reviewed(translation: Translation) -> list[NewEntry]:
    segments, _ = current_segments(translation)
    assert translation.original is not None
    return [
        NewEntry(
            source_language=translation.original.language_id,
            target_language=translation.language_id,
            source=segment.source,
            target=segment.target,
            origin=MemoryEntry.Origin.DESK,
            translation_id=translation.pk,
        )
        for segment in segments
        if segment.state == Segment.State.REVIEWED
        and segment.sentences
        and segment.source.strip()
        and segment.target.strip()
    ]


@transaction.atomic
def remember_translation(*, translation_id: int) -> int:
    """Put a published translation's reviewed segments into the memory; returns how many
    entries were added. Run again (a republication, a correction) it adds only what changed,
    and drops this translation's entries whose segment is no longer in its text."""
    translation = Translation.objects.select_related("original").filter(pk=translation_id).first()
    if translation is None or translation.original is None:
        return 0
    if translation.state not in PUBLIC_STATES:
        return 0
    items = _reviewed(translation)
    current = {item.identity[2:] for item in items}
    stale = [
        pk
        for pk, key, target in MemoryEntry.objects.filter(
            translation_id=translation.pk, origin=MemoryEntry.Origin.DESK
        ).values_list("pk", "source_key", "target")
        if (key, target) not in current
    ]
    if stale:
        MemoryEntry.objects.filter(pk__in=stale).delete()
    return add_entries(items)


def archive_entries(translation: Translation) -> list[NewEntry]:
    """A published translation's pairs along its stored alignment: sentence against sentence
    where a paragraph and its translation have as many, else paragraph against paragraph."""
    if translation.original is None:
        return []
    return [
        NewEntry(
            source_language=translation.original.language_id,
            target_language=translation.language_id,
            source=segment.source,
            target=segment.target,
            origin=MemoryEntry.Origin.ARCHIVE,
            translation_id=translation.pk,
        )
        for segment in derive_segments(translation)
        if segment.sentences and segment.source.strip() and segment.target.strip()
    ]


@dataclass
class Seeded:
    """What a seeding of the memory from the archive did."""

    translations: int = 0
    added: int = 0


def seed_from_archive(*, translation_ids: Iterable[int] | None = None) -> Seeded:
    """Seed the memory with the published archive (or the given translations, when published);
    running it again adds nothing that is there already."""
    queryset = (
        Translation.objects.filter(state__in=PUBLIC_STATES, original__isnull=False)
        .select_related("original")
        .order_by("pk")
    )
    if translation_ids is not None:
        queryset = queryset.filter(pk__in=list(translation_ids))
    seeded = Seeded()
    for translation in queryset.iterator(chunk_size=200):
        with transaction.atomic():
            seeded.added += add_entries(archive_entries(translation))
        seeded.translations += 1
    return seeded


# --------------------------------------------------------------------------------------------
# Lookup.


@dataclass(frozen=True)
class Match:
    """A memory entry offered for a segment: how similar its source is, and where it is from."""

    entry_id: int
    source: str
    target: str
    similarity: int
    exact: bool
    where: str


def _where(entry: MemoryEntry) -> str:
    if entry.origin == MemoryEntry.Origin.TMX:
        return f"imported TMX file {entry.note}" if entry.note else "imported TMX file"
    translation = entry.translation
    if translation is not None:
        when = translation.published_at
        date = f", {dateformat.format(when, 'j F Y')}" if when else ""
        return f"“{translation.title}”{date}"
    return f"{entry.get_origin_display()}, {dateformat.format(entry.created_at, 'j F Y')}"


def candidate_ids(text: str, *, source_language: str, target_language: str) -> list[int]:
    """The entries sharing most index words with ``text``, at most ``CANDIDATES``, counted in
    the database.

    Each word votes for at most ``WORD_POSTINGS`` entries (the newest): a rare word, the kind
    that tells sentences apart, votes for every entry it indexes; a common one does not make
    the count read a large part of the index. The index on (pair, word, entry) answers each
    word's list without reading the table.
    """
    stems = sorted(_stems(text, source_language), key=lambda stem: (-len(stem), stem))
    stems = stems[:QUERY_WORDS]
    if not stems:
        return []
    table = connection.ops.quote_name(MemoryWord._meta.db_table)
    one_word = (
        f"SELECT entry_id FROM (SELECT entry_id FROM {table} WHERE pair = %s AND word = %s "
        "ORDER BY entry_id DESC LIMIT %s) AS postings"
    )
    sql = (
        "SELECT entry_id FROM ("
        + " UNION ALL ".join([one_word] * len(stems))
        + ") AS hits GROUP BY entry_id ORDER BY COUNT(*) DESC, entry_id DESC LIMIT %s"
    )
    pair = pair_code(source_language, target_language)
    params: list[object] = []
    for stem in stems:
        params += [pair, stem, WORD_POSTINGS]
    params.append(CANDIDATES)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def lookup(
    text: str, *, source_language: str, target_language: str, limit: int = MAX_MATCHES
) -> list[Match]:
    """Exact and fuzzy matches for ``text`` in one language pair, best first: exact ones (100%)
    before fuzzy ones, which are never shown as 100%; the same target is offered once."""
    wanted = folded(text)
    if not wanted:
        return []
    key = source_key(text)
    pair = {"source_language_id": source_language, "target_language_id": target_language}
    ids = set(
        MemoryEntry.objects.filter(**pair, source_key=key).values_list("pk", flat=True)[:limit]
    )
    ids |= set(
        candidate_ids(text, source_language=source_language, target_language=target_language)
    )
    if not ids:
        return []
    entries = (
        MemoryEntry.objects.filter(pk__in=ids)
        .select_related("translation")
        .only(
            "pk",
            "source",
            "target",
            "source_key",
            "origin",
            "note",
            "created_at",
            "translation__title",
            "translation__published_at",
        )
    )
    scored: list[tuple[bool, int, int, MemoryEntry]] = []
    for entry in entries:
        exact = entry.source_key == key
        similarity = 100 if exact else min(99, round(fuzz.ratio(wanted, folded(entry.source))))
        if similarity >= MIN_SIMILARITY:
            scored.append((exact, similarity, entry.pk, entry))
    scored.sort(key=lambda item: (item[0], item[1], item[2]), reverse=True)
    matches: list[Match] = []
    offered: set[str] = set()
    for exact, similarity, pk, entry in scored:
        if entry.target in offered:
            continue
        offered.add(entry.target)
        matches.append(Match(pk, entry.source, entry.target, similarity, exact, _where(entry)))
        if len(matches) == limit:
            break
    return matches


def match_target(entry_id: int, *, source_language: str, target_language: str) -> str | None:
    """The target of an entry of this language pair (None when there is no such entry)."""
    return (
        MemoryEntry.objects.filter(
            pk=entry_id, source_language_id=source_language, target_language_id=target_language
        )
        .values_list("target", flat=True)
        .first()
    )


# --------------------------------------------------------------------------------------------
# The memory at a glance.


@dataclass
class PairCount:
    """How many entries the memory holds in one language pair, and from where."""

    source_language: str
    target_language: str
    source_name: str
    target_name: str
    total: int = 0
    by_origin: dict[str, int] = field(default_factory=dict)


def pair_counts() -> list[PairCount]:
    """The memory's language pairs with their entries counted by origin (one query)."""
    rows = (
        MemoryEntry.objects.values(
            "source_language_id",
            "target_language_id",
            "source_language__name",
            "target_language__name",
            "origin",
        )
        .annotate(count=Count("id"))
        .order_by("source_language__name", "target_language__name", "origin")
    )
    pairs: dict[tuple[str, str], PairCount] = {}
    for row in rows:
        key = (row["source_language_id"], row["target_language_id"])
        found = pairs.setdefault(
            key,
            PairCount(key[0], key[1], row["source_language__name"], row["target_language__name"]),
        )
        found.by_origin[MemoryEntry.Origin(row["origin"]).label] = row["count"]
        found.total += row["count"]
    return list(pairs.values())
