"""The desk's import forms: permissions, the happy paths, refusals and results shown to the asker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from foreigndesk.intake.models import ImportRequest, Original
from foreigndesk.intake.tests.conftest import DATA
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return factories.editor("ruth")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_import_forms_have_their_own_address():
    assert reverse("desk:imports") == "/desk/import/"


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("desk:imports"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_cannot_post(client):
    response = client.post(reverse("desk:import_paste"), {"text": "Title\n\nText"})
    assert response.status_code == 302
    assert not ImportRequest.objects.exists()


@pytest.mark.parametrize("name", ["desk:imports", "desk:import_url", "desk:import_paste"])
def test_a_user_without_the_permission_is_refused(client, django_user_model, name):
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.post(
        reverse(name), {"text": "Title\n\nSome text", "url": "https://a.example/"}
    )
    assert response.status_code == 403
    assert not ImportRequest.objects.exists()


def test_a_translator_cannot_import(client):
    client.force_login(factories.translator())
    assert client.get(reverse("desk:imports")).status_code == 403
    response = client.post(reverse("desk:import_paste"), {"text": "Title\n\nSome text"})
    assert response.status_code == 403
    assert not ImportRequest.objects.exists()


def test_the_import_page_shows_both_forms(editor_client):
    response = editor_client.get(reverse("desk:imports"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="import-url"' in content
    assert 'id="import-paste"' in content


def test_import_forms_only_accept_post(editor_client):
    assert editor_client.get(reverse("desk:import_url")).status_code == 405


def test_url_import_shows_the_result(editor_client, web, django_capture_on_commit_callbacks):
    url = web.add("/rhein", Route((DATA / "de-abendpost.html").read_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_url"), {"url": url})
    assert response.status_code == 302
    page = editor_client.get(response["Location"])
    content = page.content.decode()
    assert "Imported" in content
    assert "Niedrigwasser am Rhein" in content
    assert Original.objects.get().state == Original.State.SUGGESTED


def test_url_import_error_is_shown_to_the_asker(editor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_url"), {"url": "http://127.0.0.1/admin"})
    page = editor_client.get(response["Location"]).content.decode()
    assert "Failed" in page
    assert "loopback address" in page
    assert not Original.objects.exists()


def test_paste_import(editor_client, django_capture_on_commit_callbacks):
    text = (DATA / "fr-text.txt").read_text("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_paste"), {"text": text})
    page = editor_client.get(response["Location"]).content.decode()
    assert "Le riz de la vallée" in page
    assert "French" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("desk:import_url", {"url": "ftp://example.org/a"}, "Only http and https"),
        ("desk:import_url", {"url": ""}, "required"),
        ("desk:import_paste", {"text": "   "}, "required"),
    ],
)
def test_bad_form_input_is_refused_on_the_server(editor_client, name, data, message):
    response = editor_client.post(reverse(name), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportRequest.objects.exists()


def test_someone_elses_import_is_not_shown(editor_client, django_user_model):
    other = django_user_model.objects.create_user("other")
    job = ImportRequest.objects.create(requested_by=other, kind="paste", text="x")
    assert editor_client.get(reverse("desk:import_request", args=[job.pk])).status_code == 404


def test_a_waiting_import_refreshes_itself(editor_client, editor):
    job = ImportRequest.objects.create(requested_by=editor, kind="url", url="https://a.example/")
    content = editor_client.get(reverse("desk:import_request", args=[job.pk])).content.decode()
    assert "Waiting" in content
    assert 'http-equiv="refresh"' in content


def test_a_duplicate_is_reported_to_the_asker(editor_client, django_capture_on_commit_callbacks):
    text = (DATA / "fr-text.txt").read_text("utf-8")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(reverse("desk:import_paste"), {"text": text})
    page = editor_client.get(response["Location"]).content.decode()
    assert 'data-status="duplicate"' in page
    assert "Already in the desk" in page
    assert Original.objects.count() == 1
