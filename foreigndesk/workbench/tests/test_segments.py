"""Segments: derived from the texts, saved one by one with staleness per segment, merged and
split, and the translation's text assembled from them (with its pairs known)."""

from __future__ import annotations

from typing import Any

import pytest

from foreigndesk.newsroom.models import Revision, Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import NotAllowed, WorkflowError
from foreigndesk.testing import factories
from foreigndesk.workbench.models import Segment
from foreigndesk.workbench.segments import (
    StaleSegment,
    assemble,
    current_segments,
    derive_segments,
    key_of,
    merge_segments,
    save_segment,
    split_segment,
)

pytestmark = pytest.mark.django_db

ORIGINAL = [
    {"kind": "heading", "text": "Новый мост через Неву"},
    {
        "kind": "paragraph",
        "text": "Мост откроют в мае. Его длина 1 700 метров. Строительство обошлось в 21 млрд рублей.",
    },
    {"kind": "paragraph", "text": "Жители ждали его десять лет."},
]


def claimed(blocks: list[dict[str, str]] | None = None) -> tuple[Translation, Any]:
    person = factories.translator()
    original = factories.original(language_code="ru", blocks=ORIGINAL)
    translation = factories.translation(
        original_obj=original, blocks=blocks or [], state=State.IN_TRANSLATION
    )
    translation.claimed_by = person
    translation.save()
    return translation, person


def save(translation: Translation, person: Any, position: int, target: str, **kwargs: Any) -> Any:
    segments, _ = current_segments(translation)
    segment = segments[position]
    return save_segment(
        actor=person,
        translation=translation,
        position=position,
        key=key_of(segment),
        version=kwargs.pop("version", segment.version),
        target=target,
        expected_revision=kwargs.pop("expected_revision", translation.revision),
        **kwargs,
    )


def test_an_untranslated_original_is_cut_into_sentences_by_paragraph() -> None:
    translation, _ = claimed()
    segments = derive_segments(translation)
    assert [(s.block_index, s.source) for s in segments] == [
        (0, "Новый мост через Неву"),
        (1, "Мост откроют в мае."),
        (1, "Его длина 1 700 метров."),
        (1, "Строительство обошлось в 21 млрд рублей."),
        (2, "Жители ждали его десять лет."),
    ]
    assert {s.state for s in segments} == {Segment.State.EMPTY}


def test_an_existing_translation_is_shared_out_where_sentences_match_and_kept_whole_otherwise() -> (
    None
):
    translation, _ = claimed(
        [
            {"kind": "heading", "text": "A new bridge over the Neva"},
            {
                "kind": "paragraph",
                "text": "The bridge opens in May, and is 1,700 metres long. It cost 21 billion roubles.",
            },
            {"kind": "paragraph", "text": "Residents waited ten years for it."},
        ]
    )
    segments = derive_segments(translation)
    merged = [s for s in segments if s.block_index == 1]
    assert len(merged) == 1
    assert merged[0].sentences == 3
    assert merged[0].target.startswith("The bridge opens in May")
    assert segments[-1].target == "Residents waited ten years for it."
    made = assemble(segments, "en")
    assert [b["text"] for b in made.blocks] == [b["text"] for b in translation.block_list]


def test_saving_a_segment_assembles_the_text_and_stores_the_known_pairs() -> None:
    translation, person = claimed()
    saved = save(translation, person, 2, "It is 1,700 metres long.", step="confirm")
    translation.refresh_from_db()
    assert saved.changed
    assert saved.segment.state == Segment.State.TRANSLATED
    assert translation.block_list == [{"kind": "paragraph", "text": "It is 1,700 metres long."}]
    assert translation.alignment_origin == Translation.AlignmentOrigin.SEGMENTS
    assert translation.alignment == [
        {"original": [0], "translation": []},
        {"original": [1], "translation": [0]},
        {"original": [2], "translation": []},
    ]
    assert Revision.objects.filter(translation=translation).count() == 1
    # A second segment of the same paragraph joins it.
    save(translation, person, 1, "The bridge opens in May.")
    translation.refresh_from_db()
    assert translation.block_list[0]["text"] == "The bridge opens in May. It is 1,700 metres long."
    assert Segment.objects.get(translation=translation, position=1).state == Segment.State.DRAFT


def test_a_save_from_an_older_version_of_the_segment_is_refused_and_changes_nothing() -> None:
    translation, person = claimed()
    save(translation, person, 1, "The bridge opens in May.")
    translation.refresh_from_db()
    before = (translation.revision, list(Segment.objects.values_list("target", "version")))
    with pytest.raises(StaleSegment):
        save(translation, person, 1, "Another text.", version=1)
    translation.refresh_from_db()
    assert (translation.revision, list(Segment.objects.values_list("target", "version"))) == before


def test_other_segments_saved_meanwhile_do_not_make_a_save_stale() -> None:
    translation, person = claimed()
    save(translation, person, 1, "The bridge opens in May.")
    opened = Segment.objects.get(translation=translation, position=4)
    save(translation, person, 0, "A new bridge")
    translation.refresh_from_db()
    save_segment(
        actor=person,
        translation=translation,
        position=4,
        key=key_of(opened),
        version=opened.version,
        target="Residents waited ten years.",
    )
    translation.refresh_from_db()
    assert [b["text"] for b in translation.block_list] == [
        "A new bridge",
        "The bridge opens in May.",
        "Residents waited ten years.",
    ]


def test_a_text_changed_elsewhere_makes_segments_derived_again_and_an_old_page_stale() -> None:
    translation, person = claimed()
    save(translation, person, 1, "The bridge opens in May.")
    translation.refresh_from_db()
    opened_revision = translation.revision
    segments, _ = current_segments(translation)
    from foreigndesk.newsroom.editing import save_translation_text

    save_translation_text(
        actor=person,
        translation=translation,
        expected_revision=translation.revision,
        blocks=[{"kind": "paragraph", "text": "The bridge opens in spring."}],
    )
    translation.refresh_from_db()
    fresh, persisted = current_segments(translation)
    assert not persisted
    assert any(s.target == "The bridge opens in spring." for s in fresh)
    with pytest.raises(StaleSegment):
        save_segment(
            actor=person,
            translation=translation,
            position=0,
            key=key_of(segments[0]),
            version=1,
            target="A new bridge",
            expected_revision=opened_revision,
        )


def test_merge_and_split_keep_the_text_and_the_pairs() -> None:
    translation, person = claimed()
    save(translation, person, 1, "The bridge opens in May.")
    save(translation, person, 2, "It is 1,700 metres long.")
    first = Segment.objects.get(translation=translation, position=1)
    merged = merge_segments(
        actor=person, translation=translation, position=1, key=key_of(first), version=first.version
    )
    assert merged.sentences == 2
    assert merged.source == "Мост откроют в мае. Его длина 1 700 метров."
    assert merged.target == "The bridge opens in May. It is 1,700 metres long."
    assert list(
        Segment.objects.filter(translation=translation).values_list("position", flat=True)
    ) == [0, 1, 2, 3]
    translation.refresh_from_db()
    assert translation.block_list[0]["text"] == "The bridge opens in May. It is 1,700 metres long."
    merged.refresh_from_db()
    pieces = split_segment(
        actor=person,
        translation=translation,
        position=1,
        key=key_of(merged),
        version=merged.version,
    )
    assert [p.target for p in pieces] == ["The bridge opens in May.", "It is 1,700 metres long."]
    assert Segment.objects.filter(translation=translation).count() == 5


def test_merging_across_paragraphs_or_splitting_one_sentence_is_refused() -> None:
    translation, person = claimed()
    segments, _ = current_segments(translation)
    with pytest.raises(WorkflowError, match="last of its paragraph"):
        merge_segments(
            actor=person, translation=translation, position=0, key=key_of(segments[0]), version=1
        )
    with pytest.raises(WorkflowError, match="one sentence"):
        split_segment(
            actor=person, translation=translation, position=1, key=key_of(segments[1]), version=1
        )
    assert not Segment.objects.exists()


def test_a_blank_line_in_a_target_makes_two_paragraphs_and_an_addition_stays_its_own() -> None:
    translation, person = claimed(
        [
            {"kind": "heading", "text": "A new bridge"},
            {"kind": "paragraph", "text": "Translator's note: the figures are the city's."},
            {"kind": "paragraph", "text": "The bridge opens in May. It is long. It was dear."},
            {"kind": "paragraph", "text": "Residents waited ten years."},
        ]
    )
    translation.alignment = [
        {"original": [0], "translation": [0]},
        {"original": [], "translation": [1]},
        {"original": [1], "translation": [2]},
        {"original": [2], "translation": [3]},
    ]
    translation.alignment_origin = Translation.AlignmentOrigin.MANUAL
    translation.save()
    segments, _ = current_segments(translation)
    assert segments[1].sentences == 0
    assert segments[1].target.startswith("Translator's note")
    save(translation, person, 5, "Residents waited\n\nten years.")
    translation.refresh_from_db()
    assert [b["text"] for b in translation.block_list][-2:] == ["Residents waited", "ten years."]
    assert translation.block_list[1]["text"].startswith("Translator's note")


def test_only_editors_mark_a_segment_reviewed_and_strangers_change_nothing() -> None:
    translation, person = claimed()
    with pytest.raises(NotAllowed):
        save(translation, person, 1, "The bridge opens in May.", step="review")
    with pytest.raises(NotAllowed):
        save(translation, factories.translator(), 1, "The bridge opens in May.")
    with pytest.raises(WorkflowError, match="empty"):
        save(translation, person, 1, "  ", step="confirm")
    assert not Segment.objects.exists()
    saved = save(translation, factories.editor(), 1, "The bridge opens in May.", step="review")
    assert saved.segment.state == Segment.State.REVIEWED
