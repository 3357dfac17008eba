"""Reads of translations for the desk and the faces above: the published archive as vectors,
suggested topics, revisions and what they changed."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Count, Max, Q, QuerySet

from foreigndesk.core.blocks import blocks_plain_text
from foreigndesk.core.cache import page_generation

from .models import AuditEvent, Comment, Revision, Topic, Translation
from .revisions import BlockChange, Segment, compare_blocks, grouped, word_diff, words_changed
from .similarity import Archive, Profile


def _profile(row: dict, topics: frozenset[int]) -> Profile:
    return Profile(
        key=row["id"],
        text="\n".join(
            [row["title"], row["title"], row["standfirst"], blocks_plain_text(row["blocks"] or [])]
        ),
        original_title=row["original__title"] or "",
        topics=topics,
        country=row["original__outlet__country_id"] or "",
        outlet=row["original__outlet_id"],
    )


def load_archive(*, extra: Translation | None = None) -> Archive:
    """The published archive as vectors (optionally with one more, unpublished, article)."""
    published = Translation.objects.published()
    rows = list(
        published.values(
            "id",
            "title",
            "standfirst",
            "blocks",
            "original__title",
            "original__outlet_id",
            "original__outlet__country_id",
        ).order_by("id")
    )
    topics: dict[int, set[int]] = defaultdict(set)
    for translation_id, topic_id in Translation.topics.through.objects.filter(
        translation__in=published
    ).values_list("translation_id", "topic_id"):
        topics[translation_id].add(topic_id)
    return Archive([_profile(row, frozenset(topics[row["id"]])) for row in rows])


# The published archive as vectors, kept by each process until it may have changed (the page
# generation moved, or the published articles' number or latest edit did): vectorising it takes
# seconds on a large archive, and editors open one translation after another.
_archive: tuple[tuple[Any, ...], Archive] | None = None
_archive_lock = threading.Lock()


def published_archive() -> Archive:
    """The vectors of the published archive, rebuilt only when it may have changed."""
    global _archive
    state = Translation.objects.published().aggregate(count=Count("id"), latest=Max("updated_at"))
    key = (page_generation(), state["count"], state["latest"])
    with _archive_lock:
        if _archive is None or _archive[0] != key:
            _archive = (key, load_archive())
        return _archive[1]


def profile_of(translation: Translation) -> Profile:
    """A similarity profile for one translation, published or not."""
    original = translation.original
    outlet = original.outlet if original else None
    return Profile(
        key=translation.pk,
        text="\n".join(
            [
                translation.title,
                translation.title,
                translation.standfirst,
                blocks_plain_text(translation.block_list),
            ]
        ),
        original_title=original.title if original else "",
        topics=frozenset(translation.topics.values_list("id", flat=True)),
        country=(outlet.country_id or "") if outlet else "",
        outlet=outlet.pk if outlet else None,
    )


def suggested_topics(translation: Translation, *, limit: int = 3) -> list[Topic]:
    """The likeliest topics for a translation, voted by its nearest already-labelled articles.

    Topics the translation already has are left out: these are suggestions for what to add.
    """
    archive = published_archive()
    votes = archive.suggest_topics(profile_of(translation))
    current = set(translation.topics.values_list("id", flat=True))
    wanted = [topic_id for topic_id, _ in votes if topic_id not in current][:limit]
    topics = Topic.objects.in_bulk(wanted)
    return [topics[topic_id] for topic_id in wanted if topic_id in topics]


def audit_trail(translation: Translation) -> QuerySet[AuditEvent]:
    """Everything done to a translation, and to its original before and since, oldest first."""
    about = Q(translation=translation)
    if translation.original_id:
        about |= Q(original_id=translation.original_id, translation__isnull=True)
    return AuditEvent.objects.filter(about).select_related("actor").order_by("created_at", "id")


def revision_history(translation: Translation) -> QuerySet[Revision]:
    """A translation's stored revisions, newest first."""
    return Revision.objects.filter(translation=translation).order_by("-number")


def open_comments(translation: Translation) -> QuerySet[Comment]:
    """The comments on a translation not yet resolved, oldest first."""
    return Comment.objects.filter(translation=translation, resolved_at__isnull=True)


class Text(Protocol):
    """What a revision and a translation both hold: the text one save leaves."""

    title: str
    standfirst: str
    editor_note: str
    blocks: Any


def _plain(text: Text) -> str:
    return "\n".join(
        [text.title, text.standfirst, text.editor_note, *(b["text"] for b in text.blocks or [])]
    )


@dataclass
class RevisionSummary:
    """One revision in the history, with the words it added and removed since the one before
    (none for the oldest stored: there is nothing to compare it with)."""

    revision: Revision
    previous: int | None
    added: int
    removed: int


def revision_summaries(translation: Translation) -> list[RevisionSummary]:
    """The stored revisions, newest first, each with what it changed in words."""
    revisions = list(revision_history(translation).select_related("author"))
    summaries = []
    olders: list[Revision | None] = [*revisions[1:], None]
    for newer, older in zip(revisions, olders, strict=False):
        added, removed = words_changed(_plain(older), _plain(newer)) if older else (0, 0)
        summaries.append(
            RevisionSummary(
                revision=newer,
                previous=older.number if older else None,
                added=added,
                removed=removed,
            )
        )
    return summaries


@dataclass
class Comparison:
    """Two versions of a translation's text compared: each part word by word, the body block
    by block."""

    title: list[Segment]
    standfirst: list[Segment]
    editor_note: list[Segment]
    blocks: list[BlockChange]
    added: int
    removed: int

    @property
    def unchanged(self) -> bool:
        return (
            self.added == 0
            and self.removed == 0
            and all(change.status == "same" for change in self.blocks)
        )


def compare_texts(old: Text, new: Text) -> Comparison:
    """What changed from ``old`` to ``new`` (revisions, or a translation as it stands now)."""
    added, removed = words_changed(_plain(old), _plain(new))
    return Comparison(
        title=grouped(word_diff(old.title, new.title)),
        standfirst=grouped(word_diff(old.standfirst, new.standfirst)),
        editor_note=grouped(word_diff(old.editor_note, new.editor_note)),
        blocks=compare_blocks(list(old.blocks or []), list(new.blocks or [])),
        added=added,
        removed=removed,
    )
