"""The admin and the desk link to each other: a translation's and an original's change pages
open their desk pages; the desk's navigation leads staff to the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from foreigndesk.newsroom.notifications import desk_link
from foreigndesk.newsroom.states import State

from .conftest import Desk, client_for, suggested_original, translation_in

pytestmark = pytest.mark.django_db


def test_the_translations_admin_page_links_to_its_desk_page(desk: Desk):
    translation = translation_in(State.IN_REVIEW, desk)
    admin = client_for(desk.admin)
    content = admin.get(
        reverse("admin:newsroom_translation_change", args=[translation.pk])
    ).content.decode()
    assert f'href="{reverse("desk:translation", args=[translation.pk])}"' in content


def test_the_originals_admin_page_links_to_its_desk_page(desk: Desk):
    original = suggested_original()
    admin = client_for(desk.admin)
    content = admin.get(reverse("admin:intake_original_change", args=[original.pk])).content
    assert f'href="{reverse("desk:original", args=[original.pk])}"'.encode() in content


def test_the_desks_mail_links_to_the_desk_page(desk: Desk, settings):
    settings.SITE_URL = "https://desk.example"
    translation = translation_in(State.ACCEPTED, desk)
    assert desk_link(translation) == f"https://desk.example/desk/translations/{translation.pk}/"
