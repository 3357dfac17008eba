"""The translating page's domain: fields along the stored pairs and back to blocks and pairs,
topics and credits set by their own audited actions, and comparisons of revisions."""

from __future__ import annotations

import pytest

from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.editing import save_translation_text, set_credits, set_topics
from foreigndesk.newsroom.models import AuditEvent, Credit, Revision, Translation
from foreigndesk.newsroom.revisions import (
    Segment,
    compare_blocks,
    diff_text,
    grouped,
    word_count,
    word_diff,
    words_changed,
)
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.translating import (
    Field,
    kept_beside,
    page_beads,
    saved_fields,
    text_from_fields,
    translating_page,
)
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed, WorkflowError
from foreigndesk.testing import factories

from .conftest import snapshot, translation_in

PAIRS = from_pairs([([0], [0]), ([1], []), ([2], [1]), ([], [2])])


# --- Fields and pairs ----------------------------------------------------------------------------


def test_fields_follow_the_pairs_and_come_back_as_blocks_and_pairs():
    fields = [
        Field(0, "paragraph", "One."),
        Field(0, "paragraph", "One, continued.\r\n  on two lines"),
        Field(1, "quotation", "A quotation at last."),
        Field(2, "heading", "   "),
        Field(3, "paragraph", "Added."),
    ]
    blocks, pairs = text_from_fields(PAIRS, fields)
    assert blocks == [
        {"kind": "paragraph", "text": "One."},
        {"kind": "paragraph", "text": "One, continued. on two lines"},
        {"kind": "quotation", "text": "A quotation at last."},
        {"kind": "paragraph", "text": "Added."},
    ]
    assert pairs == [
        {"original": [0], "translation": [0, 1]},
        {"original": [1], "translation": [2]},
        {"original": [2], "translation": []},
        {"original": [], "translation": [3]},
    ]


def test_an_emptied_addition_leaves_no_empty_pair():
    _, pairs = text_from_fields(PAIRS, [Field(0, "paragraph", "One."), Field(3, "paragraph", "")])
    assert pairs == [
        {"original": [0], "translation": [0]},
        {"original": [1], "translation": []},
        {"original": [2], "translation": []},
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ([Field(4, "paragraph", "x")], "pair 5, which does not exist"),
        ([Field(2, "paragraph", "x"), Field(1, "paragraph", "y")], "out of order"),
        ([Field(0, "list", "x")], "unknown kind"),
        ([Field(0, "paragraph", "x" * 20_001)], "20,001 characters long"),
    ],
)
def test_fields_that_do_not_fit_the_pairs_are_refused(fields, message):
    with pytest.raises(Exception, match=message):
        text_from_fields(PAIRS, fields)


@pytest.mark.django_db
def test_pairs_that_no_longer_fit_are_shown_in_order_with_no_paragraph_left_off():
    original = factories.original(blocks=[{"kind": "paragraph", "text": "Eins."}] * 2)
    translation = factories.translation(
        original_obj=original,
        blocks=[{"kind": "paragraph", "text": "One."}, {"kind": "paragraph", "text": "Two."}],
        alignment=from_pairs([([0], [0])]),  # paragraph 2 on both sides in no pair
    )
    beads, fits = page_beads(translation)
    assert not fits
    assert [f.text for f in saved_fields(translation, beads)] == ["One.", "Two."]
    page = translating_page(translation)
    assert [p.kind for p in page.pairs] == ["pair", "pair"]


def test_kept_text_goes_beside_the_paragraph_it_replaces_or_follows():
    current = ["Saved one.", "", "Saved three."]
    beside, elsewhere = kept_beside(
        current, ["Mine one.", "Mine two.", "Saved three.", "Mine four."]
    )
    assert dict(beside) == {0: ["Mine one."], 1: ["Mine two."], 2: ["Mine four."]}
    assert elsewhere == []
    assert kept_beside([], ["Mine."]) == ({}, ["Mine."])
    assert kept_beside(current, current) == ({}, [])


# --- Saves carry hand-corrected pairs ------------------------------------------------------------


@pytest.mark.django_db
def test_a_save_keeps_hand_corrected_pairs_carried_over_by_the_page(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    Translation.objects.filter(pk=translation.pk).update(
        alignment=from_pairs([([0, 1], [0]), ([2], [1, 2])]),
        alignment_origin=Translation.AlignmentOrigin.MANUAL,
    )
    translation.refresh_from_db()
    blocks = [*translation.blocks[:2], {"kind": "paragraph", "text": "A last line."}]
    blocks.insert(1, {"kind": "paragraph", "text": "An added line."})
    carried = from_pairs([([0, 1], [0, 1]), ([2], [2, 3])])
    saved = save_translation_text(
        actor=desk.claimant,
        translation=translation,
        expected_revision=translation.revision,
        blocks=blocks,
        alignment=carried,
    )
    assert saved.alignment == carried
    assert saved.alignment_origin == Translation.AlignmentOrigin.MANUAL
    with pytest.raises(WorkflowError, match="does not exist"):
        save_translation_text(
            actor=desk.claimant,
            translation=saved,
            expected_revision=saved.revision,
            blocks=blocks[:2],
            alignment=carried,
        )


@pytest.mark.django_db
def test_a_recomputable_alignment_is_aligned_afresh_whatever_the_page_carried(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    saved = save_translation_text(
        actor=desk.claimant,
        translation=translation,
        expected_revision=translation.revision,
        blocks=translation.blocks[:2],
        alignment=from_pairs([([0], [0])]),
    )
    assert saved.alignment_origin != Translation.AlignmentOrigin.MANUAL
    assert sum(len(bead["translation"]) for bead in saved.alignment) == 2


# --- Topics --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_claimant_sets_topics_as_a_new_revision_audited_and_announced(desk, monkeypatch):
    announced = []
    monkeypatch.setattr(
        "foreigndesk.newsroom.editing.translation_changed",
        lambda *, translation: announced.append(translation.pk),
    )
    translation = translation_in(State.IN_TRANSLATION, desk)
    energy, ports = factories.topic("Energy"), factories.topic("Ports")
    saved = set_topics(
        actor=desk.claimant,
        translation=translation,
        expected_revision=translation.revision,
        topics=[ports, energy, ports],
    )
    assert set(saved.topics.all()) == {energy, ports}
    assert saved.revision == translation.revision + 1
    assert Revision.objects.get(translation=saved).author == desk.claimant
    event = AuditEvent.objects.get(action="set_topics")
    assert event.comment == f"Revision {saved.revision}: topics Energy, Ports (were none)."
    assert announced == []  # not public: the reader site has nothing to do
    again = set_topics(
        actor=desk.claimant,
        translation=saved,
        expected_revision=saved.revision,
        topics=[energy, ports],
    )
    assert again.revision == saved.revision


@pytest.mark.django_db
def test_topics_of_a_published_translation_are_announced(desk, monkeypatch):
    announced = []
    monkeypatch.setattr(
        "foreigndesk.newsroom.editing.translation_changed",
        lambda *, translation: announced.append(translation.pk),
    )
    translation = translation_in(State.PUBLISHED, desk)
    set_topics(
        actor=desk.editor,
        translation=translation,
        expected_revision=translation.revision,
        topics=[factories.topic("Energy")],
    )
    assert announced == [translation.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "state", "expected_offset", "error"),
    [
        ("other_translator", State.IN_TRANSLATION, 0, NotAllowed),
        ("claimant", State.IN_REVIEW, 0, NotAllowed),
        ("editor", State.WITHDRAWN, 0, IllegalMove),
        ("editor", State.IN_TRANSLATION, -1, WorkflowError),
    ],
)
def test_topics_refusals_change_nothing(desk, person, state, expected_offset, error):
    translation = translation_in(state, desk)
    before = snapshot(translation)
    with pytest.raises(error):
        set_topics(
            actor=desk.person(person),
            translation=translation,
            expected_revision=translation.revision
            + expected_offset
            - (1 if expected_offset else 0),
            topics=[factories.topic("Energy")],
        )
    assert snapshot(translation) == before
    assert not translation.topics.exists()


# --- Credits -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_sets_the_credits_in_order(desk):
    translation = translation_in(State.IN_REVIEW, desk)
    saved = set_credits(
        actor=desk.editor,
        translation=translation,
        expected_revision=translation.revision,
        translators=[desk.other_translator.contributor, desk.claimant.contributor],
        editors=[desk.chief.contributor],
    )
    credits = Credit.objects.filter(translation=saved).order_by("role", "position")
    assert [(c.role, c.contributor.name) for c in credits] == [
        ("editor", "Ruth Calder"),
        ("translator", "Oskar Lind"),
        ("translator", "Tina Ross"),
    ]
    assert AuditEvent.objects.get(action="set_credits").comment == (
        f"Revision {saved.revision}: translated by Oskar Lind, Tina Ross, edited by Ruth Calder."
    )


@pytest.mark.django_db
def test_credits_refusals_change_nothing(desk):
    translation = translation_in(State.PUBLISHED, desk)
    before = snapshot(translation)
    with pytest.raises(NotAllowed):
        set_credits(
            actor=desk.claimant,
            translation=translation,
            expected_revision=translation.revision,
            translators=[desk.claimant.contributor],
            editors=[],
        )
    with pytest.raises(WorkflowError, match="must credit at least one translator"):
        set_credits(
            actor=desk.editor,
            translation=translation,
            expected_revision=translation.revision,
            translators=[],
            editors=[desk.chief.contributor],
        )
    assert snapshot(translation) == before


# --- Comparing revisions -------------------------------------------------------------------------


def test_blocks_are_compared_block_by_block_and_word_by_word():
    old = [
        {"kind": "paragraph", "text": "The ferry runs from Monday."},
        {"kind": "paragraph", "text": "A paragraph that goes."},
        {"kind": "heading", "text": "Hours"},
    ]
    new = [
        {"kind": "paragraph", "text": "The ferry runs again from Monday."},
        {"kind": "heading", "text": "Hours"},
        {"kind": "paragraph", "text": "A new last line."},
    ]
    changes = compare_blocks(old, new)
    assert [change.status for change in changes] == ["changed", "removed", "same", "added"]
    assert Segment("insert", "again ") in changes[0].segments
    assert changes[3].segments == [Segment("insert", "A new last line.")]


def test_a_changed_kind_counts_as_a_change():
    changes = compare_blocks(
        [{"kind": "paragraph", "text": "Hours"}], [{"kind": "heading", "text": "Hours"}]
    )
    assert [(c.status, c.old_kind, c.new_kind) for c in changes] == [
        ("changed", "paragraph", "heading")
    ]


def test_words_are_counted_without_spaces_and_punctuation_and_cjk_by_character():
    assert word_count("The ferry, again!") == 3
    assert word_count("東京は晴れ。") == 5
    assert words_changed("The ferry runs from Monday.", "The ferry runs again from Tuesday.") == (
        2,
        1,
    )
    assert words_changed("東京は晴れです", "東京は雨です") == (1, 2)


def test_changes_separated_only_by_spaces_read_as_one_run():
    segments = grouped(word_diff("It resumes service on Monday.", "It runs again from Monday."))
    assert segments == [
        Segment("equal", "It "),
        Segment("delete", "resumes service on"),
        Segment("insert", "runs again from"),
        Segment("equal", " Monday."),
    ]
    assert diff_text(segments, side="old") == "It resumes service on Monday."
    assert diff_text(segments, side="new") == "It runs again from Monday."
