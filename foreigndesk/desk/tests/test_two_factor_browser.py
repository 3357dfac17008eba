"""Two-factor login in a real Chromium: an editor whose role must use it logs in, is sent to
enrol, scans (here: reads) the key, confirms with a code and reaches the desk; the next login
asks for the code after the password, refuses a wrong one and accepts the right one; at a
phone's width the enrolment page holds."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from foreigndesk.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "desk-pass-2026"


def _code(base32_key: str, offset: int = 0) -> str:
    totp = TOTP(b32decode(base32_key.replace(" ", "")), step=30, t0=0, digits=6, drift=offset)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_an_editor_enrols_then_logs_in_with_a_code(browser, live_server, settings, artifacts):
    settings.REQUIRE_2FA_ROLES = frozenset({"editor", "admin"})
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    if time.time() % 30 > 20:  # stay inside one 30-second step while the codes are used
        time.sleep(30 - time.time() % 30 + 0.1)
    editor = factories.editor("ines", full_name="Ines Alder")
    editor.set_password(PASSWORD)
    editor.save()

    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(live_server.url + "/desk/queue/")
    page.fill("#id_username", "ines")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # Sent to enrol before the desk.
    assert "/desk/two-factor/" in page.url, page.url
    expect(page.locator("#two-factor-status")).to_contain_text("Your role must use it")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the enrolment page is {width}px wide on a phone"
    page.screenshot(path=str(artifacts / "two-factor-enrol.png"), full_page=True)
    key = page.locator("#two-factor-key").inner_text()
    page.fill("#id_code", "12")
    page.click("#two-factor-enrol button")
    expect(page.locator("#two-factor-enrol [role=alert]")).to_contain_text("six digits")
    page.fill("#id_code", _code(key, -1))
    page.click("#two-factor-enrol button")
    assert page.url.endswith("/desk/queue/"), page.url

    second = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    second.goto(live_server.url + "/desk/")
    second.fill("#id_username", "ines")
    second.fill("#id_password", PASSWORD)
    second.click("input[type=submit]")
    assert second.url.endswith("/admin/login/code/"), second.url
    wrong = f"{(int(_code(key)) + 1) % 1_000_000:06d}"
    second.fill("#id_code", wrong)
    second.click("input[type=submit]")
    expect(second.locator("#code-error")).to_contain_text("That code is not right")
    second.fill("#id_code", _code(key))
    second.click("input[type=submit]")
    assert second.url.endswith("/desk/"), second.url
    expect(second.locator(".desk-nav")).to_contain_text("Two-factor login")
