"""The desk's import forms in a real Chromium, against a live server and a loopback "web"."""

from __future__ import annotations

import pytest

from foreigndesk.intake.models import Original
from foreigndesk.intake.tests.conftest import DATA
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories
from foreigndesk.testing.testserver import Route

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor():
    user = factories.editor("ruth")
    user.set_password("desk-pass-2026")
    user.save()
    return user


def test_editor_imports_by_address_and_by_pasting(browser, live_server, web, editor, artifacts):
    url = web.add("/wirtschaft/rhein", Route((DATA / "de-abendpost.html").read_bytes()))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/desk/import/")
    # Not logged in: the desk sends the editor to log in first, then back.
    page.fill("#id_username", "ruth")
    page.fill("#id_password", "desk-pass-2026")
    page.click("input[type=submit]")
    assert page.url.endswith("/desk/import/")

    page.fill("#import-url input[name=url]", url)
    page.click("#import-url button")
    assert page.locator("#import-status").get_attribute("data-status") == "done"
    assert "Niedrigwasser am Rhein" in page.locator("#import-title").text_content()
    assert page.locator("#import-title").get_attribute("lang") == "de"
    page.screenshot(path=str(artifacts / "desk-import-result.png"), full_page=True)

    page.click("text=Back to the imports")
    page.fill("#import-paste textarea", (DATA / "fr-text.txt").read_text("utf-8"))
    page.click("#import-paste button")
    assert page.locator("#import-status").get_attribute("data-status") == "done"
    assert "French" in page.content()

    # A refused address: the error is shown to the editor who asked, and nothing is created.
    page.click("text=Back to the imports")
    page.fill("#import-url input[name=url]", "http://169.254.169.254/latest/meta-data/")
    page.click("#import-url button")
    assert page.locator("#import-status").get_attribute("data-status") == "failed"
    assert "link-local" in page.locator("#import-message").text_content()

    page.click("text=Back to the imports")
    assert page.locator(".import-list li").count() == 3
    page.screenshot(path=str(artifacts / "desk.png"), full_page=True)
    assert Original.objects.filter(state=Original.State.SUGGESTED).count() == 2
    context.close()


def test_editor_uploads_a_file_and_a_bilingual_page(browser, live_server, editor):
    pages = DATA.parents[2] / "newsroom" / "tests" / "data" / "pages"
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/desk/import/")
    page.fill("#id_username", "ruth")
    page.fill("#id_password", "desk-pass-2026")
    page.click("input[type=submit]")

    page.set_input_files("#import-upload input[type=file]", str(DATA / "de-abendpost.html"))
    page.click("#import-upload button")
    assert page.locator("#import-status").get_attribute("data-status") == "done"
    assert "Niedrigwasser am Rhein" in page.locator("#import-title").text_content()

    page.click("text=Back to the imports")
    page.set_input_files("#import-page input[type=file]", str(pages / "de-rhine-copied.txt"))
    page.click("#import-page button")
    assert page.locator("#import-status").get_attribute("data-status") == "done"
    page.click("#import-translation-link")
    assert "Low water on the Rhine" in page.locator("h1").text_content()
    translation = Translation.objects.get()
    assert translation.state == State.APPROVED
    context.close()


def test_a_reader_without_the_permission_is_refused(browser, live_server, django_user_model):
    django_user_model.objects.create_user("reader", password="reader-pass-2026", is_staff=True)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/?next=/desk/")
    page.fill("#id_username", "reader")
    page.fill("#id_password", "reader-pass-2026")
    page.click("input[type=submit]")
    response = page.goto(live_server.url + "/desk/")
    assert response.status == 403
    context.close()
