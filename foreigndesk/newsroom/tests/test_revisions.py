"""Saving a translation's text: who may, stale saves refused (also between two real
transactions), revisions stored and restored; and the word-by-word comparison."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from foreigndesk.newsroom.editing import StaleEdit, restore_revision, save_translation_text
from foreigndesk.newsroom.models import AuditEvent, Revision, Translation
from foreigndesk.newsroom.revisions import Segment, diff_text, tokens, word_diff
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed, WorkflowError

from .conftest import snapshot, translation_in

NEW_TEXT = [{"kind": "paragraph", "text": "The ferry runs again from Tuesday."}]


# --- word_diff -----------------------------------------------------------------------------------


def test_word_diff_marks_inserted_deleted_and_equal_words():
    assert word_diff("The ferry runs from Monday.", "The ferry runs again from Tuesday.") == [
        Segment("equal", "The ferry runs "),
        Segment("insert", "again "),
        Segment("equal", "from "),
        Segment("delete", "Monday"),
        Segment("insert", "Tuesday"),
        Segment("equal", "."),
    ]


def test_word_diff_compares_whole_words_not_letters():
    assert word_diff("ferry", "fairy") == [Segment("delete", "ferry"), Segment("insert", "fairy")]


def test_scripts_without_spaces_are_compared_character_by_character():
    assert tokens("東京は晴れ。") == ["東", "京", "は", "晴", "れ", "。"]
    assert word_diff("東京は晴れです", "東京は雨です") == [
        Segment("equal", "東京は"),
        Segment("delete", "晴れ"),
        Segment("insert", "雨"),
        Segment("equal", "です"),
    ]
    assert word_diff("我们明天去北京", "我们今天去北京") == [
        Segment("equal", "我们"),
        Segment("delete", "明"),
        Segment("insert", "今"),
        Segment("equal", "天去北京"),
    ]


def test_accents_and_vowel_signs_stay_inside_their_words():
    assert tokens("café हिन्दी Привет, мир") == [
        "café",
        " ",
        "हिन्दी",
        " ",
        "Привет",
        ",",
        " ",
        "мир",
    ]


def test_identical_and_empty_texts():
    assert word_diff("", "") == []
    assert word_diff("Same text.", "Same text.") == [Segment("equal", "Same text.")]
    assert word_diff("", "New") == [Segment("insert", "New")]


@given(st.text(max_size=60), st.text(max_size=60))
def test_both_versions_can_be_rebuilt_from_the_segments(old, new):
    segments = word_diff(old, new)
    assert diff_text(segments, side="old") == old
    assert diff_text(segments, side="new") == new


# --- Saving --------------------------------------------------------------------------------------


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_the_claimants_first_save_starts_the_translation(desk):
    translation = translation_in(State.CLAIMED, desk)
    saved = save_translation_text(
        actor=desk.claimant,
        translation=translation,
        expected_revision=translation.revision,
        title="The ferry runs again",
        blocks=NEW_TEXT,
    )
    assert saved.state == State.IN_TRANSLATION
    assert saved.revision == translation.revision + 1
    revision = saved.revisions.get()
    assert (revision.number, revision.title, revision.blocks, revision.author) == (
        saved.revision,
        "The ferry runs again",
        NEW_TEXT,
        desk.claimant,
    )
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["start", "edit"]
    # Realigned with the original (three blocks against one).
    assert saved.alignment_origin in (
        Translation.AlignmentOrigin.COMPUTED,
        Translation.AlignmentOrigin.ASSUMED,
    )
    assert saved.alignment


@pytestmark_db
def test_a_stale_save_is_refused_naming_who_saved_in_between(desk, settings):
    settings.TIME_ZONE = "UTC"
    translation = translation_in(State.IN_TRANSLATION, desk)
    opened = translation.revision
    save_translation_text(
        actor=desk.editor, translation=translation, expected_revision=opened, title="Edited title"
    )
    Revision.objects.filter(translation=translation).update(
        created_at=datetime.datetime(2026, 11, 30, 14, 2, tzinfo=datetime.UTC)
    )
    translation.refresh_from_db()
    before = snapshot(translation)
    with pytest.raises(StaleEdit) as refused:
        save_translation_text(
            actor=desk.claimant,
            translation=translation,
            expected_revision=opened,
            blocks=NEW_TEXT,
        )
    assert str(refused.value) == (
        f"Edna Hale saved this translation at 14:02 (revision {opened + 1}) after you opened "
        f"it (revision {opened}); your text was not saved: it is kept below for you to merge."
    )
    assert refused.value.kept == {"blocks": NEW_TEXT}
    assert refused.value.current_revision == opened + 1
    assert snapshot(translation) == before


@pytestmark_db
def test_a_change_not_stored_as_a_revision_still_makes_a_save_stale(desk):
    translation = translation_in(State.PUBLISHED, desk)
    opened = translation.revision
    Translation.objects.filter(pk=translation.pk).update(revision=opened + 1)
    with pytest.raises(StaleEdit, match=r"^Someone saved this translation"):
        save_translation_text(
            actor=desk.editor, translation=translation, expected_revision=opened, title="New"
        )


@pytestmark_db
@pytest.mark.parametrize(
    ("person", "state", "allowed"),
    [
        ("claimant", State.CLAIMED, True),
        ("claimant", State.IN_TRANSLATION, True),
        ("claimant", State.CHANGES_REQUESTED, True),
        ("claimant", State.IN_REVIEW, False),
        ("claimant", State.PUBLISHED, False),
        ("other_translator", State.IN_TRANSLATION, False),
        ("nobody", State.IN_TRANSLATION, False),
        ("editor", State.ACCEPTED, True),
        ("editor", State.IN_REVIEW, True),
        ("editor", State.PUBLISHED, True),
        ("admin", State.CORRECTED, True),
    ],
)
def test_who_may_edit_the_text(desk, person, state, allowed):
    translation = translation_in(state, desk)
    before = snapshot(translation)
    actor = desk.person(person)
    if allowed:
        saved = save_translation_text(
            actor=actor, translation=translation, expected_revision=translation.revision, title="T"
        )
        assert saved.title == "T"
        return
    with pytest.raises(NotAllowed, match="Only the translator working on"):
        save_translation_text(
            actor=actor, translation=translation, expected_revision=translation.revision, title="T"
        )
    assert snapshot(translation) == before


@pytestmark_db
def test_a_withdrawn_translation_is_not_edited(desk):
    translation = translation_in(State.WITHDRAWN, desk)
    with pytest.raises(IllegalMove, match="is withdrawn"):
        save_translation_text(
            actor=desk.admin, translation=translation, expected_revision=1, title="T"
        )


@pytestmark_db
def test_only_editors_write_the_editors_note(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    before = snapshot(translation)
    with pytest.raises(NotAllowed, match=r"Only an editor can write the editor's note\."):
        save_translation_text(
            actor=desk.claimant,
            translation=translation,
            expected_revision=translation.revision,
            editor_note="Context",
        )
    assert snapshot(translation) == before
    saved = save_translation_text(
        actor=desk.editor,
        translation=translation,
        expected_revision=translation.revision,
        editor_note="Context",
    )
    assert saved.editor_note == "Context"


@pytestmark_db
def test_bad_text_is_refused(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    with pytest.raises(WorkflowError, match="needs a title"):
        save_translation_text(
            actor=desk.claimant, translation=translation, expected_revision=1, title="  "
        )
    with pytest.raises(WorkflowError):
        save_translation_text(
            actor=desk.claimant,
            translation=translation,
            expected_revision=1,
            blocks=[{"kind": "poem", "text": "x"}],
        )


@pytestmark_db
def test_saving_a_public_translation_tells_the_reader_site(desk, monkeypatch):
    told: list[int] = []
    monkeypatch.setattr(
        "foreigndesk.newsroom.editing.translation_changed",
        lambda *, translation: told.append(translation.pk),
    )
    draft = translation_in(State.IN_TRANSLATION, desk)
    save_translation_text(actor=desk.editor, translation=draft, expected_revision=1, title="A")
    public = translation_in(State.PUBLISHED, desk)
    save_translation_text(actor=desk.editor, translation=public, expected_revision=1, title="B")
    assert told == [public.pk]


@pytestmark_db
def test_an_unchanged_save_stores_nothing(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    save_translation_text(
        actor=desk.claimant,
        translation=translation,
        expected_revision=1,
        title=translation.title,
    )
    translation.refresh_from_db()
    assert translation.revision == 1
    assert AuditEvent.objects.count() == 0


@pytestmark_db
def test_restoring_an_earlier_revision_makes_a_new_one(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    first = save_translation_text(
        actor=desk.claimant, translation=translation, expected_revision=1, title="First"
    )
    second = save_translation_text(
        actor=desk.claimant,
        translation=translation,
        expected_revision=first.revision,
        title="Second",
    )
    with pytest.raises(NotAllowed):
        restore_revision(
            actor=desk.claimant,
            translation=translation,
            number=first.revision,
            expected_revision=second.revision,
        )
    restored = restore_revision(
        actor=desk.editor,
        translation=translation,
        number=first.revision,
        expected_revision=second.revision,
    )
    assert (restored.title, restored.revision) == ("First", second.revision + 1)
    assert list(restored.revisions.values_list("number", "title")) == [
        (4, "First"),
        (3, "Second"),
        (2, "First"),
    ]
    event = AuditEvent.objects.last()
    assert (event.action, event.comment) == (
        "restore_revision",
        "Revision 2 restored as revision 4.",
    )


# --- Two people saving at once -------------------------------------------------------------------


def _race(translation: Translation, people: list, *, threads: bool) -> list[object]:
    """Both save from the same revision; returns what each got (a translation or a refusal)."""
    outcomes: list[object] = []
    opened = translation.revision
    barrier = threading.Barrier(len(people)) if threads else None

    def save(person, title: str) -> None:
        try:
            if barrier:
                barrier.wait()
            outcomes.append(
                save_translation_text(
                    actor=person, translation=translation, expected_revision=opened, title=title
                )
            )
        except StaleEdit as error:
            outcomes.append(error)
        finally:
            if threads:
                connection.close()

    if threads:
        runners = [
            threading.Thread(target=save, args=(person, f"Title by {person.username}"))
            for person in people
        ]
        for runner in runners:
            runner.start()
        for runner in runners:
            runner.join()
    else:
        for person in people:
            save(person, f"Title by {person.username}")
    return outcomes


def _check_one_winner(translation: Translation, outcomes: list[object]) -> None:
    winners = [outcome for outcome in outcomes if isinstance(outcome, Translation)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, StaleEdit)]
    assert (len(winners), len(losers)) == (1, 1)
    translation.refresh_from_db()
    assert translation.title == winners[0].title
    assert translation.revision == 2
    assert Revision.objects.filter(translation=translation).count() == 1
    assert losers[0].current_revision == 2


@pytestmark_db
def test_two_saves_from_the_same_revision_one_after_the_other(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    _check_one_winner(translation, _race(translation, [desk.claimant, desk.editor], threads=False))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes one writer at a time; the sequential test covers it",
)
def test_two_saves_from_the_same_revision_at_the_same_time(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    Translation.objects.filter(pk=translation.pk).update(last_activity_at=timezone.now())
    _check_one_winner(translation, _race(translation, [desk.claimant, desk.editor], threads=True))
