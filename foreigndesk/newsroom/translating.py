"""The translating page's model: the original paragraph by paragraph, each pair with the
translation's paragraphs as fields to edit, along the stored pairs readers see; and the way back,
from the posted fields to blocks and pairs.

A *field* is one translation paragraph on the page, tied to the pair (row) it belongs to. An
original paragraph with no translation yet gets one empty field; a field left empty is no
paragraph. The fields of one pair become that pair's translation paragraphs, so a paragraph
added after another joins its pair, and hand-corrected pairs survive the edit.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from foreigndesk.core.blocks import KINDS, PARAGRAPH, Block

from .alignment_editor import current_beads
from .beads import StoredBead, check_beads, one_to_one
from .models import Comment, Translation
from .revisions import Segment, grouped, word_diff

#: The longest paragraph the page takes; longer text is almost surely a paste gone wrong.
MAX_PARAGRAPH_CHARS = 20_000
#: The most paragraphs one translation may have on the page.
MAX_FIELDS = 1_000


@dataclass(frozen=True)
class Field:
    """One translation paragraph as the page posts it: its pair, its kind, its text."""

    row: int
    kind: str
    text: str

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


@dataclass
class FieldView:
    """A field as the page shows it; ``position`` counts every field of the page from 0."""

    position: int
    kind: str
    text: str
    #: After a refused stale save: the person's own text for this place, where it differs.
    kept: list[str] = field(default_factory=list)
    #: Whether it may be taken off the page: an empty field its pair can do without.
    removable: bool = False

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def kept_diffs(self) -> list[tuple[str, list[Segment]]]:
        """Each kept text with what it changes in the saved one, word by word."""
        return [(text, grouped(word_diff(self.text, text))) for text in self.kept]


@dataclass
class Pair:
    """One pair of the page: original paragraphs, the translation's fields, open comments."""

    index: int
    original: list[Block]
    original_ids: list[int]
    fields: list[FieldView]
    #: The translation's paragraphs (0-based ids) as saved, for comments on this pair.
    block_ids: list[int]
    comments: list[Comment] = field(default_factory=list)
    moved: bool = False

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def original_numbers(self) -> str:
        """The original's paragraphs, numbered from 1 as editors count them: "3, 4"."""
        return ", ".join(str(i + 1) for i in self.original_ids)

    @property
    def kind(self) -> str:
        """``addition`` (not in the original), ``omission`` (not translated yet) or ``pair``."""
        if not self.original:
            return "addition"
        if not any(f.text.strip() for f in self.fields):
            return "omission"
        return "pair"


@dataclass
class TranslatingPage:
    """Everything the translating page shows of a translation's text."""

    translation: Translation
    pairs: list[Pair]
    #: False when the stored pairs no longer fit the texts: paragraphs are then shown in order.
    fits: bool
    #: Comments on paragraphs the translation no longer has.
    stray_comments: list[Comment] = field(default_factory=list)
    #: After a refused stale save: the person's text with no place on the page.
    kept_elsewhere: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list[FieldView]:
        return [f for pair in self.pairs for f in pair.fields]


def page_beads(translation: Translation) -> tuple[list[StoredBead], bool]:
    """The pairs the page edits along: those readers see, when they cover both texts exactly;
    else paragraph by paragraph in order (and False), so that no paragraph is left off."""
    o_blocks = translation.original.block_list if translation.original else []
    t_blocks = translation.block_list
    beads = current_beads(translation) if o_blocks else one_to_one(0, len(t_blocks))
    try:
        check_beads(beads, len(o_blocks), len(t_blocks))
    except ValidationError:
        return one_to_one(len(o_blocks), len(t_blocks)), False
    covered_o = sum(len(bead["original"]) for bead in beads)
    covered_t = sum(len(bead["translation"]) for bead in beads)
    if (covered_o, covered_t) != (len(o_blocks), len(t_blocks)):
        return one_to_one(len(o_blocks), len(t_blocks)), False
    return beads, True


def saved_fields(translation: Translation, beads: list[StoredBead]) -> list[Field]:
    """The fields of the text as saved: each pair's paragraphs, or one empty field for a pair
    with no translation yet (of the kind of its first original paragraph)."""
    o_blocks = translation.original.block_list if translation.original else []
    t_blocks = translation.block_list
    fields: list[Field] = []
    for row, bead in enumerate(beads):
        if bead["translation"]:
            fields += [
                Field(row, t_blocks[i]["kind"], t_blocks[i]["text"]) for i in bead["translation"]
            ]
        else:
            kind = o_blocks[bead["original"][0]]["kind"] if bead["original"] else PARAGRAPH
            fields.append(Field(row, kind, ""))
    return fields


def clean_paragraph(text: str) -> str:
    """A paragraph as stored: trimmed, its line breaks joined with a space (as in the admin)."""
    return re.sub(r"[ \t]*\r?\n\s*", " ", text.strip())


def check_fields(beads: list[StoredBead], fields: list[Field]) -> None:
    """Refuse posted fields that do not fit the pairs: a pair that does not exist, pairs out of
    order, an unknown kind, too many or too long paragraphs."""
    if len(fields) > MAX_FIELDS:
        raise ValidationError(f"A translation has at most {MAX_FIELDS:,} paragraphs here.")
    previous = 0
    for number, item in enumerate(fields, start=1):
        if not 0 <= item.row < len(beads):
            raise ValidationError(
                f"Paragraph {number} belongs to pair {item.row + 1}, which does not exist "
                f"(the text has {len(beads)}); reload the page."
            )
        if item.row < previous:
            raise ValidationError(f"Paragraph {number} is out of order; reload the page.")
        previous = item.row
        if item.kind not in KINDS:
            raise ValidationError(
                f"Paragraph {number} has an unknown kind “{item.kind}”: it can be a "
                "paragraph, a heading or a quotation."
            )
        if len(item.text) > MAX_PARAGRAPH_CHARS:
            raise ValidationError(
                f"Paragraph {number} is {len(item.text):,} characters long; a paragraph is at "
                f"most {MAX_PARAGRAPH_CHARS:,}. Split it, or check what was pasted."
            )


def text_from_fields(
    beads: list[StoredBead], fields: list[Field]
) -> tuple[list[Block], list[StoredBead]]:
    """The blocks the fields make (empty ones left out) and the pairs carried over to them:
    each pair keeps its original paragraphs and takes its fields' paragraphs."""
    check_fields(beads, fields)
    blocks: list[Block] = []
    by_row: dict[int, list[int]] = defaultdict(list)
    for item in fields:
        text = clean_paragraph(item.text)
        if text:
            by_row[item.row].append(len(blocks))
            blocks.append({"kind": item.kind, "text": text})  # type: ignore[typeddict-item]
    pairs: list[StoredBead] = []
    for row, bead in enumerate(beads):
        ids = by_row.get(row, [])
        if bead["original"] or ids:
            carried: StoredBead = {"original": list(bead["original"]), "translation": ids}
            if bead.get("moved"):
                carried["moved"] = True  # type: ignore[typeddict-unknown-key]
            pairs.append(carried)
    return blocks, pairs


def kept_beside(current: list[str], kept: list[str]) -> tuple[dict[int, list[str]], list[str]]:
    """Where to show each paragraph of a refused save beside the saved text: paragraphs are
    matched in order, and a kept one that differs goes beside the saved one it replaces (or
    after which it was added). Returns them by field position, and those with no place."""
    kept = [text for text in kept if text.strip()]
    beside: dict[int, list[str]] = defaultdict(list)
    if not current:
        return beside, kept
    matcher = difflib.SequenceMatcher(None, current, kept, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            continue
        for offset, j in enumerate(range(j1, j2)):
            position = min(i1 + offset, i2 - 1) if i2 > i1 else max(i1 - 1, 0)
            beside[position].append(kept[j])
    return beside, []


def translating_page(
    translation: Translation,
    *,
    fields: list[Field] | None = None,
    kept: list[Field] | None = None,
    comments: list[Comment] | None = None,
) -> TranslatingPage:
    """The pairs of the page: the saved text, or ``fields`` as posted (to show them again), and
    after a refused stale save the person's own text (``kept``) beside the saved one."""
    beads, fits = page_beads(translation)
    o_blocks = translation.original.block_list if translation.original else []
    posted = fields if fields is not None else saved_fields(translation, beads)
    # Every pair with original paragraphs keeps at least one field, empty if need be.
    posted_by_row: dict[int, list[Field]] = defaultdict(list)
    for item in posted:
        posted_by_row[item.row].append(item)
    shown: list[Field] = []
    for row, bead in enumerate(beads):
        own = posted_by_row.get(row, [])
        if not own and bead["original"]:
            own = [Field(row, o_blocks[bead["original"][0]]["kind"], "")]
        shown += own
    beside, elsewhere = kept_beside(
        [item.text for item in shown], [item.text for item in kept or []]
    )
    by_row: dict[int, list[FieldView]] = defaultdict(list)
    for position, item in enumerate(shown):
        by_row[item.row].append(
            FieldView(position=position, kind=item.kind, text=item.text, kept=beside[position])
        )
    for row, views in by_row.items():
        for view in views:
            view.removable = not view.text.strip() and (
                len(views) > 1 or not beads[row]["original"]
            )
    row_of_block = {i: row for row, bead in enumerate(beads) for i in bead["translation"]}
    by_block: dict[int, list[Comment]] = defaultdict(list)
    stray: list[Comment] = []
    for comment in comments or []:
        if comment.block_index is not None and comment.block_index in row_of_block:
            by_block[row_of_block[comment.block_index]].append(comment)
        elif comment.block_index is not None:
            stray.append(comment)
    pairs = []
    for row, bead in enumerate(beads):
        views = by_row.get(row, [])
        if not bead["original"] and not views:
            continue
        pairs.append(
            Pair(
                index=row,
                original=[o_blocks[i] for i in bead["original"]],
                original_ids=list(bead["original"]),
                fields=views,
                block_ids=list(bead["translation"]),
                comments=by_block.get(row, []),
                moved=bool(bead.get("moved")),
            )
        )
    return TranslatingPage(
        translation=translation,
        pairs=pairs,
        fits=fits,
        stray_comments=stray,
        kept_elsewhere=elsewhere,
    )
