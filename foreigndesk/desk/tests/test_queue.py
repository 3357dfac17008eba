"""The queue: filters by language, country, state and person (a GET form), pages, and what
each role sees."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from foreigndesk.intake.models import Original
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

from .conftest import Desk, client_for, snapshot, translation_in

pytestmark = pytest.mark.django_db


def _titled(translation: Translation, title: str) -> Translation:
    Translation.objects.filter(pk=translation.pk).update(title=title)
    return translation


def _listed(response) -> list[str]:
    content = response.content.decode()
    if 'id="queue"' not in content:
        return []
    return [
        translation.title
        for translation in Translation.objects.all()
        if f'id="translation-{translation.pk}"' in content
    ]


@pytest.fixture
def work(desk: Desk) -> dict[str, Translation]:
    """Work in several states, languages and countries."""
    french = translation_in(State.ACCEPTED, desk)
    Original.objects.filter(pk=french.original_id).update(
        language=factories.language("fr"),
        outlet=factories.outlet("Le Quotidien", country_code="FR"),
    )
    return {
        "open_fr": _titled(french, "Open French piece"),
        "open_de": _titled(translation_in(State.ACCEPTED, desk), "Open German piece"),
        "claimed": _titled(translation_in(State.IN_TRANSLATION, desk), "Tina's piece"),
        "review": _titled(translation_in(State.IN_REVIEW, desk), "Piece in review"),
        "published": _titled(translation_in(State.PUBLISHED, desk), "Published piece"),
    }


def test_the_queue_shows_work_in_progress_open_queue_first(desk, work, as_editor: Client):
    titles = _listed(as_editor.get(reverse("desk:queue")))
    assert set(titles) == {
        "Open French piece",
        "Open German piece",
        "Tina's piece",
        "Piece in review",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"language": "fr"}, {"Open French piece"}),
        ({"country": "FR"}, {"Open French piece"}),
        ({"country": "DE", "state": State.ACCEPTED}, {"Open German piece"}),
        ({"state": State.PUBLISHED}, {"Published piece"}),
        ({"state": State.ACCEPTED}, {"Open French piece", "Open German piece"}),
        (
            {"state": "", "language": ""},
            {"Open French piece", "Open German piece", "Tina's piece", "Piece in review"},
        ),
    ],
)
def test_filters(desk, work, as_editor: Client, query, expected):
    response = as_editor.get(reverse("desk:queue"), query)
    assert response.status_code == 200
    assert set(_listed(response)) == expected


def test_filter_by_claimant(desk, work, as_editor: Client):
    other = _titled(translation_in(State.CLAIMED, desk), "Oskar's piece")
    Translation.objects.filter(pk=other.pk).update(claimed_by=desk.other_translator)
    response = as_editor.get(reverse("desk:queue"), {"person": desk.other_translator.pk})
    assert _listed(response) == ["Oskar's piece"]
    content = response.content.decode()
    assert f'<option value="{desk.other_translator.pk}" selected>Oskar Lind</option>' in content


def test_a_bad_filter_is_refused_with_a_message(desk, work, as_editor: Client):
    response = as_editor.get(reverse("desk:queue"), {"state": "99", "language": "xx"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "These filters cannot be used" in content
    assert _listed(response) == []


def test_a_translator_sees_the_open_queue_and_their_own_work(desk, work, as_translator: Client):
    other = _titled(translation_in(State.CLAIMED, desk), "Oskar's piece")
    Translation.objects.filter(pk=other.pk).update(claimed_by=desk.other_translator)
    other.credits.all().delete()
    titles = set(_listed(as_translator.get(reverse("desk:queue"))))
    assert "Oskar's piece" not in titles
    assert {"Open French piece", "Open German piece", "Tina's piece"} <= titles


def test_the_open_queue_has_claim_buttons_that_work_without_javascript(desk, work):
    client = client_for(desk.other_translator)
    content = client.get(reverse("desk:queue"), {"state": State.ACCEPTED}).content.decode()
    claim_url = reverse("desk:translation_move", args=[work["open_de"].pk, "claim"])
    assert f'action="{claim_url}"' in content
    response = client.post(claim_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:translation", args=[work["open_de"].pk])
    claimed = Translation.objects.get(pk=work["open_de"].pk)
    assert claimed.state == State.CLAIMED
    assert claimed.claimed_by == desk.other_translator


@pytest.mark.parametrize("credited", [True, False])
def test_claiming_what_someone_just_claimed_is_refused(desk, work, credited: bool):
    work_pk = work["open_de"].pk
    if not credited:
        work["open_de"].credits.all().delete()
    client_for(desk.other_translator).post(
        reverse("desk:translation_move", args=[work_pk, "claim"])
    )
    translation = Translation.objects.get(pk=work_pk)
    before = snapshot(translation)
    response = client_for(desk.claimant).post(
        reverse("desk:translation_move", args=[work_pk, "claim"])
    )
    content = response.content.decode()
    if credited:  # their earlier work: they still see it, and why they cannot claim it
        assert response.status_code == 409
        assert "is claimed; it cannot be claimed" in content
    else:  # no longer in the open queue, nor theirs
        assert response.status_code == 404
    assert snapshot(translation) == before


def test_pages(desk: Desk, as_editor: Client):
    for number in range(30):
        _titled(translation_in(State.ACCEPTED, desk), f"Piece {number:02d}")
    first = as_editor.get(reverse("desk:queue"), {"state": State.ACCEPTED})
    second = as_editor.get(reverse("desk:queue"), {"state": State.ACCEPTED, "page": 2})
    assert len(_listed(first)) == 25
    assert len(_listed(second)) == 5
    assert f"?state={State.ACCEPTED}&amp;page=2" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(("role", "queries"), [("claimant", 9), ("editor", 9)])
def test_the_queue_takes_a_fixed_number_of_queries(
    desk: Desk, django_assert_num_queries, role: str, queries: int
):
    client = client_for(desk.person(role))
    for _ in range(3):
        for state in (State.ACCEPTED, State.CLAIMED, State.IN_REVIEW):
            translation_in(state, desk)
        with django_assert_num_queries(queries):
            assert client.get(reverse("desk:queue"), {"language": "de"}).status_code == 200
