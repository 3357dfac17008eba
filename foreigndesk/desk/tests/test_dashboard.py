"""The dashboard: each person's claims, reviews, suggestions, schedule and what is overdue, in a
fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from foreigndesk.desk import selectors
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State

from .conftest import Desk, client_for, suggested_original, translation_in

pytestmark = pytest.mark.django_db


def _set(translation: Translation, **fields: object) -> Translation:
    Translation.objects.filter(pk=translation.pk).update(**fields)
    translation.refresh_from_db()
    return translation


def _section(content: str, section_id: str) -> str:
    start = content.index(f'id="{section_id}"')
    end = content.find("</section>", start)
    return content[start:end]


def test_a_translator_sees_their_claims_with_the_expiry(desk: Desk, as_translator: Client):
    claimed = translation_in(State.CLAIMED, desk)
    _set(claimed, title="Barges wait on the Rhine")
    sent_back = _set(translation_in(State.CHANGES_REQUESTED, desk), title="Grain protocol")
    expires = claimed.last_activity_at + datetime.timedelta(hours=settings.FOREIGNDESK_CLAIM_HOURS)
    content = as_translator.get(reverse("desk:home")).content.decode()
    claims = _section(content, "my-claims")
    assert "Barges wait on the Rhine" in claims
    assert f'datetime="{timezone.localtime(expires).isoformat()}"' in claims
    assert "Grain protocol" in _section(content, "changes-requested")
    assert sent_back.title not in claims
    # Not a translator's work: no review list, no suggestions to triage.
    assert 'id="to-review"' not in content
    assert 'id="suggestions"' not in content


def test_an_editor_sees_reviews_and_suggestions(desk: Desk, as_editor: Client):
    _set(translation_in(State.IN_REVIEW, desk), title="Ferry review")
    suggested_original(title="Neue Brücke über die Elbe")
    content = as_editor.get(reverse("desk:home")).content.decode()
    assert "Ferry review" in _section(content, "to-review")
    assert "Neue Brücke über die Elbe" in _section(content, "suggestions")


def test_scheduled_and_recently_published(desk: Desk, as_editor: Client):
    approved = translation_in(State.APPROVED, desk)
    transitions.schedule(
        actor=desk.editor, translation=approved, at=timezone.now() + datetime.timedelta(days=2)
    )
    _set(approved, title="Scheduled piece")
    _set(translation_in(State.PUBLISHED, desk), title="Published piece")
    content = as_editor.get(reverse("desk:home")).content.decode()
    assert "Scheduled piece" in _section(content, "scheduled")
    assert "Published piece" in _section(content, "published")


def test_overdue_claims_and_approvals(desk: Desk, as_editor: Client, as_translator: Client):
    long_ago = timezone.now() - datetime.timedelta(hours=settings.FOREIGNDESK_CLAIM_HOURS + 1)
    _set(translation_in(State.IN_TRANSLATION, desk), title="Idle claim", last_activity_at=long_ago)
    _set(translation_in(State.CLAIMED, desk), title="Fresh claim")
    overdue = _section(as_editor.get(reverse("desk:home")).content.decode(), "overdue")
    assert "Idle claim" in overdue
    assert "claim expired" in overdue
    assert "Fresh claim" not in overdue
    # A translator is told of their own claims.
    assert "Idle claim" in _section(
        as_translator.get(reverse("desk:home")).content.decode(), "overdue"
    )


def test_approved_for_over_a_day_without_a_time_is_overdue_for_editors(desk: Desk):
    translation = translation_in(State.IN_REVIEW, desk, claimed=False)
    transitions.approve(actor=desk.chief, translation=translation)
    titles = lambda items: [item.translation.title for item in items]  # noqa: E731
    today = selectors.dashboard(desk.editor)
    assert titles(today.overdue) == []
    later = selectors.dashboard(
        desk.editor, now=timezone.now() + datetime.timedelta(days=1, hours=1)
    )
    assert titles(later.overdue) == [translation.title]
    assert later.overdue[0].overdue == "approved over a day ago, not yet scheduled"
    # Publishing is the editors' business, not the translator's.
    mine = selectors.dashboard(desk.claimant, now=timezone.now() + datetime.timedelta(days=2))
    assert titles(mine.overdue) == []


@pytest.mark.parametrize(("role", "queries"), [("claimant", 9), ("editor", 11)])
def test_the_dashboard_takes_a_fixed_number_of_queries(
    desk: Desk, django_assert_num_queries, role: str, queries: int
):
    client = client_for(desk.person(role))
    for _ in range(3):
        for state in (State.CLAIMED, State.CHANGES_REQUESTED, State.IN_REVIEW, State.PUBLISHED):
            translation_in(state, desk)
        suggested_original(title=f"Vorschlag {Translation.objects.count()}")
        with django_assert_num_queries(queries):
            assert client.get(reverse("desk:home")).status_code == 200


def test_a_translator_sees_only_their_work(desk: Desk):
    theirs = _set(translation_in(State.CLAIMED, desk), claimed_by=desk.other_translator)
    theirs.credits.all().delete()
    open_one = translation_in(State.ACCEPTED, desk)
    visible = set(selectors.visible_translations(desk.claimant).values_list("pk", flat=True))
    assert open_one.pk in visible
    assert theirs.pk not in visible
    assert theirs.pk in set(
        selectors.visible_translations(desk.editor).values_list("pk", flat=True)
    )
