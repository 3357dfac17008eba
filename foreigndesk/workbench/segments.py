"""Segments: the original cut into sentences, each with its translation beside it.

A translation's segments follow its original paragraph by paragraph. They are derived from the
texts (the original's sentences by the project's segmenter; the translation's paragraphs along
the stored pairs) and kept as rows once someone saves one; the translation's paragraphs are then
assembled from them at every save, so that the published text is the segments' text.

Press translation is not sentence for sentence: two source sentences may become one
(``merge``), a merged segment may be cut again at its sentences (``split``), one source sentence
may become two (the target simply holds two sentences), and a blank line in a target starts a
new paragraph of the translation. A segment with no source sentence (``sentences == 0``) holds
text the translation adds, such as a translator's note, as a paragraph of its own.

Staleness is per segment: every save raises its ``version``, and a save made from an older one is
refused, so two people can work on different sentences of one article at once. Merges and splits
change what a position means: a form carries the segment's ``key`` (its place and source), and a
save whose key no longer matches is refused too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from foreigndesk.alignment.segment import split_sentences
from foreigndesk.core.blocks import Block
from foreigndesk.newsroom.beads import StoredBead
from foreigndesk.newsroom.editing import may_edit, save_translation_text
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.translating import page_beads
from foreigndesk.newsroom.workflow import NotAllowed, WorkflowError

from .models import Segment

#: The longest target one segment takes; longer text is almost surely a paste gone wrong.
MAX_SEGMENT_CHARS = 20_000
#: Languages written without spaces between sentences.
_UNSPACED = {"ja", "zh", "yue", "th", "lo", "km", "my"}
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_SPACE_RE = re.compile(r"\s+")
#: A state's rank: a merged segment is as far along as the least advanced of its parts.
_RANK = {
    Segment.State.EMPTY: 0,
    Segment.State.DRAFT: 1,
    Segment.State.TRANSLATED: 2,
    Segment.State.REVIEWED: 3,
}


class StaleSegment(WorkflowError):
    """The segment changed after the page was shown; nothing was saved."""

    kind = "conflict"

    def __init__(self, message: str, *, current: Segment | None = None) -> None:
        super().__init__(message, code="stale")
        self.current = current


def joiner(language: str | None) -> str:
    """What goes between two sentences of a paragraph in ``language``."""
    base = (language or "").split("-")[0].lower()
    return "" if base in _UNSPACED else " "


def _folded(text: str) -> str:
    """Text compared without its spacing (sentences joined back may differ in spaces only)."""
    return _SPACE_RE.sub("", text)


def key_of(segment: Segment) -> str:
    """What a form says about the segment it edits: its place and its source, hashed."""
    basis = f"{segment.position}\x1f{segment.block_index}\x1f{segment.spans}\x1f{segment.source}"
    return hashlib.sha256(basis.encode()).hexdigest()[:16]


def clean_target(text: str) -> str:
    """A target as stored: trimmed; lines joined with a space, blank lines (new paragraphs) kept
    as one blank line."""
    paragraphs = [
        re.sub(r"[ \t]*\r?\n\s*", " ", part.strip()) for part in _PARAGRAPH_BREAK_RE.split(text)
    ]
    return "\n\n".join(part for part in paragraphs if part)


def _sentences(text: str, language: str | None) -> list[str]:
    return split_sentences(text, language) or ([text] if text.strip() else [])


@dataclass
class Assembled:
    """The translation's text as the segments make it."""

    blocks: list[Block]
    pairs: list[StoredBead]


def assemble(segments: list[Segment], language: str | None) -> Assembled:
    """The translation's paragraphs and their pairs with the original, from the segments.

    The targets of one original paragraph's segments make one paragraph (or several, where a
    target holds a blank line); a segment with no source is a paragraph of its own.
    """
    glue = joiner(language)
    blocks: list[Block] = []
    pairs: list[StoredBead] = []
    index = 0
    while index < len(segments):
        first = segments[index]
        group = [first]
        index += 1
        if first.sentences:
            while (
                index < len(segments)
                and segments[index].sentences
                and segments[index].block_index == first.block_index
            ):
                group.append(segments[index])
                index += 1
        text = glue.join(s.target.strip() for s in group if s.target.strip())
        ids: list[int] = []
        for paragraph in _PARAGRAPH_BREAK_RE.split(text):
            paragraph = _SPACE_RE.sub(" ", paragraph).strip()
            if paragraph:
                ids.append(len(blocks))
                blocks.append({"kind": first.kind, "text": paragraph})  # type: ignore[typeddict-item]
        if first.sentences:
            spans = max(s.spans for s in group)
            original = list(range(first.block_index, first.block_index + spans))
        else:
            original = []
        if original or ids:
            pairs.append({"original": original, "translation": ids})
    return Assembled(blocks, pairs)


def derive_segments(translation: Translation) -> list[Segment]:
    """Segments made afresh from the texts (not saved): each original paragraph cut into its
    sentences, with the translation's paragraphs put beside them along the stored pairs.

    A translated paragraph with as many sentences as its original is shared out sentence by
    sentence; otherwise it stays whole beside its original paragraph's sentences, merged.
    """
    original = translation.original
    if original is None:
        return []
    source_language = original.language_id
    target_language = translation.language_id
    o_blocks = original.block_list
    t_blocks = translation.block_list
    beads, _fits = page_beads(translation)
    segments: list[Segment] = []
    last_block = 0

    def add(**fields: Any) -> None:
        segments.append(Segment(translation=translation, position=len(segments), **fields))

    for bead in beads:
        o_ids, t_ids = list(bead["original"]), list(bead["translation"])
        if not o_ids:
            for i in t_ids:
                add(
                    block_index=last_block,
                    kind=t_blocks[i]["kind"],
                    source="",
                    sentences=0,
                    target=t_blocks[i]["text"],
                    state=Segment.State.TRANSLATED,
                )
            continue
        first = o_ids[0]
        last_block = o_ids[-1]
        kind = t_blocks[t_ids[0]]["kind"] if t_ids else o_blocks[first]["kind"]
        target = "\n\n".join(t_blocks[i]["text"] for i in t_ids)
        sources = [s for i in o_ids for s in _sentences(o_blocks[i]["text"], source_language)]
        if not sources:
            sources = [""]
        if len(o_ids) > 1:
            # The translation joined paragraphs of the original: one segment covers them all.
            add(
                block_index=first,
                spans=len(o_ids),
                kind=kind,
                source="\n\n".join(o_blocks[i]["text"] for i in o_ids),
                sentences=len(sources),
                target=target,
                state=Segment.State.TRANSLATED if target else Segment.State.EMPTY,
            )
            continue
        targets = _sentences(target, target_language) if len(t_ids) == 1 else []
        if not target or len(targets) == len(sources):
            for n, source in enumerate(sources):
                text = targets[n] if target else ""
                add(
                    block_index=first,
                    kind=kind,
                    source=source,
                    target=text,
                    state=Segment.State.TRANSLATED if text else Segment.State.EMPTY,
                )
        else:
            add(
                block_index=first,
                kind=kind,
                source=joiner(source_language).join(sources),
                sentences=len(sources),
                target=target,
                state=Segment.State.TRANSLATED,
            )
    return segments


def _fits(segments: list[Segment], translation: Translation) -> bool:
    """Whether saved segments still make the translation's text and cover its original."""
    if not segments or translation.original is None:
        return False
    o_blocks = translation.original.block_list
    made = assemble(segments, translation.language_id)
    if [(b["kind"], b["text"]) for b in made.blocks] != [
        (b["kind"], b["text"]) for b in translation.block_list
    ]:
        return False
    covered: list[str] = []
    for pair in made.pairs:
        covered += [o_blocks[i]["text"] for i in pair["original"] if i < len(o_blocks)]
    sources: dict[tuple[int, int], list[str]] = {}
    for segment in segments:
        if segment.sentences:
            sources.setdefault((segment.block_index, segment.spans), []).append(segment.source)
    return _folded("".join(covered)) == _folded(
        "".join("".join(parts) for parts in sources.values())
    ) and [o for p in made.pairs for o in p["original"]] == list(range(len(o_blocks)))


def _carried(fresh: list[Segment], saved: list[Segment]) -> list[Segment]:
    """Fresh segments keep the state, origin and author of a saved one with the same texts."""
    by_texts = {(s.source, s.target): s for s in saved}
    for segment in fresh:
        old = by_texts.get((segment.source, segment.target))
        if old is not None:
            segment.state, segment.origin, segment.updated_by_id = (
                old.state,
                old.origin,
                old.updated_by_id,
            )
    return fresh


def current_segments(translation: Translation) -> tuple[list[Segment], bool]:
    """The translation's segments and whether they are the saved rows.

    Saved segments are used while they make the translation's text; once the text was changed
    elsewhere (the paragraph page, a restored revision) they are derived again, keeping what is
    known of segments whose texts did not change.
    """
    saved = list(translation.segments.order_by("position"))
    if _fits(saved, translation):
        return saved, True
    return _carried(derive_segments(translation), saved), False


def _replace_rows(translation: Translation, segments: list[Segment]) -> list[Segment]:
    translation.segments.all().delete()
    for segment in segments:
        segment.pk = None
        segment.version = 1
    return Segment.objects.bulk_create(segments)


@dataclass
class Saved:
    """What a segment save did: the segment as saved, the translation's revision after it."""

    segment: Segment
    revision: int
    changed: bool


def _locked(actor: Any, translation: Translation) -> Translation:
    locked = (
        Translation.objects.select_for_update(of=("self",))
        .select_related("original", "language")
        .get(pk=translation.pk)
    )
    if locked.original is None:
        raise WorkflowError(f"“{locked.title}” has no original to translate from.")
    if not may_edit(actor, locked):
        raise NotAllowed(f"You may not change the text of “{locked.title}” now.")
    return locked


def _rows(locked: Translation, expected_revision: int | None) -> tuple[list[Segment], bool]:
    """The segments a save works on, saved as rows (re-derived ones replace the old rows, unless
    the text changed since the page was shown: then the save is stale)."""
    segments, persisted = current_segments(locked)
    if not persisted:
        if expected_revision is not None and expected_revision != locked.revision:
            raise StaleSegment(
                f"“{locked.title}” was changed elsewhere (revision {locked.revision}) after you "
                "opened this page: nothing was saved. Your text is kept below; reload to see "
                "the current one."
            )
        segments = _replace_rows(locked, segments)
    return segments, persisted


def _segment_at(segments: list[Segment], position: int, key: str, version: int) -> Segment:
    if not 0 <= position < len(segments) or key_of(segments[position]) != key:
        raise StaleSegment(
            "The segments of this article were merged or split after you opened the page: "
            "nothing was saved. Your text is kept below; reload to see them as they are now."
        )
    segment = segments[position]
    if segment.version != version:
        who = segment.updated_by.get_username() if segment.updated_by else "someone"
        raise StaleSegment(
            f"{who} saved segment {position + 1} after you opened the page: nothing was saved. "
            "Your text is kept below the saved one; merge them and save again.",
            current=segment,
        )
    return segment


def _store_text(actor: Any, locked: Translation, segments: list[Segment]) -> Translation:
    made = assemble(segments, locked.language_id)
    return save_translation_text(
        actor=actor,
        translation=locked,
        expected_revision=locked.revision,
        blocks=[dict(block) for block in made.blocks],
        alignment=made.pairs,
        pairs_known=True,
    )


@transaction.atomic
def keep_segments(*, actor: Any, translation: Translation, expected_revision: int | None) -> None:
    """Save the segments as rows (before something fills them outside a segment save), unless
    the text changed since the page was shown."""
    _rows(_locked(actor, translation), expected_revision)


@transaction.atomic
def store_segments_text(*, actor: Any, translation: Translation) -> Translation:
    """The translation's text assembled anew from its saved segments (after they were filled
    by something other than a segment save: a machine draft)."""
    locked = _locked(actor, translation)
    return _store_text(actor, locked, list(locked.segments.order_by("position")))


def _new_state(actor: Any, segment: Segment, target: str, step: str) -> str:
    if not target:
        if step in ("confirm", "review"):
            raise WorkflowError(f"Segment {segment.position + 1} is empty: nothing to confirm.")
        return Segment.State.EMPTY
    if step == "review":
        if not actor.has_perm("newsroom.review_translation"):
            raise NotAllowed("Only an editor marks a segment reviewed.")
        return Segment.State.REVIEWED
    if step == "confirm":
        return Segment.State.TRANSLATED
    if step == "draft":
        return Segment.State.DRAFT
    raise WorkflowError(
        f"Unknown step “{step}”: a segment is saved as a draft, confirmed or reviewed."
    )


@transaction.atomic
def save_segment(
    *,
    actor: Any,
    translation: Translation,
    position: int,
    key: str,
    version: int,
    target: str,
    step: str = "draft",
    origin: str = Segment.Origin.HUMAN,
    expected_revision: int | None = None,
) -> Saved:
    """Save one segment's target as a draft, confirmed (``translated``) or ``reviewed`` (an
    editor's step), then the translation's text assembled from all segments (a revision).

    ``origin`` says where an unchanged suggestion came from (memory, machine); a target the
    person changed is theirs.
    """
    if len(target) > MAX_SEGMENT_CHARS:
        raise ValidationError(
            f"Segment {position + 1} is {len(target):,} characters long; a segment is at most "
            f"{MAX_SEGMENT_CHARS:,}. Check what was pasted."
        )
    if origin not in Segment.Origin.values:
        raise ValidationError(f"Unknown origin “{origin}”.")
    locked = _locked(actor, translation)
    segments, _ = _rows(locked, expected_revision)
    segment = _segment_at(segments, position, key, version)
    text = clean_target(target)
    state = _new_state(actor, segment, text, step)
    if text == segment.target and state == segment.state:
        return Saved(segment, locked.revision, changed=False)
    if text != segment.target:
        segment.origin = origin
    segment.target, segment.state = text, state
    segment.version += 1
    segment.updated_by = actor
    segment.save(update_fields=["target", "state", "origin", "version", "updated_by", "updated_at"])
    saved = _store_text(actor, locked, segments)
    return Saved(segment, saved.revision, changed=True)


def _shift(translation: Translation, after: int, by: int) -> None:
    """Move the positions of the segments after ``after`` by ``by``, through a range no
    segment uses, so that the unique positions never collide on the way."""
    rows = Segment.objects.filter(translation=translation, position__gt=after)
    rows.update(position=F("position") + 1_000_000)
    Segment.objects.filter(translation=translation, position__gt=1_000_000 + after).update(
        position=F("position") - 1_000_000 + by
    )


@transaction.atomic
def merge_segments(
    *,
    actor: Any,
    translation: Translation,
    position: int,
    key: str,
    version: int,
    expected_revision: int | None = None,
) -> Segment:
    """Merge the segment at ``position`` with the next one of the same paragraph: one target
    for two source sentences."""
    locked = _locked(actor, translation)
    segments, _ = _rows(locked, expected_revision)
    segment = _segment_at(segments, position, key, version)
    following = segments[position + 1] if position + 1 < len(segments) else None
    if (
        following is None
        or not segment.sentences
        or not following.sentences
        or following.block_index != segment.block_index
    ):
        raise WorkflowError(
            f"Segment {position + 1} is the last of its paragraph: only sentences of one "
            "paragraph can be merged."
        )
    source_glue = joiner(locked.original.language_id if locked.original else None)
    segment.source = source_glue.join([segment.source, following.source])
    segment.sentences += following.sentences
    segment.target = joiner(locked.language_id).join(
        t for t in (segment.target, following.target) if t
    )
    lower = min(_RANK[Segment.State(segment.state)], _RANK[Segment.State(following.state)])
    segment.state = (
        Segment.State.DRAFT
        if segment.target and lower == 0
        else next(s for s, r in _RANK.items() if r == lower)
    )
    if following.origin != segment.origin:
        segment.origin = Segment.Origin.HUMAN
    segment.version += 1
    segment.updated_by = actor
    following.delete()
    segment.save()
    _shift(locked, position + 1, -1)
    segments = list(locked.segments.order_by("position"))
    _store_text(actor, locked, segments)
    return segment


@transaction.atomic
def split_segment(
    *,
    actor: Any,
    translation: Translation,
    position: int,
    key: str,
    version: int,
    expected_revision: int | None = None,
) -> list[Segment]:
    """Cut a merged segment back into its sentences. Its target is shared out sentence by
    sentence when it has as many; else it stays with the first, the others left empty."""
    locked = _locked(actor, translation)
    segments, _ = _rows(locked, expected_revision)
    segment = _segment_at(segments, position, key, version)
    source_language = locked.original.language_id if locked.original else None
    if segment.spans > 1:
        sources = [part for part in _PARAGRAPH_BREAK_RE.split(segment.source) if part.strip()]
    else:
        sources = _sentences(segment.source, source_language)
    if segment.sentences <= 1 or len(sources) <= 1:
        raise WorkflowError(
            f"Segment {position + 1} is one sentence: to make two sentences of it, write them "
            "in its translation."
        )
    targets = _sentences(segment.target, locked.language_id) if segment.target else []
    if len(targets) != len(sources):
        targets = [segment.target] + [""] * (len(sources) - 1)
    _shift(locked, position, len(sources) - 1)
    pieces: list[Segment] = []
    for n, (source, target) in enumerate(zip(sources, targets, strict=True)):
        if segment.spans > 1:
            block_index, count = segment.block_index + n, len(_sentences(source, source_language))
        else:
            block_index, count = segment.block_index, 1
        state = segment.state if target else Segment.State.EMPTY
        pieces.append(
            Segment(
                translation=locked,
                position=position + n,
                block_index=block_index,
                kind=segment.kind,
                source=source,
                sentences=max(count, 1),
                target=target,
                state=state,
                origin=segment.origin,
                version=segment.version + 1,
                updated_by=actor,
            )
        )
    segment.delete()
    Segment.objects.bulk_create(pieces)
    _store_text(actor, locked, list(locked.segments.order_by("position")))
    return pieces


def segment_counts(segments: list[Segment]) -> dict[str, int]:
    """How many segments (with a source) are in each state, for the page's progress line."""
    counts = dict.fromkeys(Segment.State.values, 0)
    for segment in segments:
        if segment.sentences:
            counts[segment.state] += 1
    return counts


def empty_rows(segments: list[Segment]) -> list[Segment]:
    """Segments with a source and no target yet."""
    return [s for s in segments if s.sentences and not s.target.strip()]
