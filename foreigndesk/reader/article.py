"""Everything the article page shows, assembled once from a translation and its prefetched parts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from foreigndesk.core.links import path_for
from foreigndesk.newsroom.beads import one_to_one
from foreigndesk.newsroom.models import Correction, Credit, Translation

from .phrases import Credits, Dateline

DATE_FORMAT = "j F Y"


@dataclass(frozen=True)
class PageBlock:
    """A block as the page shows it: on the translation's side with its position (the anchor
    ``#block-N`` and corrections point at it) and the corrections naming it."""

    kind: str
    text: str
    index: int | None = None
    corrections: tuple[Correction, ...] = ()


_MARK = '<a class="correction-mark" href="#correction-{}" lang="en" dir="ltr">Corrected</a>'


def block_html(block: PageBlock, heading_level: int) -> str:
    """A block's markup: a heading at ``heading_level``, a quotation or a paragraph, with its
    anchor on the translation's side and a mark linking to its first correction.

    Written here rather than in a template included per block: an article has dozens of blocks
    on each side, and an include per block was most of the page's template time."""
    correction = block.corrections[0] if block.corrections else None
    mark = _MARK.format(int(correction.pk)) if correction else ""
    corrected = " block--corrected" if correction else ""
    anchor = f' id="block-{int(block.index)}"' if block.index is not None else ""
    text = conditional_escape(block.text)
    if block.kind == "heading":
        level = int(heading_level)
        tail = f" {mark}" if mark else ""
        return f'<h{level} class="block block--heading{corrected}"{anchor}>{text}{tail}</h{level}>'
    head = f"{mark} " if mark else ""
    if block.kind == "quotation":
        return (
            f'<blockquote class="block block--quotation{corrected}"{anchor}>'
            f"<p>{head}{text}</p></blockquote>"
        )
    return f'<p class="block{corrected}"{anchor}>{head}{text}</p>'


@dataclass
class Row:
    """One bead of the alignment as the page shows it: blocks on each side, or a marked gap."""

    index: int
    translation: list[PageBlock]
    original: list[PageBlock]
    moved: bool = False

    @property
    def is_omission(self) -> bool:
        return bool(self.original) and not self.translation

    @property
    def is_addition(self) -> bool:
        return bool(self.translation) and not self.original

    @property
    def translation_html(self) -> SafeString:
        """The row's translation blocks; headings are the page's second level."""
        return mark_safe("\n".join(block_html(block, 2) for block in self.translation))

    @property
    def original_html(self) -> SafeString:
        """The row's original blocks; headings sit under the original's title (third level)."""
        return mark_safe("\n".join(block_html(block, 3) for block in self.original))

    @property
    def translation_number(self) -> int | None:
        """The place (from 1) of the row's first translation paragraph in the translation."""
        return min(block.index for block in self.translation) + 1 if self.translation else None


@dataclass
class ArticlePage:
    """The article page's content in reading order."""

    translation: Translation
    dateline: Dateline
    credits: Credits
    translators: list[str]
    editors: list[str]
    rows: list[Row] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    def _linked(self, parts: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
        return [(role, text, self.links.get(f"{role}:{text}", "")) for role, text in parts]

    @property
    def dateline_parts(self) -> list[tuple[str, str, str]]:
        """(role, text, link) for the dateline; authors link to their listing."""
        return self._linked(self.dateline.parts())

    @property
    def credit_parts(self) -> list[tuple[str, str, str]]:
        """(role, text, link) for the credits; people link to their public profile."""
        return self._linked(self.credits.parts())

    @property
    def original(self) -> Any:
        return self.translation.original

    @property
    def has_original_text(self) -> bool:
        return bool(self.original and self.original.blocks)

    @property
    def omissions(self) -> int:
        return sum(row.is_omission for row in self.rows)

    @property
    def additions(self) -> int:
        return sum(row.is_addition for row in self.rows)

    @property
    def moves(self) -> int:
        return sum(row.moved for row in self.rows)

    @property
    def translation_column(self) -> SafeString:
        """The translation's beads, written (:func:`translation_column`)."""
        return translation_column(self.translation_rows)

    @property
    def original_column(self) -> SafeString:
        """The original's beads, written (:func:`original_column`)."""
        return original_column(self.rows)

    @property
    def translation_rows(self) -> list[Row]:
        """The rows in the translation's own reading order.

        Rows follow the original, so a paragraph the translator moved sits beside its original;
        the translation column is written in its own order (a row without translation stays
        after the row before it) and side by side places each row by its index.
        """
        keyed: list[tuple[int, int, Row]] = []
        place = -1
        for order, row in enumerate(self.rows):
            if row.translation_number is not None:
                place = row.translation_number
            keyed.append((place, order, row))
        return [row for _place, _order, row in sorted(keyed, key=lambda k: (k[0], k[1]))]


_ENGLISH = ' lang="en" dir="ltr"'


@dataclass(frozen=True)
class _Column:
    """What one side's column says of its beads: the anchor's letter, the label of a gap, of
    a bead the other side lacks (with its class) and of a moved bead."""

    anchor: str
    gap: str
    lone_class: str
    lone: str
    moved: str


_TRANSLATION_COLUMN = _Column(
    anchor="t",
    gap='<p class="bead__label">Not translated</p>',
    lone_class=" bead--addition",
    lone='<p class="bead__label">Translator\'s addition: not in the original</p>',
    moved=f'<p class="bead__label bead__label--moved"{_ENGLISH}>Moved by the translator: ',
)
_ORIGINAL_COLUMN = _Column(
    anchor="o",
    gap=f'<p class="bead__label"{_ENGLISH}>No counterpart in the original</p>',
    lone_class=" bead--omission",
    lone=f'<p class="bead__label"{_ENGLISH}>Not translated: left out of the translation</p>',
    moved=f'<p class="bead__label bead__label--moved"{_ENGLISH}>Translated elsewhere: ',
)


def _column(rows: list[Row], column: _Column, *, translation_side: bool) -> SafeString:
    """One side's beads: each with its blocks and the labels of a lone or moved bead, or a gap
    where only the other side has blocks.

    Written here rather than looped over in the template, as the blocks are (``block_html``):
    a long article has a hundred beads, and the template's lookups were most of its time."""
    beads = []
    for row in rows:
        index = int(row.index)
        if not (row.translation if translation_side else row.original):
            beads.append(
                f'<div class="bead bead--gap" style="--row: {index}" aria-hidden="true">'
                f"{column.gap}</div>"
            )
            continue
        lone = row.is_addition if translation_side else row.is_omission
        labels = (column.lone if lone else "") + (
            f"{column.moved}paragraph {row.translation_number} of the translation</p>"
            if row.moved
            else ""
        )
        classes = (column.lone_class if lone else "") + (" bead--moved" if row.moved else "")
        html = row.translation_html if translation_side else row.original_html
        beads.append(
            f'<div class="bead{classes}" style="--row: {index}" id="{column.anchor}{index}">'
            f"{labels}{html}</div>"
        )
    return mark_safe("\n".join(beads))


def translation_column(rows: list[Row]) -> SafeString:
    """The translation's column of beads, in its reading order (``translation_rows``): the
    labels of an addition or a move, a gap where the original has a paragraph left out."""
    return _column(rows, _TRANSLATION_COLUMN, translation_side=True)


def original_column(rows: list[Row]) -> SafeString:
    """The original's column of beads, in its own order: the labels of an omission or a move,
    a gap beside a translator's addition."""
    return _column(rows, _ORIGINAL_COLUMN, translation_side=False)


def _credited(credits: list[Credit], role: str) -> list[str]:
    return [credit.contributor.name for credit in credits if credit.role == role]


def build_rows(translation: Translation) -> list[Row]:
    """Pair the blocks of both sides along the stored alignment (block by block when none);
    the translation's blocks carry the corrections that name them (prefetched)."""
    t_blocks = translation.block_list
    o_blocks = translation.original.block_list if translation.original else []
    beads = translation.bead_list or one_to_one(len(o_blocks), len(t_blocks))
    corrected: dict[int, list[Correction]] = {}
    for correction in translation.corrections.all():
        if correction.block_index is not None:
            corrected.setdefault(correction.block_index, []).append(correction)
    rows = []
    for index, bead in enumerate(beads):
        rows.append(
            Row(
                index=index,
                translation=[
                    PageBlock(
                        t_blocks[i]["kind"],
                        t_blocks[i]["text"],
                        index=i,
                        corrections=tuple(corrected.get(i, ())),
                    )
                    for i in bead["translation"]
                    if i < len(t_blocks)
                ],
                original=[
                    PageBlock(o_blocks[i]["kind"], o_blocks[i]["text"])
                    for i in bead["original"]
                    if i < len(o_blocks)
                ],
                moved=bool(bead.get("moved")),
            )
        )
    return [row for row in rows if row.translation or row.original]


def dateline_of(original: Any) -> Dateline:
    """The dateline of an original (with its outlet, country and bylines fetched)."""
    outlet = original.outlet if original else None
    return Dateline(
        outlet=outlet.name if outlet else "",
        country=outlet.country.name if outlet and outlet.country else "",
        date=format_date(original.published_on, DATE_FORMAT)
        if original and original.published_on
        else "",
        authors=[byline.author.name for byline in original.bylines.all()] if original else [],
        romanized={
            byline.author.name: byline.author.romanized
            for byline in original.bylines.all()
            if byline.author.romanized
        }
        if original
        else {},
    )


def credits_of(translation: Translation, credits: list[Credit]) -> Credits:
    """The credits line: source language (when not the desk's own), translators, editors."""
    original = translation.original
    language = ""
    if original and original.language_id != translation.language_id:
        language = original.language.name
    return Credits(
        language=language,
        translators=_credited(credits, Credit.Role.TRANSLATOR),
        editors=_credited(credits, Credit.Role.EDITOR),
    )


def build_article_page(translation: Translation) -> ArticlePage:
    """Assemble the page from a translation fetched by ``newsroom.published.published_article``."""
    original = translation.original
    credits = list(translation.credits.all())
    credit_line = credits_of(translation, credits)
    links = {
        f"name:{credit.contributor.name}": path_for("reader:contributor", credit.contributor.slug)
        for credit in credits
    }
    if original:
        links.update(
            (f"author:{byline.author.name}", path_for("reader:author", byline.author_id))
            for byline in original.bylines.all()
        )
    return ArticlePage(
        translation=translation,
        dateline=dateline_of(original),
        credits=credit_line,
        translators=list(credit_line.translators),
        editors=list(credit_line.editors),
        rows=build_rows(translation),
        links=links,
    )


def news_article_metadata(page: ArticlePage, url: str) -> dict[str, Any]:
    """schema.org NewsArticle for the translation, pointing at the original it translates."""
    translation = page.translation
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": translation.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": translation.language_id,
        "datePublished": timezone.localtime(translation.published_at).isoformat()
        if translation.published_at
        else None,
        "dateModified": timezone.localtime(translation.updated_at).isoformat(),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "translator": [{"@type": "Person", "name": name} for name in page.translators],
        "editor": [{"@type": "Person", "name": name} for name in page.editors],
        "keywords": [topic.name for topic in translation.topics.all()],
    }
    if translation.standfirst:
        data["description"] = strip_tags(translation.standfirst)
    original = translation.original
    if original:
        work: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": original.title,
            "inLanguage": original.language_id,
        }
        if original.url:
            work["url"] = original.url
        if original.published_on:
            work["datePublished"] = original.published_on.isoformat()
        authors = [byline.author.name for byline in original.bylines.all()]
        if authors:
            work["author"] = [
                {"@type": "Person", "name": byline.author.name}
                | ({"alternateName": byline.author.romanized} if byline.author.romanized else {})
                for byline in original.bylines.all()
            ]
            data["author"] = work["author"]
        if original.outlet:
            work["publisher"] = {"@type": "Organization", "name": original.outlet.name}
        # A link post translates nothing: it points readers at the original.
        data["isBasedOn" if translation.is_link else "translationOfWork"] = work
    return {key: value for key, value in data.items() if value not in (None, [], "")}


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data: Any) -> str:
    """JSON safe to place inside a ``<script>`` element."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
