"""The desk's import forms: permissions, the happy paths, refusals and results shown to the asker."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foreigndesk.intake.models import ImportRequest, Original
from foreigndesk.intake.tests.conftest import DATA
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
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


PAGES = Path(__file__).resolve().parents[2] / "newsroom" / "tests" / "data" / "pages"


def test_the_import_page_offers_an_upload_and_a_bilingual_page(editor_client):
    content = editor_client.get(reverse("desk:imports")).content.decode()
    assert 'id="import-upload"' in content
    assert 'id="import-page"' in content
    assert content.count('enctype="multipart/form-data"') == 2


def test_an_uploaded_html_file_becomes_a_suggestion(
    editor_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("rhein.html", (DATA / "de-abendpost.html").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_upload"), {"file": upload})
    assert response.status_code == 302
    job = ImportRequest.objects.get()
    assert (job.kind, job.filename, job.status) == ("file", "rhein.html", "done")
    assert job.data == b"", "the upload is not kept once imported"
    page = editor_client.get(response["Location"]).content.decode()
    assert "Uploaded file: rhein.html" in page
    assert "Niedrigwasser am Rhein" in page
    assert Original.objects.get().state == Original.State.SUGGESTED


def test_an_uploaded_text_file_becomes_a_suggestion(
    editor_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("riz.txt", (DATA / "fr-text.txt").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_upload"), {"file": upload})
    page = editor_client.get(response["Location"]).content.decode()
    assert "Le riz de la vallée" in page
    assert "French" in page


def test_a_binary_upload_fails_with_its_reason_and_imports_nothing(
    editor_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("scan.html", b"%PDF-1.7\n\x00\x01\x02binary\x00" * 50)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_upload"), {"file": upload})
    page = editor_client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in page
    assert "is a PDF document" in page
    assert not Original.objects.exists()


@pytest.mark.parametrize("name", ["desk:import_upload", "desk:import_page"])
def test_a_file_over_the_size_limit_is_refused_before_anything_is_stored(
    editor_client, settings, name
):
    settings.FETCH_MAX_BYTES = 1000
    upload = SimpleUploadedFile("long.txt", b"Title\n\n" + b"word " * 400)
    response = editor_client.post(reverse(name), {"file": upload})
    assert response.status_code == 400
    assert "more than the limit of 1,000 bytes" in response.content.decode()
    assert not ImportRequest.objects.exists()


def test_an_upload_without_a_file_is_refused(editor_client):
    response = editor_client.post(reverse("desk:import_upload"), {})
    assert response.status_code == 400
    assert not ImportRequest.objects.exists()


def test_a_bilingual_page_file_becomes_an_approved_translation_with_its_original(
    editor_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("rhine.txt", (PAGES / "de-rhine-copied.txt").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("desk:import_page"), {"file": upload})
    assert response.status_code == 302
    job = ImportRequest.objects.get()
    assert (job.kind, job.status) == ("page", "done")
    translation = Translation.objects.get()
    assert translation.state == State.APPROVED
    assert translation.original == job.original
    page = editor_client.get(response["Location"]).content.decode()
    assert "Bilingual page: rhine.txt" in page
    assert reverse("desk:translation", args=[translation.pk]) in page
    assert reverse("desk:original", args=[job.original.pk]) in page


def test_a_bilingual_page_pasted_as_text_is_imported(
    editor_client, django_capture_on_commit_callbacks
):
    text = (PAGES / "de-rhine-copied.txt").read_text("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("desk:import_page"), {"text": text})
    job = ImportRequest.objects.get()
    assert (job.status, job.filename) == ("done", "copied text")
    assert Translation.objects.count() == 1


def test_a_page_that_is_no_bilingual_page_fails_and_creates_nothing(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("desk:import_page"), {"text": "A lone line of English and nothing else."}
        )
    page = editor_client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in page
    assert not Original.objects.exists()
    assert not Translation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "Choose the page"), ({"text": "  "}, "Choose the page")],
)
def test_the_page_form_needs_a_file_or_a_text(editor_client, data, message):
    response = editor_client.post(reverse("desk:import_page"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportRequest.objects.exists()


def test_a_page_given_twice_is_refused(editor_client):
    upload = SimpleUploadedFile("rhine.txt", (PAGES / "de-rhine-copied.txt").read_bytes())
    response = editor_client.post(
        reverse("desk:import_page"), {"file": upload, "text": "Also pasted."}
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert not ImportRequest.objects.exists()


def test_a_translator_cannot_upload_or_import_a_page(client):
    client.force_login(factories.translator())
    for name in ("desk:import_upload", "desk:import_page"):
        upload = SimpleUploadedFile("a.txt", b"Title\n\nText.")
        assert client.post(reverse(name), {"file": upload}).status_code == 403
    assert not ImportRequest.objects.exists()
