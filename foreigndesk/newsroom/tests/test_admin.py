"""The translation admin refuses a save made from a version someone else has since changed."""

from __future__ import annotations

import pytest

from foreigndesk.newsroom.actions import add_correction
from foreigndesk.newsroom.models import Translation
from foreigndesk.testing import factories

pytestmark = pytest.mark.django_db


def change_url(translation: Translation) -> str:
    return f"/admin/newsroom/translation/{translation.pk}/change/"


def form_data(translation: Translation, **changes) -> dict:
    return factories.admin_form_data(translation, **changes)


@pytest.fixture
def translation():
    return factories.translation(
        title="Ferry service resumes",
        blocks=[{"kind": "paragraph", "text": "The ferry runs again from Monday."}],
    )


def test_the_form_carries_the_revision_it_was_opened_at(admin_client, translation):
    response = admin_client.get(change_url(translation))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="seen_revision" value="{translation.revision}"' in html
    assert admin_client.get("/admin/newsroom/translation/add/").status_code == 200


def test_a_save_from_the_current_revision_goes_through(admin_client, translation):
    opened = translation.revision
    response = admin_client.post(
        change_url(translation), form_data(translation, title="Ferry service resumes on Monday")
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.title == "Ferry service resumes on Monday"
    assert translation.revision == opened + 1


def test_a_stale_save_is_refused_and_changes_nothing(admin_client, translation):
    opened = form_data(translation, title="A title typed over someone's correction")
    # Meanwhile another editor adds a correction (a new revision).
    add_correction(translation=translation, text="The ferry runs from Tuesday.")
    translation.refresh_from_db()
    before = (translation.title, translation.revision, translation.updated_at)
    response = admin_client.post(change_url(translation), opened)
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in response.content.decode()
    translation.refresh_from_db()
    assert (translation.title, translation.revision, translation.updated_at) == before


def test_a_save_without_the_revision_is_refused(admin_client, translation):
    data = form_data(translation, title="No revision sent")
    del data["seen_revision"]
    response = admin_client.post(change_url(translation), data)
    assert response.status_code == 200
    translation.refresh_from_db()
    assert translation.title == "Ferry service resumes"
