"""Ordered text blocks (heading, paragraph, quotation): the body of originals and translations.

Blocks are stored as a JSON list of ``{"kind": ..., "text": ...}`` on the article row: the reader
page gets the whole body with the article in one query, and the export format is the same list.
People edit them as plain text: blocks separated by a blank line, ``## `` before a heading and
``> `` before a quotation.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from django.core.exceptions import ValidationError

from .text import first_control_character, without_control_characters

HEADING = "heading"
PARAGRAPH = "paragraph"
QUOTATION = "quotation"
KINDS = (HEADING, PARAGRAPH, QUOTATION)
_PREFIXES = {HEADING: "## ", QUOTATION: "> "}


#: The longest paragraph the desk stores (a whole long article is a few tens of thousands).
MAX_BLOCK_CHARACTERS = 100_000


class Block(TypedDict):
    kind: Literal["heading", "paragraph", "quotation"]
    text: str


def validate_blocks(value: Any) -> None:
    """Refuse anything that is not a list of blocks with a known kind and non-empty text."""
    if not isinstance(value, list):
        raise ValidationError("Blocks must be a list.")
    for number, block in enumerate(value, start=1):
        if not isinstance(block, dict) or set(block) != {"kind", "text"}:
            raise ValidationError(f"Block {number} must have exactly a kind and a text.")
        if block["kind"] not in KINDS:
            raise ValidationError(f"Block {number} has an unknown kind {block['kind']!r}.")
        if not isinstance(block["text"], str) or not block["text"].strip():
            raise ValidationError(f"Block {number} is empty.")
        if len(block["text"]) > MAX_BLOCK_CHARACTERS:
            raise ValidationError(
                f"Block {number} has {len(block['text']):,} characters; a block holds at most "
                f"{MAX_BLOCK_CHARACTERS:,}."
            )
        control = first_control_character(block["text"])
        if control:
            raise ValidationError(f"Block {number} contains a control character ({control}).")


def blocks_to_text(blocks: list[Block]) -> str:
    """The editable plain-text form of a list of blocks."""
    return "\n\n".join(_PREFIXES.get(block["kind"], "") + block["text"] for block in blocks)


def text_to_blocks(text: str) -> list[Block]:
    """Parse the editable plain-text form; lines within a block are joined with a space."""
    blocks: list[Block] = []
    text = without_control_characters(text)
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        joined = " ".join(lines)
        if joined.startswith("#"):
            blocks.append({"kind": HEADING, "text": joined.lstrip("#").strip()})
        elif joined.startswith(">"):
            quoted = " ".join(line.lstrip(">").strip() for line in lines)
            blocks.append({"kind": QUOTATION, "text": quoted})
        else:
            blocks.append({"kind": PARAGRAPH, "text": joined})
    return [block for block in blocks if block["text"]]


def blocks_plain_text(blocks: list[Block]) -> str:
    """All text of the blocks, one block per line (for word counts, search, similarity)."""
    return "\n".join(block["text"] for block in blocks)


def clean_blocks(blocks: list[Block]) -> list[Block]:
    """Blocks as the desk stores them: control characters removed, empty blocks dropped."""
    cleaned: list[Block] = []
    for block in blocks:
        text = without_control_characters(block["text"])
        if text.strip():
            cleaned.append({"kind": block["kind"], "text": text})
    return cleaned
