"""Aligning documents: languages and dictionaries checked, `align` for one level of units,
`align_paragraphs_and_sentences` for two."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .archive import WordTable
from .lexicon import DictionarySource, find_installed_dictionary
from .segment import split_sentences
from .unit_aligner import (
    DEFAULT_PARAMS,
    AlignmentError,
    Bead,
    Params,
    align_units,
)

# ISO 639-1 codes: a language tag whose primary subtag is not here (nor a 3-letter code) is
# refused, so that a typo ("fre", "english") gets a clear error instead of silent defaults.
_ISO639_1 = set(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
    sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
)
_TAG_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
MAX_UNITS = 500_000

DictionaryOption = DictionarySource | Literal["auto"] | None


def check_language(code: str | None) -> str | None:
    """A normalized language tag, or AlignmentError for an unknown or malformed one."""
    if code is None or code == "":
        return None
    if not _TAG_RE.match(code):
        raise AlignmentError(
            f"unknown language code {code!r} (expected a tag such as 'de' or 'pt-BR')"
        )
    primary = code.replace("_", "-").split("-", 1)[0].lower()
    if len(primary) == 2 and primary not in _ISO639_1:
        raise AlignmentError(f"unknown language code {code!r}")
    return code.replace("_", "-")


def _check_units(units: Sequence[str], side: str) -> None:
    if isinstance(units, str):
        raise AlignmentError(f"the {side} must be a sequence of units, not one string")
    if len(units) > MAX_UNITS:
        raise AlignmentError(f"the {side} has {len(units)} units; the limit is {MAX_UNITS}")
    for position, unit in enumerate(units):
        if not isinstance(unit, str):
            raise AlignmentError(f"{side} unit {position} is {type(unit).__name__}, not text")


def resolve_dictionary(
    dictionary: DictionaryOption, source_lang: str | None, target_lang: str | None
) -> DictionarySource | None:
    """The dictionary to use: the one given, an installed FreeDict one for "auto", or none."""
    if dictionary == "auto":
        if source_lang and target_lang:
            return find_installed_dictionary(source_lang, target_lang)
        return None
    return dictionary


def align(
    original: Sequence[str],
    translation: Sequence[str],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    dictionary: DictionaryOption = None,
    detect_moves: bool = True,
    params: Params = DEFAULT_PARAMS,
    archive: WordTable | None = None,
) -> list[Bead]:
    """Align two sequences of units (paragraphs or sentences) and return beads in order.

    Beads are 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0 or 0-1; each unit is in at most one bead and
    beads follow both texts' order, except beads flagged `moved` (a unit the translation moved),
    which sit at the original unit's place. `dictionary` is a DictionarySource, "auto" (use an
    installed FreeDict dictionary for the language pair if there is one) or None. `archive` is
    a `WordTable` learned from other aligned pairs of the same languages (see `archive.py`).
    """
    _check_units(original, "original")
    _check_units(translation, "translation")
    source_lang = check_language(source_lang)
    target_lang = check_language(target_lang)
    if not original and not translation:
        raise AlignmentError("both texts are empty: nothing to align")
    if not original:
        raise AlignmentError("the original is empty: nothing to align the translation with")
    if not translation:
        raise AlignmentError("the translation is empty: nothing to align the original with")
    resolved = resolve_dictionary(dictionary, source_lang, target_lang)
    return align_units(
        original,
        translation,
        dictionary=resolved,
        params=params,
        detect_moves=detect_moves,
        archive=archive,
    )


@dataclass
class TwoLevelAlignment:
    """Paragraph beads, and for each paragraph bead the sentence beads inside it.

    Sentence ids are global: they index `original_sentences` / `translation_sentences`, the
    sentences of all paragraphs in order; `original_paragraph_of[k]` is the paragraph of
    original sentence k (likewise for the translation).
    """

    paragraphs: list[Bead]
    sentences: list[list[Bead]]
    original_sentences: list[str]
    translation_sentences: list[str]
    original_paragraph_of: list[int]
    translation_paragraph_of: list[int]


def _sentences_by_paragraph(
    paragraphs: Sequence[str], lang: str | None
) -> tuple[list[str], list[int], list[list[int]]]:
    flat: list[str] = []
    owner: list[int] = []
    ids: list[list[int]] = []
    for number, paragraph in enumerate(paragraphs):
        sentences = split_sentences(paragraph, lang) or (
            [paragraph.strip()] if paragraph.strip() else []
        )
        ids.append(list(range(len(flat), len(flat) + len(sentences))))
        flat.extend(sentences)
        owner.extend([number] * len(sentences))
    return flat, owner, ids


def align_paragraphs_and_sentences(
    original: Sequence[str],
    translation: Sequence[str],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    dictionary: DictionaryOption = None,
    params: Params = DEFAULT_PARAMS,
    archive: WordTable | None = None,
) -> TwoLevelAlignment:
    """Align paragraphs, then the sentences inside each pair of aligned paragraphs.

    The sentence pass runs once over the whole document (so that its learned word table and
    length ratio see all the text) but no sentence bead may cross a paragraph bead.
    """
    source_lang = check_language(source_lang)
    target_lang = check_language(target_lang)
    resolved = resolve_dictionary(dictionary, source_lang, target_lang)
    paragraph_beads = align(
        original,
        translation,
        source_lang=source_lang,
        target_lang=target_lang,
        dictionary=resolved,
        params=params,
        archive=archive,
    )
    src_flat, src_owner, src_ids = _sentences_by_paragraph(original, source_lang)
    tgt_flat, tgt_owner, tgt_ids = _sentences_by_paragraph(translation, target_lang)

    # Lay the sentences out in paragraph-bead order (a moved paragraph brings its translation
    # sentences along), remembering each one's global id and block (paragraph bead) number.
    src_order: list[int] = []
    tgt_order: list[int] = []
    src_block: list[int] = []
    tgt_block: list[int] = []
    path = [(0, 0)]
    for block, bead in enumerate(paragraph_beads):
        for p in bead.original:
            src_order.extend(src_ids[p])
        for p in bead.translation:
            tgt_order.extend(tgt_ids[p])
        src_block.extend([block] * (len(src_order) - len(src_block)))
        tgt_block.extend([block] * (len(tgt_order) - len(tgt_block)))
        if (len(src_order), len(tgt_order)) != path[-1]:
            path.append((len(src_order), len(tgt_order)))

    sentence_beads: list[list[Bead]] = [[] for _ in paragraph_beads]
    if src_order and tgt_order:
        local = align_units(
            [src_flat[k] for k in src_order],
            [tgt_flat[k] for k in tgt_order],
            dictionary=resolved,
            params=params,
            blocks=(src_block, tgt_block),
            block_path=path,
            archive=archive,
        )
        for bead in local:
            block = src_block[bead.original[0]] if bead.original else tgt_block[bead.translation[0]]
            sentence_beads[block].append(
                Bead(
                    tuple(src_order[k] for k in bead.original),
                    tuple(tgt_order[k] for k in bead.translation),
                    bead.score,
                    moved=paragraph_beads[block].moved,
                )
            )
    else:
        for block, bead in enumerate(paragraph_beads):
            for p in bead.original:
                sentence_beads[block].extend(Bead((k,), (), 0.0) for k in src_ids[p])
            for p in bead.translation:
                sentence_beads[block].extend(Bead((), (k,), 0.0) for k in tgt_ids[p])
    return TwoLevelAlignment(
        paragraphs=paragraph_beads,
        sentences=sentence_beads,
        original_sentences=src_flat,
        translation_sentences=tgt_flat,
        original_paragraph_of=src_owner,
        translation_paragraph_of=tgt_owner,
    )
