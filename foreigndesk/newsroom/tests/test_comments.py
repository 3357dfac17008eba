"""Comments between translator and editors: who may write and resolve them, and the trail."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from foreigndesk.newsroom.editing import add_comment, resolve_comment
from foreigndesk.newsroom.models import AuditEvent, Translation
from foreigndesk.newsroom.selectors import open_comments
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.workflow import IllegalMove, NotAllowed, WorkflowError

from .conftest import snapshot, translation_in

pytestmark = pytest.mark.django_db


def test_a_comment_on_a_paragraph_is_audited_and_keeps_the_claim_alive(desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    Translation.objects.filter(pk=translation.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=2)
    )
    comment = add_comment(
        actor=desk.claimant,
        translation=translation,
        text="  Is “Fähre” a ferry or a pontoon here? ",
        block_index=2,
    )
    assert (comment.text, comment.block_index, comment.author_name) == (
        "Is “Fähre” a ferry or a pontoon here?",
        2,
        "Tina Ross",
    )
    translation.refresh_from_db()
    assert translation.last_activity_at == comment.created_at
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.comment) == ("comment", desk.claimant, comment.text)
    assert list(open_comments(translation)) == [comment]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "A comment needs a text."),
        ({"text": "Here", "block_index": 3}, "has no paragraph 4: it has 3"),
    ],
)
def test_bad_comments_are_refused(desk, kwargs, message):
    translation = translation_in(State.IN_REVIEW, desk)
    before = snapshot(translation)
    with pytest.raises(WorkflowError, match=message):
        add_comment(actor=desk.editor, translation=translation, **kwargs)
    assert snapshot(translation) == before


def test_someone_without_a_role_cannot_comment(desk):
    translation = translation_in(State.IN_REVIEW, desk)
    with pytest.raises(NotAllowed, match="Only the desk's translators and editors"):
        add_comment(actor=desk.nobody, translation=translation, text="Hello")


@pytest.mark.parametrize(
    ("person", "allowed"),
    [("claimant", True), ("editor", True), ("admin", True), ("other_translator", False)],
)
def test_the_author_or_an_editor_resolves_a_comment(desk, person, allowed):
    translation = translation_in(State.IN_TRANSLATION, desk)
    comment = add_comment(actor=desk.claimant, translation=translation, text="Check the date.")
    actor = desk.person(person)
    if not allowed:
        before = snapshot(comment)
        with pytest.raises(NotAllowed, match="Only the comment's author or an editor"):
            resolve_comment(actor=actor, comment=comment)
        assert snapshot(comment) == before
        return
    resolved = resolve_comment(actor=actor, comment=comment)
    assert resolved.is_resolved
    assert resolved.resolved_by == actor
    assert list(open_comments(translation)) == []
    assert AuditEvent.objects.last().action == "resolve_comment"
    with pytest.raises(IllegalMove, match="already resolved"):
        resolve_comment(actor=actor, comment=comment)
