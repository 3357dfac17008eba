import pytest
from django.core.exceptions import ValidationError

from foreigndesk.core.blocks import blocks_to_text, text_to_blocks, validate_blocks
from foreigndesk.core.forms import AlignmentField, BlocksField


def test_text_round_trip_keeps_kinds_and_order():
    blocks = [
        {"kind": "paragraph", "text": "First."},
        {"kind": "heading", "text": "Sub"},
        {"kind": "quotation", "text": "«Quoted»"},
        {"kind": "paragraph", "text": "Last."},
    ]
    assert text_to_blocks(blocks_to_text(blocks)) == blocks


def test_wrapped_lines_join_and_windows_newlines_split():
    assert text_to_blocks("one\r\ntwo\r\n\r\n> a\n> b\n\n\n\n## Head") == [
        {"kind": "paragraph", "text": "one two"},
        {"kind": "quotation", "text": "a b"},
        {"kind": "heading", "text": "Head"},
    ]


@pytest.mark.parametrize(
    "value",
    [
        "text",
        [{"kind": "poem", "text": "x"}],
        [{"kind": "paragraph", "text": "  "}],
        [{"kind": "paragraph"}],
        [1],
    ],
)
def test_validate_blocks_refuses_malformed(value):
    with pytest.raises(ValidationError):
        validate_blocks(value)


def test_blocks_field_refuses_an_empty_body():
    with pytest.raises(ValidationError):
        BlocksField().clean("   \n\n  ")


def test_alignment_field_reads_people_numbering():
    field = AlignmentField()
    beads = field.clean("1 = 1\n2, 3 = 2\n4 = -\n- = 3\n")
    assert beads == [
        {"original": [0], "translation": [0]},
        {"original": [1, 2], "translation": [1]},
        {"original": [3], "translation": []},
        {"original": [], "translation": [2]},
    ]
    assert field.prepare_value(beads) == "1 = 1\n2, 3 = 2\n4 = -\n- = 3"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 2", "original = translation"),
        ("x = 1", "paragraph numbers"),
        ("0 = 1", "from 1"),
        ("- = -", "both sides"),
    ],
)
def test_alignment_field_explains_bad_lines(text, message):
    with pytest.raises(ValidationError, match=message):
        AlignmentField().clean(text)
