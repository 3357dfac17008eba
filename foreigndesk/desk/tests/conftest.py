"""The desk pages' fixtures: the newsroom's people and translations in every workflow state with
logged-in clients for each role (workflow pages), and a translation in progress with its people
(translating and revisions pages, Django test clients and the browser)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from foreigndesk.newsroom.beads import from_pairs
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.newsroom.tests import conftest as newsroom
from foreigndesk.newsroom.tests.conftest import Desk, snapshot, suggested_original, translation_in
from foreigndesk.testing import factories

__all__ = ["Desk", "client_for", "snapshot", "suggested_original", "translation_in"]

#: The desk's people: two translators, an editor, an admin, a login with no role, a chief editor.
desk = newsroom.desk


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_translator(desk: Desk) -> Client:
    return client_for(desk.claimant)


@pytest.fixture
def as_editor(desk: Desk) -> Client:
    return client_for(desk.editor)


@pytest.fixture
def as_nobody(desk: Desk) -> Client:
    return client_for(desk.nobody)


PASSWORD = "desk-pass-2026"

#: A French original: a paragraph, a heading, a quotation, and a last paragraph.
ORIGINAL = [
    {"kind": "paragraph", "text": "Le bac de Sorel reprend son service lundi matin."},
    {"kind": "heading", "text": "Un quai tout neuf"},
    {"kind": "quotation", "text": "« Nous attendions ce jour depuis deux hivers », dit le maire."},
    {"kind": "paragraph", "text": "Le dernier départ aura lieu à vingt heures."},
]
#: Its translation so far: the quotation is not translated yet, and the translator added a line.
TRANSLATION = [
    {"kind": "paragraph", "text": "The Sorel ferry returns to service on Monday morning."},
    {"kind": "heading", "text": "A brand-new quay"},
    {"kind": "paragraph", "text": "The last crossing leaves at eight in the evening."},
    {"kind": "paragraph", "text": "The ferry company did not answer our questions."},
]
PAIRS = from_pairs([([0], [0]), ([1], [1]), ([2], []), ([3], [2]), ([], [3])])


@dataclass
class People:
    """The translator holding the claim, another translator, an editor, a login with no role."""

    translator: Any
    other_translator: Any
    editor: Any
    nobody: Any


@pytest.fixture
def people(db) -> People:
    people = People(
        translator=factories.translator("tina", full_name="Tina Ross"),
        other_translator=factories.translator("oskar", full_name="Oskar Lind"),
        editor=factories.editor("edna", full_name="Edna Hale", contributor_profile=True),
        nobody=factories.user("noel", full_name="Noel Plain"),
    )
    for person in (people.translator, people.other_translator, people.editor, people.nobody):
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
    return people


def in_translation(people: People, *, state: int = State.IN_TRANSLATION, **kwargs: Any) -> Any:
    """A translation of the French original, claimed by Tina, with hand-corrected pairs."""
    original = factories.original(
        title="Le bac de Sorel reprend du service",
        language_code="fr",
        blocks=ORIGINAL,
        outlet_obj=factories.outlet("La Voix du Fleuve", country_code="DE"),
    )
    translation = factories.translation(
        original_obj=original,
        title="The Sorel ferry is back",
        blocks=TRANSLATION,
        alignment=PAIRS,
        state=state,
        translators=[people.translator.contributor],
        **kwargs,
    )
    Translation.objects.filter(pk=translation.pk).update(
        claimed_by=people.translator,
        claimed_at=timezone.now(),
        last_activity_at=timezone.now(),
        alignment_origin=Translation.AlignmentOrigin.MANUAL,
    )
    translation.refresh_from_db()
    return translation


@pytest.fixture
def translation(people: People) -> Any:
    return in_translation(people)
