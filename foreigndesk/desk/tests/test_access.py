"""Who may open each desk page: anonymous visitors log in first, a login without a desk role is
refused, translators see the queue and their own work, editors everything."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from foreigndesk.newsroom.states import State

from .conftest import Desk, client_for, snapshot, suggested_original, translation_in

pytestmark = pytest.mark.django_db

#: Each GET page of the workflow, given the desk's objects.
PAGES: dict[str, Callable[[Desk], str]] = {
    "dashboard": lambda desk: reverse("desk:home"),
    "queue": lambda desk: reverse("desk:queue"),
    "suggestions": lambda desk: reverse("desk:suggestions"),
    "original": lambda desk: reverse("desk:original", args=[suggested_original().pk]),
    "translation": lambda desk: reverse(
        "desk:translation", args=[translation_in(State.ACCEPTED, desk).pk]
    ),
    "imports": lambda desk: reverse("desk:imports"),
}

#: What each role gets from each page.
EXPECTED = {
    "translator": {
        "dashboard": 200,
        "queue": 200,
        "suggestions": 403,
        "original": 200,
        "translation": 200,
        "imports": 403,
    },
    "editor": dict.fromkeys(PAGES, 200),
}


def test_the_dashboard_is_the_desks_front_page():
    assert reverse("desk:home") == "/desk/"
    assert reverse("desk:imports") == "/desk/import/"


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: Client, desk: Desk, page: str):
    url = PAGES[page](desk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_a_login_without_a_role_is_refused(as_nobody: Client, desk: Desk, page: str):
    response = as_nobody.get(PAGES[page](desk))
    assert response.status_code == 403
    assert "translators and editors" in response.content.decode()


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize("page", PAGES)
def test_each_role_gets_its_pages(desk: Desk, role: str, page: str):
    person = desk.claimant if role == "translator" else desk.editor
    response = client_for(person).get(PAGES[page](desk))
    assert response.status_code == EXPECTED[role][page]


def test_a_translator_cannot_open_someone_elses_work(desk: Desk, as_translator: Client):
    theirs = translation_in(State.IN_TRANSLATION, desk, claimed=False)
    theirs.claimed_by = desk.other_translator
    theirs.save(update_fields=["claimed_by"])
    theirs.credits.all().delete()
    assert as_translator.get(reverse("desk:translation", args=[theirs.pk])).status_code == 404
    assert (
        client_for(desk.other_translator)
        .get(reverse("desk:translation", args=[theirs.pk]))
        .status_code
        == 200
    )


def test_the_navigation_follows_the_role(desk: Desk, as_translator: Client, as_editor: Client):
    translator_nav = as_translator.get(reverse("desk:home")).content.decode()
    editor_nav = as_editor.get(reverse("desk:home")).content.decode()
    for label in ("Dashboard", "Queue", "Search the desk", "Admin"):
        assert f">{label}</a>" in translator_nav
        assert f">{label}</a>" in editor_nav
    for label in ("Suggestions", "Imports"):
        assert f">{label}</a>" not in translator_nav
        assert f">{label}</a>" in editor_nav
    assert f'href="{reverse("admin:index")}"' in editor_nav
    assert 'aria-current="page">Dashboard' in editor_nav


def test_the_admin_link_is_for_staff_only(desk: Desk):
    desk.editor.is_staff = False
    desk.editor.save(update_fields=["is_staff"])
    page = client_for(desk.editor).get(reverse("desk:home")).content.decode()
    assert ">Admin</a>" not in page


@pytest.mark.parametrize(
    "name", ["desk:translation_move", "desk:comment_add", "desk:original_accept"]
)
def test_writes_refuse_get(desk: Desk, as_editor: Client, name: str):
    translation = translation_in(State.ACCEPTED, desk)
    args = {
        "desk:translation_move": [translation.pk, "claim"],
        "desk:comment_add": [translation.pk],
        "desk:original_accept": [suggested_original().pk],
    }[name]
    before = snapshot(translation)
    assert as_editor.get(reverse(name, args=args)).status_code == 405
    assert snapshot(translation) == before


def test_csrf_is_checked(desk: Desk):
    translation = translation_in(State.ACCEPTED, desk)
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk.claimant)
    before = snapshot(translation)
    response = client.post(reverse("desk:translation_move", args=[translation.pk, "claim"]))
    assert response.status_code == 403
    assert snapshot(translation) == before
