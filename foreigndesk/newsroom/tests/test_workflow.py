"""The desk's workflow: every edge of the transition table, for every kind of person, allowed
and refused; the publishing rules; the schedule; claims that expire; e-mail; the audit trail."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import tasks, transitions
from foreigndesk.newsroom.models import AuditEvent, Correction, Credit, Translation
from foreigndesk.newsroom.selectors import audit_trail
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import (
    MOVES,
    IllegalMove,
    NotAllowed,
    NotReadyToPublish,
    Subject,
    Who,
    WorkflowError,
    check_actor,
    move,
)
from foreigndesk.testing import factories

from .conftest import PEOPLE, Desk, snapshot, suggested_original, translation_in

pytestmark = pytest.mark.django_db

LATER = datetime.timedelta(days=1)

#: How each move is made by a person, with what it needs besides the actor and the object.
PERFORM: dict[str, Callable[[Any, Any, Desk], Any]] = {
    "accept": lambda actor, obj, desk: transitions.accept(
        actor=actor, original=obj, reason="A story our readers follow."
    ),
    "decline": lambda actor, obj, desk: transitions.decline(
        actor=actor, original=obj, reason="Covered already."
    ),
    "assign": lambda actor, obj, desk: transitions.assign(
        actor=actor, translation=obj, assignee=desk.other_translator
    ),
    "claim": lambda actor, obj, desk: transitions.claim(actor=actor, translation=obj),
    "release": lambda actor, obj, desk: transitions.release(actor=actor, translation=obj),
    "start": lambda actor, obj, desk: transitions.start(actor=actor, translation=obj),
    "submit": lambda actor, obj, desk: transitions.submit(actor=actor, translation=obj),
    "request_changes": lambda actor, obj, desk: transitions.request_changes(
        actor=actor, translation=obj, comment="Check the figures in paragraph 2."
    ),
    "approve": lambda actor, obj, desk: transitions.approve(actor=actor, translation=obj),
    "schedule": lambda actor, obj, desk: transitions.schedule(
        actor=actor, translation=obj, at=timezone.now() + LATER
    ),
    "publish": lambda actor, obj, desk: transitions.publish(actor=actor, translation=obj),
    "correct": lambda actor, obj, desk: transitions.correct(
        actor=actor, translation=obj, text="The ferry runs on Tuesdays, not Mondays."
    ),
    "withdraw": lambda actor, obj, desk: transitions.withdraw(
        actor=actor, translation=obj, reason="The outlet retracted the original."
    ),
    "restore": lambda actor, obj, desk: transitions.restore(actor=actor, translation=obj),
    "post_link": lambda actor, obj, desk: transitions.post_link(
        actor=actor, original=obj, title="The ferry runs again", summary="From Monday, daily."
    ),
    "translate_link": lambda actor, obj, desk: transitions.translate_link(
        actor=actor, translation=obj
    ),
}


def _as_link_post(translation: Translation) -> Translation:
    """The translation as a link post would be: the kind only the desk's moves set."""
    Translation.objects.filter(pk=translation.pk).update(kind=Translation.Kind.LINK)
    translation.kind = Translation.Kind.LINK
    return translation


#: Who may make each move where the table allows it. Written out by hand, not derived from the
#: roles, so that a change of a role or a rule shows up here.
ALLOWED: dict[str, set[str]] = {
    "accept": {"editor", "admin"},
    "decline": {"editor", "admin"},
    "assign": {"editor", "admin"},
    "claim": {"claimant", "other_translator", "editor", "admin"},
    "release": {"claimant", "editor", "admin"},
    "start": {"claimant"},
    "submit": {"claimant"},
    "request_changes": {"editor", "admin"},
    "approve": {"editor", "admin"},
    "schedule": {"editor", "admin"},
    "publish": {"editor", "admin"},
    "correct": {"editor", "admin"},
    "withdraw": {"editor", "admin"},
    "restore": {"editor", "admin"},
    "post_link": {"editor", "admin"},
    "translate_link": {"editor", "admin"},
}

PERSON_MOVES = [row for row in MOVES if row.who is not Who.SCHEDULE]
SCHEDULE_MOVES = [row for row in MOVES if row.who is Who.SCHEDULE]


def _states(subject: Subject) -> list[int]:
    return list(Original.State if subject is Subject.ORIGINAL else State)


def _label(subject: Subject, state: int) -> str:
    enum = Original.State if subject is Subject.ORIGINAL else State
    return enum(state).name.lower()


EDGES = [
    pytest.param(row, source, person, id=f"{row.name}-from-{_label(row.subject, source)}-{person}")
    for row in PERSON_MOVES
    for source in sorted(row.sources)
    for person in PEOPLE
]
ILLEGAL = [
    pytest.param(row, state, id=f"{row.name}-from-{_label(row.subject, state)}")
    for row in PERSON_MOVES
    for state in _states(row.subject)
    if state not in row.sources
]


def _subject_in(row: Any, state: int, desk: Desk, **kwargs: Any) -> Any:
    if row.subject is Subject.ORIGINAL:
        return suggested_original(state=state)
    translation = translation_in(state, desk, **kwargs)
    return _as_link_post(translation) if row.name == "translate_link" else translation


def test_every_move_of_the_table_has_a_way_to_make_it_and_expectations():
    assert set(PERFORM) == {row.name for row in PERSON_MOVES}
    assert set(ALLOWED) == {row.name for row in PERSON_MOVES}
    assert len({row.name for row in MOVES}) == len(MOVES)


@pytest.mark.parametrize(("row", "source", "person"), EDGES)
def test_each_edge_for_each_person(desk, row, source, person):
    obj = _subject_in(row, source, desk)
    actor = desk.person(person)
    before = snapshot(obj)
    events = AuditEvent.objects.count()
    if person not in ALLOWED[row.name]:
        with pytest.raises(NotAllowed):
            PERFORM[row.name](actor, obj, desk)
        assert snapshot(obj) == before
        return
    PERFORM[row.name](actor, obj, desk)
    obj.refresh_from_db()
    assert obj.state == row.target
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert (event.action, event.actor, event.actor_name) == (
        row.name,
        actor,
        actor.get_full_name(),
    )
    assert (event.from_state, event.to_state) == (source, row.target)


@pytest.mark.parametrize(("row", "state"), ILLEGAL)
def test_a_move_from_a_state_the_table_does_not_list_is_refused(desk, row, state):
    # Someone who could make the move from the right state: only the state stands in the way.
    actor = desk.claimant if row.who in (Who.CLAIMANT,) else desk.admin
    obj = (
        _subject_in(row, state, desk, claimed=True)
        if row.subject is Subject.TRANSLATION
        else (_subject_in(row, state, desk))
    )
    before = snapshot(obj)
    with pytest.raises(IllegalMove):
        PERFORM[row.name](actor, obj, desk)
    assert snapshot(obj) == before


@pytest.mark.parametrize("row", SCHEDULE_MOVES, ids=lambda row: row.name)
@pytest.mark.parametrize("person", PEOPLE)
def test_moves_of_the_schedule_are_nobodys(desk, row, person):
    with pytest.raises(NotAllowed):
        check_actor(row, actor=desk.person(person))


def test_refusals_say_what_is_wrong_in_words(desk):
    in_review = translation_in(State.IN_REVIEW, desk)
    with pytest.raises(NotAllowed, match=r"^Only an editor can approve a translation\.$"):
        transitions.approve(actor=desk.other_translator, translation=in_review)
    with pytest.raises(IllegalMove) as refused:
        transitions.claim(actor=desk.other_translator, translation=in_review)
    assert refused.value.messages == ["“Ferry service resumes” is in review; it cannot be claimed."]


def test_one_exception_family_a_view_can_catch():
    assert issubclass(IllegalMove, WorkflowError)
    assert issubclass(NotAllowed, WorkflowError)
    assert issubclass(WorkflowError, ValidationError)
    assert issubclass(NotAllowed, PermissionDenied)


# --- Rules of particular moves -----------------------------------------------------------------


def test_an_editor_cannot_approve_a_translation_they_translated(desk):
    translation = translation_in(State.IN_REVIEW, desk)
    chief_contributor = desk.chief.contributor
    Credit.objects.create(
        translation=translation, contributor=chief_contributor, role=Credit.Role.TRANSLATOR
    )
    before = snapshot(translation)
    with pytest.raises(NotAllowed, match=r"^You cannot approve your own translation\.$"):
        transitions.approve(actor=desk.chief, translation=translation)
    assert snapshot(translation) == before


def test_an_editor_who_claimed_it_cannot_approve_it(desk):
    translation = translation_in(State.IN_REVIEW, desk)
    Translation.objects.filter(pk=translation.pk).update(claimed_by=desk.editor)
    with pytest.raises(NotAllowed, match="your own translation"):
        transitions.approve(actor=desk.editor, translation=translation)


def test_approving_records_the_editor(desk):
    translation = transitions.approve(
        actor=desk.editor, translation=translation_in(State.IN_REVIEW, desk)
    )
    assert translation.approved_by == desk.editor


def test_another_translator_cannot_release_or_submit_a_claim(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    with pytest.raises(NotAllowed, match="Only its translator or an editor"):
        transitions.release(actor=desk.other_translator, translation=translation)
    with pytest.raises(NotAllowed, match="Only the translator who claimed it"):
        transitions.submit(actor=desk.other_translator, translation=translation)


def test_claim_and_release(desk):
    translation = translation_in(State.ACCEPTED, desk)
    claimed = transitions.claim(actor=desk.other_translator, translation=translation)
    assert (claimed.state, claimed.claimed_by) == (State.CLAIMED, desk.other_translator)
    assert claimed.claimed_at
    assert claimed.last_activity_at
    released = transitions.release(actor=desk.other_translator, translation=translation)
    assert (released.state, released.claimed_by, released.claimed_at) == (
        State.ACCEPTED,
        None,
        None,
    )


def test_assigning_gives_the_claim_to_a_translator_only(desk):
    translation = translation_in(State.ACCEPTED, desk)
    with pytest.raises(WorkflowError, match="not one of the desk's translators"):
        transitions.assign(actor=desk.editor, translation=translation, assignee=desk.nobody)
    assigned = transitions.assign(
        actor=desk.editor, translation=translation, assignee=desk.other_translator
    )
    assert (assigned.state, assigned.claimed_by) == (State.CLAIMED, desk.other_translator)
    assert AuditEvent.objects.last().comment == "Assigned to Oskar Lind."


def test_submitting_credits_the_translator(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    Credit.objects.filter(translation=translation).delete()
    transitions.submit(actor=desk.claimant, translation=translation)
    assert list(translation.credits.values_list("contributor__user", "role")) == [
        (desk.claimant.pk, "translator")
    ]


@pytest.mark.parametrize(
    ("name", "kwargs", "message"),
    [
        ("request_changes", {"comment": "  "}, "Say what should change"),
        ("withdraw", {"reason": ""}, "Say why it is withdrawn"),
        ("correct", {"text": " "}, "A correction needs a text"),
    ],
)
def test_moves_that_need_words_refuse_without_them(desk, name, kwargs, message):
    state = {"request_changes": State.IN_REVIEW}.get(name, State.PUBLISHED)
    translation = translation_in(state, desk)
    before = snapshot(translation)
    with pytest.raises(WorkflowError, match=message):
        getattr(transitions, name)(actor=desk.editor, translation=translation, **kwargs)
    assert snapshot(translation) == before


@pytest.mark.parametrize("name", ["accept", "decline"])
def test_triage_needs_a_reason(desk, name):
    original = suggested_original()
    before = snapshot(original)
    with pytest.raises(WorkflowError, match="Say why"):
        getattr(transitions, name)(actor=desk.editor, original=original, reason=" ")
    assert snapshot(original) == before


def test_accepting_creates_the_translation_to_claim(desk, settings):
    settings.DESK_LANGUAGE = "en"
    first = transitions.accept(
        actor=desk.editor, original=suggested_original(), reason="Readers follow the ferry."
    )
    second = transitions.accept(
        actor=desk.editor, original=suggested_original(), reason="A second outlet's version."
    )
    assert (first.state, first.language_id, first.title) == (
        State.ACCEPTED,
        "en",
        "Die Fähre fährt wieder",
    )
    assert first.original.state == Original.State.ACCEPTED
    assert (first.slug, second.slug) == ("die-fahre-fahrt-wieder", "die-fahre-fahrt-wieder-2")
    assert first.revisions.get().number == 1
    event = audit_trail(first).get()
    assert (event.action, event.original, event.comment) == (
        "accept",
        first.original,
        "Readers follow the ferry.",
    )


def test_accepting_without_the_desk_language_is_refused_cleanly(desk, settings):
    settings.DESK_LANGUAGE = "xx"
    original = suggested_original()
    before = snapshot(original)
    with pytest.raises(WorkflowError, match="“xx” is not among the languages"):
        transitions.accept(actor=desk.editor, original=original, reason="Good story.")
    assert snapshot(original) == before


def test_declining(desk):
    original = transitions.decline(
        actor=desk.editor, original=suggested_original(), reason="Paywalled opinion piece."
    )
    assert original.state == Original.State.DECLINED
    assert Translation.objects.count() == 0
    event = AuditEvent.objects.get()
    assert (event.original, event.translation, event.comment) == (
        original,
        None,
        "Paywalled opinion piece.",
    )


# --- Publishing ----------------------------------------------------------------------------------


def _break_outlet(t: Translation) -> None:
    Original.objects.filter(pk=t.original_id).update(outlet=None)


def _break_country(t: Translation) -> None:
    outlet = t.original.outlet
    outlet.country = None
    outlet.save()


BREAKAGES: dict[str, tuple[Callable[[Translation], None], str]] = {
    "not approved": (
        lambda t: Translation.objects.filter(pk=t.pk).update(approved_by=None),
        "it has not been approved by an editor",
    ),
    "approved by its translator": (
        lambda t: Translation.objects.filter(pk=t.pk).update(approved_by=t.claimed_by),
        "approved by its own translator",
    ),
    "no outlet": (_break_outlet, "the original has no outlet"),
    "no country": (_break_country, "the outlet “Rheinische Abendpost” has no country"),
    "no date": (
        lambda t: Original.objects.filter(pk=t.original_id).update(published_on=None),
        "the original has no publication date",
    ),
    "no address": (
        lambda t: Original.objects.filter(pk=t.original_id).update(url=""),
        "the original has no web address",
    ),
    "no translator": (
        lambda t: Credit.objects.filter(translation=t).delete(),
        "no translator is credited",
    ),
    "no text": (
        lambda t: Translation.objects.filter(pk=t.pk).update(blocks=[]),
        "it has no text",
    ),
    "empty paragraph": (
        lambda t: Translation.objects.filter(pk=t.pk).update(
            blocks=[{"kind": "paragraph", "text": " "}]
        ),
        "it has an empty paragraph",
    ),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
@pytest.mark.parametrize("name", ["publish", "schedule"])
def test_publishing_names_each_missing_item(desk, breakage, name):
    translation = translation_in(State.APPROVED, desk)
    spoil, missing = BREAKAGES[breakage]
    spoil(translation)
    translation.refresh_from_db()
    before = snapshot(translation)
    with pytest.raises(NotReadyToPublish) as refused:
        PERFORM[name](desk.editor, translation, desk)
    assert missing in refused.value.messages[0]
    assert refused.value.messages[0].startswith("“Ferry service resumes” cannot be published yet:")
    assert snapshot(translation) == before


def test_every_missing_item_is_named_at_once(desk):
    translation = translation_in(State.APPROVED, desk)
    Original.objects.filter(pk=translation.original_id).update(url="", published_on=None)
    Credit.objects.filter(translation=translation).delete()
    with pytest.raises(NotReadyToPublish) as refused:
        transitions.publish(actor=desk.editor, translation=translation)
    assert len(refused.value.missing) == 3


def test_a_printed_original_is_published_with_the_editors_reason(desk):
    translation = translation_in(State.APPROVED, desk)
    Original.objects.filter(pk=translation.original_id).update(url="")
    Translation.objects.filter(pk=translation.pk).update(no_url_reason="printed edition")
    published = transitions.publish(actor=desk.editor, translation=translation)
    assert published.state == State.PUBLISHED


def test_publishing_now(desk, django_capture_on_commit_callbacks, mailoutbox):
    translation = translation_in(State.APPROVED, desk)
    with django_capture_on_commit_callbacks(execute=True):
        published = transitions.publish(actor=desk.editor, translation=translation)
    assert published.state == State.PUBLISHED
    assert abs(published.published_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert Translation.objects.published().filter(pk=translation.pk).exists()
    assert [message.to for message in mailoutbox] == [["tina@desk.example"]]
    assert "Published" in mailoutbox[0].subject


def test_scheduling_in_the_past_is_refused(desk):
    translation = translation_in(State.APPROVED, desk)
    before = snapshot(translation)
    with pytest.raises(WorkflowError, match="is in the past") as refused:
        transitions.publish(
            actor=desk.editor,
            translation=translation,
            at=timezone.now() - datetime.timedelta(minutes=5),
        )
    assert refused.value.kind == "invalid"  # the time given is wrong, not the state
    assert snapshot(translation) == before


def test_a_scheduled_translation_is_published_once_when_its_time_comes(
    desk, django_capture_on_commit_callbacks, mailoutbox
):
    translation = translation_in(State.APPROVED, desk)
    at = timezone.now() + datetime.timedelta(hours=3)
    scheduled = transitions.publish(actor=desk.editor, translation=translation, at=at)
    assert (scheduled.state, scheduled.scheduled_at, scheduled.published_at) == (
        State.APPROVED,
        at,
        None,
    )
    assert not Translation.objects.published().exists()
    assert transitions.publish_due(now=at - datetime.timedelta(minutes=1)) == []

    with django_capture_on_commit_callbacks(execute=True):
        assert transitions.publish_due(now=at + datetime.timedelta(minutes=1)) == [translation.pk]
        assert transitions.publish_due(now=at + datetime.timedelta(minutes=2)) == []
    translation.refresh_from_db()
    assert (translation.state, translation.published_at, translation.scheduled_at) == (
        State.PUBLISHED,
        at,
        None,
    )
    events = list(audit_trail(translation).values_list("action", "actor", "to_state"))
    assert events[-2:] == [("schedule", desk.editor.pk, State.APPROVED), ("publish_due", None, 70)]
    assert AuditEvent.objects.last().who == "the schedule"
    assert len(mailoutbox) == 1


def test_a_scheduled_translation_that_lost_what_it_needs_is_taken_off_the_schedule(
    desk, django_capture_on_commit_callbacks, mailoutbox
):
    translation = translation_in(State.APPROVED, desk)
    at = timezone.now() + LATER
    transitions.schedule(actor=desk.editor, translation=translation, at=at)
    Credit.objects.filter(translation=translation).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert transitions.publish_due(now=at + LATER) == []
    translation.refresh_from_db()
    assert (translation.state, translation.scheduled_at) == (State.APPROVED, None)
    event = AuditEvent.objects.last()
    assert (event.action, event.actor) == ("unschedule", None)
    assert "no translator is credited" in event.comment
    # The editors hear of it (the chief and Edna have addresses).
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "chief@desk.example",
        "edna@desk.example",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: no two at once"
)
def test_two_workers_publish_a_scheduled_translation_exactly_once(desk):
    translation = translation_in(State.APPROVED, desk)
    at = timezone.now() + LATER
    transitions.schedule(actor=desk.editor, translation=translation, at=at)
    results: list[list[int]] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(transitions.publish_due(now=at + LATER))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [[], [translation.pk]]
    assert AuditEvent.objects.filter(action="publish_due").count() == 1


def test_the_schedule_runs_as_tasks_and_as_a_command(desk, capsys):
    translation = translation_in(State.APPROVED, desk)
    at = timezone.now() + datetime.timedelta(seconds=1)
    transitions.schedule(actor=desk.editor, translation=translation, at=at)
    Translation.objects.filter(pk=translation.pk).update(scheduled_at=timezone.now())
    assert tasks.publish_due.enqueue().return_value == [translation.pk]
    assert tasks.expire_claims.enqueue().return_value == []
    call_command("run_due")
    assert "0 scheduled translation(s) published" in capsys.readouterr().out


# --- Corrections, withdrawal, restoring ----------------------------------------------------------


def test_correcting_goes_through_the_correction_step(desk):
    translation = translation_in(State.PUBLISHED, desk)
    correction = transitions.correct(
        actor=desk.editor, translation=translation, text="The ferry runs on Tuesdays."
    )
    translation.refresh_from_db()
    assert translation.state == State.CORRECTED
    assert (correction.created_by, correction.text) == (desk.editor, "The ferry runs on Tuesdays.")
    assert Correction.objects.count() == 1
    assert AuditEvent.objects.last().comment == "The ferry runs on Tuesdays."


def test_a_correction_can_name_the_paragraph_it_corrects(desk):
    translation = translation_in(State.PUBLISHED, desk)
    correction = transitions.correct(
        actor=desk.editor,
        translation=translation,
        text="The second paragraph gave the wrong day.",
        block_index=2,
    )
    assert Correction.objects.get(pk=correction.pk).block_index == 2


@pytest.mark.parametrize("block_index", [3, 99, -1])
def test_a_correction_of_a_paragraph_that_does_not_exist_is_refused(desk, block_index):
    translation = translation_in(State.PUBLISHED, desk)
    before = snapshot(translation)
    with pytest.raises(WorkflowError) as caught:
        transitions.correct(
            actor=desk.editor, translation=translation, text="Fixed.", block_index=block_index
        )
    assert str(caught.value) == (
        f"“Ferry service resumes” has no paragraph {block_index + 1}: it has 3, numbered from 1."
    )
    assert snapshot(translation) == before


def test_withdrawing_and_restoring(desk):
    translation = translation_in(State.CORRECTED, desk)
    first_published = translation.published_at
    withdrawn = transitions.withdraw(
        actor=desk.editor, translation=translation, reason="The outlet retracted it."
    )
    assert withdrawn.withdrawal_reason == "The outlet retracted it."
    assert withdrawn.withdrawn_at is not None
    assert not Translation.objects.published().filter(pk=translation.pk).exists()
    restored = transitions.restore(actor=desk.editor, translation=translation)
    assert (
        restored.state,
        restored.withdrawal_reason,
        restored.withdrawn_at,
        restored.published_at,
    ) == (State.PUBLISHED, "", None, first_published)
    assert Translation.objects.published().filter(pk=translation.pk).exists()


def test_withdrawing_twice_is_refused_and_keeps_the_first_reason(desk):
    translation = translation_in(State.PUBLISHED, desk)
    transitions.withdraw(actor=desk.editor, translation=translation, reason="Retracted.")
    before = snapshot(translation)
    with pytest.raises(IllegalMove, match="is withdrawn; it cannot be withdrawn"):
        transitions.withdraw(actor=desk.editor, translation=translation, reason="Again.")
    assert snapshot(translation) == before
    assert Translation.objects.get(pk=translation.pk).withdrawal_reason == "Retracted."


@pytest.mark.parametrize(
    ("name", "state", "announced"),
    [
        ("claim", State.ACCEPTED, False),
        ("submit", State.IN_TRANSLATION, False),
        ("approve", State.IN_REVIEW, False),
        ("publish", State.APPROVED, True),
        ("correct", State.PUBLISHED, True),
        ("withdraw", State.PUBLISHED, True),
        ("restore", State.WITHDRAWN, True),
    ],
)
def test_readers_are_told_only_of_what_they_could_see(desk, monkeypatch, name, state, announced):
    told: list[int] = []
    record = lambda *, translation: told.append(translation.pk)  # noqa: E731
    monkeypatch.setattr("foreigndesk.newsroom.actions.translation_changed", record)
    monkeypatch.setattr("foreigndesk.newsroom.transitions.translation_changed", record)
    translation = translation_in(state, desk)
    actor = desk.claimant if name in ("claim", "submit") else desk.editor
    PERFORM[name](actor, translation, desk)
    assert bool(told) is announced


# --- E-mail --------------------------------------------------------------------------------------


def test_submitting_tells_the_editors_with_an_address(
    desk, django_capture_on_commit_callbacks, mailoutbox
):
    desk.chief.email = ""
    desk.chief.save()
    translation = translation_in(State.IN_TRANSLATION, desk)
    with django_capture_on_commit_callbacks(execute=True):
        transitions.submit(actor=desk.claimant, translation=translation, comment="Ready.")
    assert [message.to for message in mailoutbox] == [["edna@desk.example"]]
    assert "Tina Ross submitted “Ferry service resumes”" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("name", "words"), [("request_changes", "Check the figures"), ("approve", "approved")]
)
def test_the_translator_hears_of_the_review(
    desk, django_capture_on_commit_callbacks, mailoutbox, name, words
):
    translation = translation_in(State.IN_REVIEW, desk)
    with django_capture_on_commit_callbacks(execute=True):
        PERFORM[name](desk.editor, translation, desk)
    assert [message.to for message in mailoutbox] == [["tina@desk.example"]]
    assert words in mailoutbox[0].body


def test_a_refused_move_sends_nothing(desk, django_capture_on_commit_callbacks, mailoutbox):
    translation = translation_in(State.IN_REVIEW, desk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(NotAllowed):
        transitions.approve(actor=desk.claimant, translation=translation)
    assert callbacks == []
    assert mailoutbox == []


# --- Claims that expire --------------------------------------------------------------------------


@pytest.mark.parametrize("state", list(State), ids=lambda state: state.name.lower())
def test_only_idle_claims_expire(desk, settings, state, django_capture_on_commit_callbacks):
    settings.FOREIGNDESK_CLAIM_HOURS = 72
    translation = translation_in(state, desk, claimed=True)
    now = timezone.now()
    Translation.objects.filter(pk=translation.pk).update(
        last_activity_at=now - datetime.timedelta(hours=73)
    )
    with django_capture_on_commit_callbacks(execute=True):
        expired = transitions.expire_claims(now=now)
    translation.refresh_from_db()
    if state in move("expire").sources:
        assert expired == [translation.pk]
        assert (translation.state, translation.claimed_by) == (State.ACCEPTED, None)
        event = AuditEvent.objects.last()
        assert (event.action, event.actor, event.comment) == (
            "expire",
            None,
            "No activity for 72 hours.",
        )
        assert mail.outbox[0].to == ["tina@desk.example"]
        assert "expired" in mail.outbox[0].subject
    else:
        assert expired == []
        assert translation.state == state


def test_recent_activity_keeps_a_claim(desk, settings):
    settings.FOREIGNDESK_CLAIM_HOURS = 2
    translation = translation_in(State.CLAIMED, desk)
    now = timezone.now()
    Translation.objects.filter(pk=translation.pk).update(
        last_activity_at=now - datetime.timedelta(hours=1)
    )
    assert transitions.expire_claims(now=now) == []
    assert transitions.expire_claims(now=now + datetime.timedelta(hours=2)) == [translation.pk]


# --- The audit trail -----------------------------------------------------------------------------


def test_the_trail_follows_an_article_from_suggestion_to_publication(desk):
    translation = transitions.accept(
        actor=desk.editor, original=suggested_original(), reason="Readers follow the ferry."
    )
    transitions.claim(actor=desk.claimant, translation=translation)
    from foreigndesk.newsroom.editing import save_translation_text

    save_translation_text(
        actor=desk.claimant,
        translation=translation,
        expected_revision=1,
        title="The ferry runs again",
        blocks=[{"kind": "paragraph", "text": "The ferry runs again from Monday."}],
    )
    transitions.submit(actor=desk.claimant, translation=translation)
    transitions.approve(actor=desk.editor, translation=translation)
    transitions.publish(actor=desk.chief, translation=translation)
    trail = list(audit_trail(translation))
    assert [event.action for event in trail] == [
        "accept",
        "claim",
        "start",
        "edit",
        "submit",
        "approve",
        "publish",
    ]
    assert [event.who for event in trail] == [
        "Edna Hale",
        "Tina Ross",
        "Tina Ross",
        "Tina Ross",
        "Tina Ross",
        "Edna Hale",
        "Ruth Calder",
    ]
    assert trail[-1].from_state == State.APPROVED
    assert trail[-1].to_state == State.PUBLISHED


def test_audit_events_cannot_be_changed_or_deleted(desk):
    transitions.claim(actor=desk.claimant, translation=translation_in(State.ACCEPTED, desk))
    event = AuditEvent.objects.get()
    event.comment = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(comment="rewritten")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().comment == ""


def test_the_trail_outlives_the_people_in_it(desk):
    translation = translation_in(State.ACCEPTED, desk)
    transitions.claim(actor=desk.other_translator, translation=translation)
    desk.other_translator.delete()
    event = AuditEvent.objects.get()
    assert (event.actor, event.who) == (None, "Oskar Lind")


def test_a_translation_can_still_be_deleted_its_trail_kept(desk):
    translation = translation_in(State.ACCEPTED, desk)
    transitions.claim(actor=desk.claimant, translation=translation)
    translation.delete()
    event = AuditEvent.objects.get()
    assert event.translation is None
    assert event.action == "claim"


# --- The admin -----------------------------------------------------------------------------------


def test_the_admin_cannot_change_the_state(admin_client, desk):
    translation = translation_in(State.IN_REVIEW, desk)
    data = factories.admin_form_data(translation, state=State.PUBLISHED, title="Retitled")
    response = admin_client.post(f"/admin/newsroom/translation/{translation.pk}/change/", data)
    assert response.status_code == 302
    translation.refresh_from_db()
    assert (translation.title, translation.state) == ("Retitled", State.IN_REVIEW)


def test_the_admin_keeps_the_publication_time_of_a_published_translation(admin_client, desk):
    translation = translation_in(State.PUBLISHED, desk)
    when = translation.published_at
    data = factories.admin_form_data(
        translation, published_at_0="2001-01-01", published_at_1="00:00:00"
    )
    response = admin_client.post(f"/admin/newsroom/translation/{translation.pk}/change/", data)
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.published_at == when


def test_the_admin_adds_no_correction_and_no_audit_event(admin_client, desk):
    translation = translation_in(State.PUBLISHED, desk)
    data = factories.admin_form_data(
        translation,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-text": "Typed in the admin",
            "corrections-0-published_at_0": "2026-11-30",
            "corrections-0-published_at_1": "10:00:00",
        },
    )
    admin_client.post(f"/admin/newsroom/translation/{translation.pk}/change/", data)
    assert Correction.objects.count() == 0
    translation.refresh_from_db()
    assert translation.state == State.PUBLISHED
    assert admin_client.get("/admin/newsroom/auditevent/").status_code == 200
    assert admin_client.get("/admin/newsroom/auditevent/add/").status_code == 403
