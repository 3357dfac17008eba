"""A translation's desk page: what it shows, one form per move the person may make, each move's
happy path and refusals (the database unchanged), comments, and its number of queries."""

from __future__ import annotations

import datetime
import html
import zoneinfo
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import editing, transitions
from foreigndesk.newsroom.models import Comment, Correction, Translation
from foreigndesk.newsroom.states import State

from .conftest import Desk, client_for, snapshot, translation_in

pytestmark = pytest.mark.django_db

FUTURE = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
PAST = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")


def _page(client: Client, translation: Translation) -> str:
    response = client.get(reverse("desk:translation", args=[translation.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _post(client: Client, translation: Translation, name: str, data: dict[str, Any] | None = None):
    fields = {f"{name}-{key}": value for key, value in (data or {}).items()}
    return client.post(reverse("desk:translation_move", args=[translation.pk, name]), fields)


def _offered(content: str) -> set[str]:
    return {name for name in transitions_page_moves() if f'id="move-{name}"' in content}


def transitions_page_moves() -> tuple[str, ...]:
    from foreigndesk.desk.selectors import PAGE_MOVES

    return PAGE_MOVES


def test_the_page_shows_where_it_stands_and_the_original(desk: Desk, as_editor: Client):
    translation = translation_in(State.IN_TRANSLATION, desk)
    content = _page(as_editor, translation)
    assert 'id="translation-state">In translation<' in content
    assert "Tina Ross" in content
    assert "Claim expires" in content
    for fact in (
        "Die Fähre fährt wieder",
        "Rheinische Abendpost (Germany)",
        "Anna Keller",
        "German",
        "2 November 2026",
        "https://zeitung.example/artikel",
    ):
        assert fact in content
    assert 'lang="de" dir="ltr">Die Fähre fährt wieder</a>' in content
    assert f'href="{reverse("desk:alignment", args=[translation.pk])}"' in content
    assert f'href="{reverse("desk:translate", args=[translation.pk])}"' in content


def test_what_publishing_still_needs(desk: Desk, as_editor: Client):
    translation = translation_in(State.APPROVED, desk)
    Original.objects.filter(pk=translation.original_id).update(published_on=None, url="")
    content = _page(as_editor, translation)
    assert 'id="publishing-problems"' in content
    assert "The original has no publication date" in content
    assert "The original has no web address" in content
    ready = translation_in(State.APPROVED, desk)
    assert "Nothing is missing for publishing." in _page(as_editor, ready)


@pytest.mark.parametrize(
    ("state", "person", "offered"),
    [
        (State.ACCEPTED, "claimant", {"claim"}),
        (State.ACCEPTED, "editor", {"claim", "assign"}),
        (State.IN_TRANSLATION, "claimant", {"release", "submit"}),
        (State.IN_TRANSLATION, "editor", {"release"}),
        (State.IN_REVIEW, "claimant", set()),
        (State.IN_REVIEW, "editor", {"request_changes", "approve"}),
        (State.APPROVED, "editor", {"publish", "schedule"}),
        (State.APPROVED, "claimant", set()),
        (State.PUBLISHED, "editor", {"correct", "withdraw"}),
        (State.WITHDRAWN, "editor", {"restore"}),
    ],
)
def test_one_form_per_move_the_person_may_make(desk: Desk, state, person, offered):
    translation = translation_in(state, desk)
    assert _offered(_page(client_for(desk.person(person)), translation)) == offered


def test_assign_offers_the_translators(desk: Desk, as_editor: Client):
    content = _page(as_editor, translation_in(State.ACCEPTED, desk))
    assert f'<option value="{desk.other_translator.pk}">Oskar Lind</option>' in content
    assert f'<option value="{desk.editor.pk}">' not in content


#: (state, who, move, data, state after, a check of what it did)
HAPPY = [
    (
        State.ACCEPTED,
        "claimant",
        "claim",
        {},
        State.CLAIMED,
        lambda t, desk: t.claimed_by == desk.claimant,
    ),
    (
        State.ACCEPTED,
        "editor",
        "assign",
        {"assignee": "other_translator", "comment": "Yours, Oskar."},
        State.CLAIMED,
        lambda t, desk: t.claimed_by == desk.other_translator,
    ),
    (
        State.IN_TRANSLATION,
        "claimant",
        "release",
        {"comment": "No time."},
        State.ACCEPTED,
        lambda t, desk: t.claimed_by is None,
    ),
    (State.IN_TRANSLATION, "claimant", "submit", {"comment": "Done."}, State.IN_REVIEW, None),
    (
        State.IN_REVIEW,
        "editor",
        "request_changes",
        {"comment": "Check paragraph 2."},
        State.CHANGES_REQUESTED,
        None,
    ),
    (
        State.IN_REVIEW,
        "editor",
        "approve",
        {},
        State.APPROVED,
        lambda t, desk: t.approved_by == desk.editor,
    ),
    (
        State.APPROVED,
        "editor",
        "publish",
        {},
        State.PUBLISHED,
        lambda t, desk: t.published_at is not None,
    ),
    (
        State.APPROVED,
        "editor",
        "schedule",
        {"at": FUTURE},
        State.APPROVED,
        lambda t, desk: t.scheduled_at is not None,
    ),
    (
        State.PUBLISHED,
        "editor",
        "correct",
        {"text": "The ferry sails on Mondays."},
        State.CORRECTED,
        lambda t, desk: Correction.objects.filter(translation=t).count() == 1,
    ),
    (
        State.PUBLISHED,
        "editor",
        "withdraw",
        {"reason": "The outlet retracted it."},
        State.WITHDRAWN,
        lambda t, desk: t.withdrawal_reason == "The outlet retracted it.",
    ),
    (State.WITHDRAWN, "editor", "restore", {}, State.PUBLISHED, None),
]


@pytest.mark.parametrize(("state", "who", "name", "data", "after", "check"), HAPPY)
def test_each_move_from_the_page(desk: Desk, state, who, name, data, after, check):
    translation = translation_in(state, desk)
    if state == State.IN_REVIEW:  # approved by an editor who did not translate it
        Translation.objects.filter(pk=translation.pk).update(approved_by=None)
    client = client_for(desk.person(who))
    data = {
        key: desk.person(value).pk if key == "assignee" else value for key, value in data.items()
    }
    response = _post(client, translation, name, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("desk:translation", args=[translation.pk])
    translation.refresh_from_db()
    assert translation.state == after
    if check:
        assert check(translation, desk)
    page = client.get(response["Location"]).content.decode()
    assert "desk-messages" in page
    trail = page[page.index('id="audit-trail"') :]
    assert f'data-action="{name}"' in trail


def test_schedule_is_read_in_the_desks_time_zone(desk: Desk, as_editor: Client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    translation = translation_in(State.APPROVED, desk)
    when = timezone.now().astimezone(zoneinfo.ZoneInfo("Europe/Berlin")) + datetime.timedelta(
        days=2
    )
    response = _post(as_editor, translation, "schedule", {"at": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    translation.refresh_from_db()
    expected = when.replace(second=0, microsecond=0)
    assert translation.scheduled_at == expected
    content = _page(as_editor, translation)
    assert "Europe/Berlin" in content  # the form says which time zone it reads


#: (state, who, move, data, status, message)
REFUSED = [
    # An illegal move: the table does not allow it from this state.
    (State.IN_REVIEW, "claimant", "claim", {}, 409, "is in review; it cannot be claimed"),
    (State.PUBLISHED, "editor", "approve", {}, 409, "is published; it cannot be approved"),
    # The wrong role, or someone else's work.
    (State.IN_REVIEW, "claimant", "approve", {}, 403, "Only an editor can approve"),
    (State.APPROVED, "claimant", "publish", {}, 403, "Only an editor can publish"),
    (State.IN_TRANSLATION, "other_translator", "submit", {}, 404, ""),
    (State.IN_TRANSLATION, "editor", "submit", {}, 403, "Only the translator who claimed it"),
    (State.ACCEPTED, "nobody", "claim", {}, 403, "translators and editors"),
    # A reason missing.
    (
        State.IN_REVIEW,
        "editor",
        "request_changes",
        {"comment": "  "},
        400,
        "Say what should change",
    ),
    (State.PUBLISHED, "editor", "withdraw", {"reason": ""}, 400, "Say why it is withdrawn"),
    (State.PUBLISHED, "editor", "correct", {"text": ""}, 400, "A correction needs a text"),
    (
        State.PUBLISHED,
        "editor",
        "correct",
        {"text": "The figure was wrong.", "paragraph": "99"},
        400,
        "has no paragraph 99",
    ),
    # A time in the past, or none that parses.
    (State.APPROVED, "editor", "schedule", {"at": PAST}, 400, "is in the past"),
    (State.APPROVED, "editor", "schedule", {"at": "tomorrow-ish"}, 400, "Enter a valid date/time"),
    # A bad assignee.
    (State.ACCEPTED, "editor", "assign", {"assignee": "nobody"}, 400, "Select a valid choice"),
]


@pytest.mark.parametrize(("state", "who", "name", "data", "status", "message"), REFUSED)
def test_refusals_say_why_and_change_nothing(desk: Desk, state, who, name, data, status, message):
    translation = translation_in(state, desk)
    client = client_for(desk.person(who))
    data = {
        key: desk.person(value).pk if key == "assignee" else value for key, value in data.items()
    }
    before = snapshot(translation)
    response = _post(client, translation, name, data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert snapshot(translation) == before


def test_publishing_what_is_not_ready_names_what_is_missing(desk: Desk, as_editor: Client):
    translation = translation_in(State.APPROVED, desk)
    Original.objects.filter(pk=translation.original_id).update(published_on=None)
    before = snapshot(translation)
    response = _post(as_editor, translation, "publish")
    # The article lacks what publishing needs: a conflict with its state, as on every page.
    assert response.status_code == 409
    assert (
        "cannot be published yet: the original has no publication date" in response.content.decode()
    )
    assert snapshot(translation) == before


def test_a_move_from_a_page_someone_has_since_changed_is_refused(desk: Desk):
    translation = translation_in(State.IN_TRANSLATION, desk)
    transitions.release(actor=desk.claimant, translation=translation)
    transitions.claim(actor=desk.claimant, translation=translation)
    editor = client_for(desk.editor)
    page = _page(editor, translation)
    seen = page.split('name="release-seen" value="')[1].split('"')[0]
    # Meanwhile the translator comments (or submits): the editor's page is out of date.
    editing.add_comment(actor=desk.claimant, translation=translation, text="Nearly there.")
    before = snapshot(translation)
    response = _post(editor, translation, "release", {"seen": seen, "comment": "Taking it back."})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Tina Ross commented on “Ferry service resumes”" in content
    assert "after you opened this page" in content
    assert snapshot(translation) == before
    # The page shown again carries the trail as it is now: the same form goes through.
    fresh = content.split('name="release-seen" value="')[1].split('"')[0]
    assert fresh != seen
    response = _post(editor, translation, "release", {"seen": fresh, "comment": "Taking it back."})
    assert response.status_code == 302


def test_an_unknown_move_is_not_found(desk: Desk, as_editor: Client):
    translation = translation_in(State.ACCEPTED, desk)
    assert _post(as_editor, translation, "expire").status_code == 404
    assert _post(as_editor, translation, "teleport").status_code == 404


def test_a_get_writes_nothing(desk: Desk, as_editor: Client):
    translation = translation_in(State.IN_REVIEW, desk)
    before = snapshot(translation)
    _page(as_editor, translation)
    assert snapshot(translation) == before


def test_the_trail_shows_who_when_from_to_and_why(desk: Desk, as_editor: Client):
    translation = translation_in(State.IN_REVIEW, desk)
    Translation.objects.filter(pk=translation.pk).update(approved_by=None)
    transitions.request_changes(actor=desk.editor, translation=translation, comment="Check 2.")
    content = _page(as_editor, translation)
    trail = content[content.index('id="audit-trail"') :]
    assert "<strong>Edna Hale</strong> · sent back · in review → changes requested" in trail
    assert "Check 2." in trail


# --- Comments ------------------------------------------------------------------------------------


def test_comment_and_resolve(desk: Desk, as_translator: Client, as_editor: Client):
    translation = translation_in(State.IN_TRANSLATION, desk)
    response = as_translator.post(
        reverse("desk:comment_add", args=[translation.pk]), {"text": "Is “Fähre” a ferry here?"}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    content = _page(as_editor, translation)
    assert "Is “Fähre” a ferry here?" in content
    resolve = reverse("desk:comment_resolve", args=[translation.pk, comment.pk])
    assert f'action="{resolve}"' in content
    assert as_editor.post(resolve).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_by == desk.editor
    assert "desk-comment--resolved" in _page(as_editor, translation)


def test_comment_refusals(desk: Desk, as_translator: Client):
    translation = translation_in(State.IN_TRANSLATION, desk)
    before = snapshot(translation)
    response = as_translator.post(reverse("desk:comment_add", args=[translation.pk]), {"text": " "})
    assert response.status_code == 400
    assert "A comment needs a text." in response.content.decode()
    assert snapshot(translation) == before
    comment = editing.add_comment(actor=desk.editor, translation=translation, text="Mine.")
    other = client_for(desk.other_translator)
    Translation.objects.filter(pk=translation.pk).update(claimed_by=desk.other_translator)
    before = snapshot(translation)
    response = other.post(reverse("desk:comment_resolve", args=[translation.pk, comment.pk]))
    assert response.status_code == 403
    assert "Only the comment's author or an editor" in html.unescape(response.content.decode())
    assert snapshot(translation) == before


@pytest.mark.parametrize(("role", "queries"), [("editor", 11), ("claimant", 11)])
def test_the_page_takes_a_fixed_number_of_queries(
    desk: Desk, django_assert_num_queries, role: str, queries: int
):
    translation = translation_in(State.IN_REVIEW, desk)
    client = client_for(desk.person(role))
    for number in range(3):
        editing.add_comment(actor=desk.editor, translation=translation, text=f"Remark {number}.")
        with django_assert_num_queries(queries):
            client.get(reverse("desk:translation", args=[translation.pk]))


def test_a_correction_names_the_paragraph_it_corrects(desk: Desk, as_editor: Client):
    translation = translation_in(State.PUBLISHED, desk)
    response = _post(
        as_editor,
        translation,
        "correct",
        {"text": "It is 400 crossings, not 40.", "paragraph": "1"},
    )
    assert response.status_code == 302
    correction = translation.corrections.get()
    assert correction.block_index == 0
    translation.refresh_from_db()
    assert translation.state == State.CORRECTED
