"""One article through the whole desk, in a real Chromium, with three people.

An editor pastes an original with its address, completes its date in the admin and accepts it;
a translator claims it and translates it on the translating page; a second translator is refused
the work; the editor's save in between makes the translator's save conflict, and both texts are
kept until she merges them; the editor comments and asks for a change, the translator fixes it and
submits again; the editor approves, previews and schedules it, and the worker's schedule publishes
it. The article's trail shows every step.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from foreigndesk.intake.models import Original
from foreigndesk.newsroom import transitions
from foreigndesk.newsroom.models import Translation
from foreigndesk.newsroom.states import State
from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "desk-pass-2026"
ADDRESS = "https://oder-kurier.example/region/2026/11/30/faehre-schwedt"
PASTED = """Die Fähre bei Schwedt fährt wieder

Nach drei Wochen Pause hat die Fähre bei Schwedt am Montag ihren Betrieb wieder aufgenommen.

Der Wasserstand der Oder war im Herbst auf einen Tiefstand gefallen.

Die Gemeinde rechnet mit bis zu 400 Überfahrten in der Woche."""
FIRST_DRAFT = [
    "After a three-week pause the ferry at Schwedt resumed service on Monday.",
    "The level of the Oder had fallen to a low in the autumn.",
    "The municipality expects up to 400 crossings a week.",
]
EDNAS_SECOND = "The level of the Oder river had fallen to a record low in the autumn."


def _person(kind: str, username: str, full_name: str) -> Any:
    user = getattr(factories, kind)(username, full_name=full_name)
    user.set_password(PASSWORD)
    user.save()
    return user


def _open(browser: Browser, base: str, path: str, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(base + path)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert page.url.endswith(path), page.url
    return page


def _trail(page: Page) -> list[str]:
    return page.locator("#audit-trail li").evaluate_all(
        "items => items.map(item => item.dataset.action)"
    )


def test_one_article_from_a_pasted_original_to_a_scheduled_publication(
    browser, live_server, artifacts
):
    factories.language("en")
    outlet = factories.outlet("Oder-Kurier", country_code="DE")
    outlet.domains.create(domain="oder-kurier.example")
    _person("editor", "edna", "Edna Hale")
    _person("translator", "tina", "Tina Ross")
    _person("translator", "oskar", "Oskar Lind")
    base = live_server.url

    # The editor pastes the article with its address: the outlet is known by its domain.
    edna = _open(browser, base, "/desk/import/", "edna")
    edna.fill("#import-paste textarea", PASTED)
    edna.fill("#import-paste input[type=url]", ADDRESS)
    edna.click("#import-paste button")
    expect(edna.locator("#import-status")).to_have_attribute("data-status", "done")
    original = Original.objects.get(url=ADDRESS)
    assert original.state == Original.State.SUGGESTED
    assert original.outlet == outlet
    # The pasted text had no date: the editor gives it in the admin (reference data).
    edna.goto(f"{base}/admin/intake/original/{original.pk}/change/")
    edna.fill("#id_published_on", "2026-11-30")
    edna.click("input[name=_save]")
    expect(edna.locator(".messagelist")).to_contain_text("was changed successfully")

    edna.goto(f"{base}/desk/suggestions/")
    edna.click(f"text={original.title}")
    edna.fill("#accept-form textarea", "Ferries on the Oder: our readers in Poland follow them.")
    edna.click("#accept-form button")
    expect(edna.locator("#translation-state")).to_have_text("Accepted")
    translation = Translation.objects.get(original=original)
    desk_path = f"/desk/translations/{translation.pk}/"
    translate_path = f"{desk_path}translate/"

    # The translator claims it from the queue and translates it paragraph by paragraph.
    tina = _open(browser, base, "/desk/queue/?state=20", "tina")
    tina.click(f"#translation-{translation.pk} button:has-text('Claim')")
    expect(tina.locator("#translation-state")).to_have_text("Claimed")
    tina.click("#translate-link")
    tina.fill("#title", "The ferry at Schwedt sails again")
    for number, text in enumerate(FIRST_DRAFT, start=1):
        tina.fill(f"#text-{number}", text)
    tina.click("#save")
    expect(tina.locator("#desk-messages")).to_contain_text("Saved as revision")

    # A second translator can neither see, submit nor edit the work another has claimed.
    oskar = _open(browser, base, "/desk/queue/", "oskar")
    expect(oskar.locator(f"#translation-{translation.pk}")).to_have_count(0)
    statuses = oskar.evaluate(
        """async ([page, move, translate]) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const post = (url, fields) => fetch(url, {method: 'POST', headers: {'X-CSRFToken': token},
                body: new URLSearchParams(fields)});
            return [
                (await fetch(page)).status,
                (await post(move, {comment: 'Mine now'})).status,
                (await post(translate, {revision: '1', title: 'Mine', text: 'Mine'})).status,
            ];
        }""",
        [desk_path, f"{desk_path}moves/submit/", translate_path],
    )
    assert statuses[0] == 404, statuses  # not shown to him at all
    assert all(400 <= status < 500 for status in statuses[1:]), statuses
    translation.refresh_from_db()
    assert translation.claimed_by.username == "tina"
    assert translation.state == State.IN_TRANSLATION
    assert translation.title == "The ferry at Schwedt sails again"

    # The editor improves paragraph 2 while the translator works on paragraph 3.
    tina.fill("#text-3", "The municipality expects as many as 400 crossings a week.")
    edna.goto(base + translate_path)
    edna.fill("#text-2", EDNAS_SECOND)
    edna.click("#save")
    expect(edna.locator("#desk-messages")).to_contain_text("Saved as revision")
    tina.click("#save")
    expect(tina.locator("#translate-error")).to_contain_text("Edna Hale saved this translation")
    expect(tina.locator("#text-2")).to_have_value(EDNAS_SECOND)
    expect(tina.locator("#pair-3 .kept__text")).to_have_value(
        "The municipality expects as many as 400 crossings a week."
    )
    tina.click("#pair-3 .kept__use")
    tina.click("#save")
    expect(tina.locator("#desk-messages")).to_contain_text("Saved as revision")
    translation.refresh_from_db()
    assert [block["text"] for block in translation.blocks] == [
        FIRST_DRAFT[0],
        EDNAS_SECOND,
        "The municipality expects as many as 400 crossings a week.",
    ]

    # Submitted; the editor comments and asks for a change; fixed and submitted again.
    tina.goto(base + desk_path)
    tina.click("#move-submit button")
    expect(tina.locator("#translation-state")).to_have_text("In review")
    edna.goto(base + desk_path)
    edna.fill("#comment-form textarea", "Schwedt is on the German bank; say so once.")
    edna.click("#comment-form button")
    expect(edna.locator("#comment-list")).to_contain_text("German bank")
    edna.fill("#move-request_changes textarea", "Place Schwedt for readers in the first line.")
    edna.click("#move-request_changes button")
    expect(edna.locator("#translation-state")).to_have_text("Changes requested")
    tina.goto(base + translate_path)
    tina.fill(
        "#text-1",
        "After a three-week pause the ferry at Schwedt, on the German bank of "
        "the Oder, resumed service on Monday.",
    )
    tina.click("#save")
    expect(tina.locator("#desk-messages")).to_contain_text("Saved as revision")
    tina.goto(base + desk_path)
    expect(tina.locator("#audit-trail")).to_contain_text("Place Schwedt for readers")
    tina.click("#move-submit button")
    expect(tina.locator("#translation-state")).to_have_text("In review")

    # Approved, previewed as readers will see it, then scheduled.
    edna.goto(base + desk_path)
    edna.click("#move-approve button")
    expect(edna.locator("#translation-state")).to_have_text("Approved")
    edna.click("#preview-link")
    expect(edna.locator("#preview-banner")).to_be_visible()
    expect(edna.locator("h1")).to_contain_text("The ferry at Schwedt sails again")
    edna.go_back()
    when = timezone.localtime() + datetime.timedelta(hours=1)
    edna.fill("#move-schedule input[type=datetime-local]", when.strftime("%Y-%m-%dT%H:%M"))
    edna.click("#move-schedule button")
    expect(edna.locator("#scheduled-at")).to_be_visible()
    translation.refresh_from_db()
    assert translation.state == State.APPROVED
    assert translation.scheduled_at is not None
    anonymous = browser.new_context()
    assert "The ferry at Schwedt" not in anonymous.request.get(base + "/").text()

    # The worker's schedule publishes it when its time comes, once.
    later = timezone.now() + datetime.timedelta(hours=2)
    assert transitions.publish_due(now=later) == [translation.pk]
    assert transitions.publish_due(now=later) == []
    translation.refresh_from_db()
    assert translation.state == State.PUBLISHED
    edna.goto(base + desk_path)
    expect(edna.locator("#translation-state")).to_have_text("Published")
    trail = _trail(edna)
    steps = ["accept", "claim", "edit", "submit", "comment", "request_changes", "submit",
             "approve", "schedule", "publish_due"]  # fmt: skip
    position = -1
    for step in steps:  # each step, in this order, among the trail's entries
        assert step in trail[position + 1 :], (step, trail)
        position = trail.index(step, position + 1)
    assert trail.count("edit") >= 4  # Tina, Edna, Tina's merge, Tina's fix
    edna.screenshot(path=str(artifacts / "desk-one-article-trail.png"), full_page=True)

    # Published for its scheduled time: readers see it once that hour has come.
    assert translation.published_at > timezone.now()
    assert "The ferry at Schwedt" not in anonymous.request.get(base + "/").text()
    Translation.objects.filter(pk=translation.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)  # the hour has come
    )
    assert "The ferry at Schwedt" in anonymous.request.get(base + "/").text()
    translation.refresh_from_db()
    reader = anonymous.new_page()
    reader.goto(base + translation.get_absolute_url())
    expect(reader.locator("h1")).to_contain_text("The ferry at Schwedt sails again")
    expect(reader.locator("body")).to_contain_text("Oder-Kurier")
    for page in (edna, tina, oskar, reader):
        page.context.close()
